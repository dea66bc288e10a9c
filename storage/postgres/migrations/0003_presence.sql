-- Presence (package presence): one row per agent that has ever been
-- written, its sessions and the chats it holds. Times are timestamptz
-- (microseconds). The store judges liveness and expiry against the instant
-- each call passes in, never against now(), so every adapter behaves alike.
--
-- presence_agents.online_until is the latest expiry among the agent's
-- sessions (expired ones included, until they are purged), so "online at
-- t" is online_until > t; active counts the agent's rows in presence_chats.
-- Both are kept up to date in the transaction that changes the rows they
-- summarise, which holds the agent's row lock: every write to an agent
-- takes that lock first, so writes to one agent are serialised and a claim
-- sees every Busy committed before it.
CREATE TABLE presence_agents (
	agent        text        NOT NULL,
	busy         boolean     NOT NULL DEFAULT false,
	busy_since   timestamptz,
	busy_until   timestamptz,
	busy_reason  text        NOT NULL DEFAULT '',
	online_until timestamptz,
	active       integer     NOT NULL DEFAULT 0,
	capacity     integer     NOT NULL DEFAULT 0,
	version      bigint      NOT NULL DEFAULT 0,
	CONSTRAINT presence_agents_pkey PRIMARY KEY (agent)
);

CREATE TABLE presence_sessions (
	agent      text        NOT NULL,
	session    text        NOT NULL,
	expires_at timestamptz NOT NULL,
	CONSTRAINT presence_sessions_pkey PRIMARY KEY (agent, session)
);

-- A chat is held by at most one agent: the primary key decides between
-- agents racing to claim it.
CREATE TABLE presence_chats (
	chat  text NOT NULL,
	agent text NOT NULL,
	CONSTRAINT presence_chats_pkey PRIMARY KEY (chat)
);
CREATE INDEX presence_chats_agent_idx ON presence_chats (agent);
