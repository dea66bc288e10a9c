package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/convrs/profilekit/storage/driver"

	"github.com/jackc/pgx/v5"

	"github.com/convrs/profilekit/notify"
)

// GetNotificationPreferences implements notify.PreferenceStore.
func (s *Store) GetNotificationPreferences(ctx context.Context, agentID string) (notify.Preferences, error) {
	var p notify.Preferences
	var alerts []byte
	var savedAt time.Time
	err := s.pool.QueryRow(ctx,
		`SELECT agent_id, alerts, quiet_while_busy, saved_at, version FROM notification_preferences WHERE agent_id = $1`,
		agentID).Scan(&p.AgentID, &alerts, &p.QuietWhileBusy, &savedAt, &p.Version)
	op := func() string { return "get notification preferences " + driver.QuoteID(agentID) }
	if errors.Is(err, pgx.ErrNoRows) || absentKey(err, agentID) {
		return notify.Preferences{}, fmt.Errorf("postgres: %s: %w", op(), notify.ErrNotFound)
	}
	if err != nil {
		return notify.Preferences{}, fail(ctx, op(), err)
	}
	if err := json.Unmarshal(alerts, &p.Alerts); err != nil {
		return notify.Preferences{}, fmt.Errorf("postgres: %s: alerts: %w", op(), err)
	}
	p.SavedAt = fromTime(savedAt)
	return p, nil
}

// SetNotificationPreferences implements notify.PreferenceStore, as
// SetCredential does: expected version 0 is an INSERT that the primary key
// guards, otherwise one statement checks the version in the UPDATE's WHERE
// clause and reports whether the row existed.
func (s *Store) SetNotificationPreferences(ctx context.Context, p notify.Preferences, expected int64) error {
	op := func() string { return "set notification preferences " + driver.QuoteID(p.AgentID) }
	alerts := []byte("{}")
	if p.Alerts != nil {
		var err error
		if alerts, err = json.Marshal(p.Alerts); err != nil {
			return fmt.Errorf("postgres: %s: alerts: %w", op(), err)
		}
	}
	if expected == 0 {
		_, err := s.pool.Exec(ctx, `INSERT INTO notification_preferences
			(agent_id, alerts, quiet_while_busy, saved_at, version) VALUES ($1, $2, $3, $4, $5)`,
			p.AgentID, string(alerts), p.QuietWhileBusy, toTime(p.SavedAt), p.Version)
		if err == nil {
			return nil
		}
		if violated(err) == "notification_preferences_pkey" {
			return fmt.Errorf("postgres: %s: exist: %w", op(), notify.ErrConflict)
		}
		return fail(ctx, op(), err)
	}
	var updated, exists bool
	err := s.pool.QueryRow(ctx, `WITH updated AS (
			UPDATE notification_preferences SET
				alerts = $3, quiet_while_busy = $4, saved_at = $5, version = $6
			WHERE agent_id = $1 AND version = $2
			RETURNING 1
		)
		SELECT EXISTS (SELECT 1 FROM updated), EXISTS (SELECT 1 FROM notification_preferences WHERE agent_id = $1)`,
		p.AgentID, expected, string(alerts), p.QuietWhileBusy, toTime(p.SavedAt), p.Version).Scan(&updated, &exists)
	switch {
	case err != nil && !absentKey(err, p.AgentID):
		return fail(ctx, op(), err)
	case updated:
		return nil
	case exists:
		return fmt.Errorf("postgres: %s at version %d: %w", op(), expected, notify.ErrConflict)
	default:
		return fmt.Errorf("postgres: %s: %w", op(), notify.ErrNotFound)
	}
}
