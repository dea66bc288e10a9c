-- Credentials: one password record per agent (password.CredentialStore).
-- history is a JSON array of earlier hashes, newest first ("[]" when the
-- history rule is off). Times are integer microseconds since the Unix
-- epoch, UTC; NULL stands for the zero time (no failure yet). There is no
-- foreign key to profiles: the password package knows agents only by ID.
CREATE TABLE credentials (
	agent_id        TEXT    NOT NULL PRIMARY KEY,
	hash            TEXT    NOT NULL,
	history         TEXT    NOT NULL,
	failed_attempts INTEGER NOT NULL,
	last_failure    INTEGER,
	changed_at      INTEGER,
	version         INTEGER NOT NULL
) STRICT;
