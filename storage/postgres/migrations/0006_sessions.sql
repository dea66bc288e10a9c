-- Sign-in sessions (session.Store): one row per session, found by the
-- SHA-256 of its token (token_hash, 32 bytes; the token itself is never
-- stored) or by its ID. idle_expires is never after expires, so a session
-- is expired once idle_expires has passed: one index serves the sweep.
-- There is no foreign key to profiles: sessions know agents only by ID.
-- session.go maps violations of sessions_pkey and sessions_token_hash_key
-- to session.ErrAlreadyExists.
CREATE TABLE sessions (
	id           text        NOT NULL,
	token_hash   bytea       NOT NULL,
	agent_id     text        NOT NULL,
	created_at   timestamptz NOT NULL,
	seen_at      timestamptz NOT NULL,
	idle_expires timestamptz NOT NULL,
	expires      timestamptz NOT NULL,
	CONSTRAINT sessions_pkey PRIMARY KEY (id),
	CONSTRAINT sessions_token_hash_key UNIQUE (token_hash)
);
CREATE INDEX sessions_agent ON sessions (agent_id, created_at);
CREATE INDEX sessions_idle_expires ON sessions (idle_expires);
