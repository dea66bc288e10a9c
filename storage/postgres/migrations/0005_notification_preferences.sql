-- Notification preferences: one row per agent that has saved
-- (notify.PreferenceStore). alerts is a JSON object of the per-kind
-- settings, keyed by kind name, so a new kind of alert needs no schema
-- change. There is no foreign key to profiles: notify knows agents only
-- by ID. preferences.go maps violations of notification_preferences_pkey
-- to notify.ErrConflict.
CREATE TABLE notification_preferences (
	agent_id         text        NOT NULL,
	alerts           jsonb       NOT NULL,
	quiet_while_busy boolean     NOT NULL,
	saved_at         timestamptz NOT NULL,
	version          bigint      NOT NULL,
	CONSTRAINT notification_preferences_pkey PRIMARY KEY (agent_id)
);
