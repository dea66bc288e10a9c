-- Usernames in byte order: profile.Lister pages through profiles ordered by
-- username byte for byte (UTF-8, so code point order), whatever collation
-- the database was created with. The "C" collation compares bytes, and with
-- it the UNIQUE index behind profiles_username_key serves both the exact
-- lookup of profile.UsernameLookup and the keyset seek of ListProfiles
-- (WHERE username > $1 ORDER BY username LIMIT $2). Equality is unchanged:
-- every deterministic collation already compares usernames byte for byte
-- for equality, and the profile Service has prepared them with PRECIS.
-- Changing the type rebuilds the index, once.
ALTER TABLE profiles ALTER COLUMN username TYPE text COLLATE "C";
