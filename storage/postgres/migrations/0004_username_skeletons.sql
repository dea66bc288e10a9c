-- Username skeletons: the profile Service stores the Unicode UTS #39
-- confusable skeleton of each username (profile.Profile.UsernameSkeleton),
-- and the UNIQUE constraint keeps two usernames that look alike ("admin",
-- "admın") from being held at once, across every instance on the schema.
-- NULL means no skeleton is known; NULLs are never equal, so such rows take
-- part in no comparison. profile.go maps a violation of
-- profiles_username_skeleton_key to profile.ErrUsernameConfusable.
ALTER TABLE profiles ADD COLUMN username_skeleton text;

-- Backfill. SQL cannot compute a skeleton in general, but for an ASCII
-- username (a prepared username is lower case) it is the username with the
-- few ASCII characters confusables.txt maps replaced: m -> rn, 0 -> O,
-- 1 -> l, | -> l, ` -> ', " -> '', % -> º/₀. Where two such usernames share
-- a skeleton, the earliest created keeps it and the others stay NULL. Other
-- rows stay NULL until the Service next writes them.
UPDATE profiles SET username_skeleton = b.skeleton
FROM (
	SELECT id, skeleton, row_number() OVER (PARTITION BY skeleton ORDER BY created_at, id) AS n
	FROM (
		SELECT id, created_at,
			replace(replace(replace(replace(replace(replace(replace(username,
				'm', 'rn'), '0', 'O'), '1', 'l'), '|', 'l'), '`', ''''), '"', ''''''), '%', 'º/₀') AS skeleton
		FROM profiles
		WHERE octet_length(username) = char_length(username)
	) AS s
) AS b
WHERE b.id = profiles.id AND b.n = 1;

ALTER TABLE profiles ADD CONSTRAINT profiles_username_skeleton_key UNIQUE (username_skeleton);
