-- Profiles: one row per agent. Usernames are compared byte for byte (the
-- profile Service has already prepared them with PRECIS); timestamptz keeps
-- microseconds. The constraint names are part of the adapter: profile.go
-- maps violations of them to the profile package's sentinel errors.
CREATE TABLE profiles (
	id                      text        NOT NULL,
	username                text        NOT NULL,
	role                    text        NOT NULL,
	business_unit           text        NOT NULL,
	name                    text        NOT NULL,
	public_name             text        NOT NULL,
	language                text        NOT NULL,
	landline                text        NOT NULL,
	mobile                  text        NOT NULL,
	photo                   text        NOT NULL,
	capitalize_first_letter boolean     NOT NULL,
	version                 bigint      NOT NULL,
	created_at              timestamptz NOT NULL,
	updated_at              timestamptz NOT NULL,
	CONSTRAINT profiles_pkey PRIMARY KEY (id),
	CONSTRAINT profiles_username_key UNIQUE (username)
);
