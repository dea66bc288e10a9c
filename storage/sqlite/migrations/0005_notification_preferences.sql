-- Notification preferences: one row per agent that has saved
-- (notify.PreferenceStore). alerts is a JSON object of the per-kind
-- settings, keyed by kind name, so a new kind of alert needs no schema
-- change. saved_at is integer microseconds since the Unix epoch, UTC.
-- There is no foreign key to profiles: notify knows agents only by ID.
CREATE TABLE notification_preferences (
	agent_id         TEXT    NOT NULL PRIMARY KEY,
	alerts           TEXT    NOT NULL,
	quiet_while_busy INTEGER NOT NULL,
	saved_at         INTEGER NOT NULL,
	version          INTEGER NOT NULL
) STRICT;
