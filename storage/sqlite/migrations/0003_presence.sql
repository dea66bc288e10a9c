-- Presence (package presence): one row per agent that has ever been
-- written, its sessions and the chats it holds. Times are integer
-- microseconds since the Unix epoch, UTC, NULL when absent. The store
-- judges liveness and expiry against the instant each call passes in.
--
-- presence_agents.online_until is the latest expiry among the agent's
-- sessions (expired ones included, until they are purged), so "online at
-- t" is online_until > t; active counts the agent's rows in presence_chats.
-- Both are kept up to date by the write transaction (BEGIN IMMEDIATE, so
-- one writer at a time) that changes the rows they summarise.
CREATE TABLE presence_agents (
	agent        TEXT    NOT NULL PRIMARY KEY,
	busy         INTEGER NOT NULL DEFAULT 0 CHECK (busy IN (0, 1)),
	busy_since   INTEGER,
	busy_until   INTEGER,
	busy_reason  TEXT    NOT NULL DEFAULT '',
	online_until INTEGER,
	active       INTEGER NOT NULL DEFAULT 0,
	capacity     INTEGER NOT NULL DEFAULT 0,
	version      INTEGER NOT NULL DEFAULT 0
) STRICT;

CREATE TABLE presence_sessions (
	agent      TEXT    NOT NULL,
	session    TEXT    NOT NULL,
	expires_at INTEGER NOT NULL,
	PRIMARY KEY (agent, session)
) STRICT;

-- A chat is held by at most one agent.
CREATE TABLE presence_chats (
	chat  TEXT NOT NULL PRIMARY KEY,
	agent TEXT NOT NULL
) STRICT;
CREATE INDEX presence_chats_agent_idx ON presence_chats (agent);
