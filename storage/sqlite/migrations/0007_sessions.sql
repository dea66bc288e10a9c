-- Sign-in sessions (session.Store): one row per session, found by the
-- SHA-256 of its token (token_hash, 32 bytes; the token itself is never
-- stored) or by its ID. Times are integer microseconds since the Unix
-- epoch, UTC. idle_expires is never after expires, so a session is
-- expired once idle_expires has passed: one index serves the sweep.
-- There is no foreign key to profiles: sessions know agents only by ID.
CREATE TABLE sessions (
	id           TEXT    NOT NULL PRIMARY KEY,
	token_hash   BLOB    NOT NULL UNIQUE,
	agent_id     TEXT    NOT NULL,
	created_at   INTEGER NOT NULL,
	seen_at      INTEGER NOT NULL,
	idle_expires INTEGER NOT NULL,
	expires      INTEGER NOT NULL
) STRICT;
CREATE INDEX sessions_agent ON sessions (agent_id, created_at);
CREATE INDEX sessions_idle_expires ON sessions (idle_expires);
