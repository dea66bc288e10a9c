-- Credentials: one password record per agent (password.CredentialStore).
-- history holds earlier hashes, newest first (empty when the history rule
-- is off); NULL times stand for the zero time (no failure yet). There is no
-- foreign key to profiles: the password package knows agents only by ID.
-- credential.go maps violations of credentials_pkey to password.ErrConflict.
CREATE TABLE credentials (
	agent_id        text        NOT NULL,
	hash            text        NOT NULL,
	history         text[]      NOT NULL,
	failed_attempts integer     NOT NULL,
	last_failure    timestamptz,
	changed_at      timestamptz,
	version         bigint      NOT NULL,
	CONSTRAINT credentials_pkey PRIMARY KEY (agent_id)
);
