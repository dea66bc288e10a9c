-- Profiles: one row per agent. Times are integer microseconds since the Unix
-- epoch, UTC. Usernames are compared byte for byte (the profile Service has
-- already prepared them with PRECIS), so the default BINARY collation is the
-- right one for the UNIQUE constraint.
CREATE TABLE profiles (
	id                      TEXT    NOT NULL PRIMARY KEY,
	username                TEXT    NOT NULL UNIQUE,
	role                    TEXT    NOT NULL,
	business_unit           TEXT    NOT NULL,
	name                    TEXT    NOT NULL,
	public_name             TEXT    NOT NULL,
	language                TEXT    NOT NULL,
	landline                TEXT    NOT NULL,
	mobile                  TEXT    NOT NULL,
	photo                   TEXT    NOT NULL,
	capitalize_first_letter INTEGER NOT NULL CHECK (capitalize_first_letter IN (0, 1)),
	version                 INTEGER NOT NULL,
	created_at              INTEGER NOT NULL,
	updated_at              INTEGER NOT NULL
) STRICT;
