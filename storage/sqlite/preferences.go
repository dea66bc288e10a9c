package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/convrs/profilekit/storage/driver"

	"github.com/convrs/profilekit/notify"
)

// GetNotificationPreferences implements notify.PreferenceStore.
func (s *Store) GetNotificationPreferences(ctx context.Context, agentID string) (notify.Preferences, error) {
	var p notify.Preferences
	var alerts string
	var quiet, savedAt int64
	err := s.reader.QueryRowContext(ctx,
		`SELECT agent_id, alerts, quiet_while_busy, saved_at, version FROM notification_preferences WHERE agent_id = ?`,
		agentID).Scan(&p.AgentID, &alerts, &quiet, &savedAt, &p.Version)
	op := func() string { return "get notification preferences " + driver.QuoteID(agentID) }
	if errors.Is(err, sql.ErrNoRows) {
		return notify.Preferences{}, fmt.Errorf("sqlite: %s: %w", op(), notify.ErrNotFound)
	}
	if err != nil {
		return notify.Preferences{}, fail(ctx, op(), err)
	}
	if err := json.Unmarshal([]byte(alerts), &p.Alerts); err != nil {
		return notify.Preferences{}, fmt.Errorf("sqlite: %s: alerts: %w", op(), err)
	}
	p.QuietWhileBusy, p.SavedAt = quiet != 0, fromMicros(savedAt)
	return p, nil
}

// SetNotificationPreferences implements notify.PreferenceStore, as
// SetCredential does: expected version 0 is an INSERT that the primary key
// guards, otherwise an UPDATE whose WHERE clause checks the version.
func (s *Store) SetNotificationPreferences(ctx context.Context, p notify.Preferences, expected int64) error {
	op := func() string { return "set notification preferences " + driver.QuoteID(p.AgentID) }
	alerts, err := encodeAlerts(p.Alerts)
	if err != nil {
		return fmt.Errorf("sqlite: %s: alerts: %w", op(), err)
	}
	args := []any{alerts, boolInt(p.QuietWhileBusy), toMicros(p.SavedAt), p.Version}
	if expected == 0 {
		_, err := s.writer.ExecContext(ctx, `INSERT INTO notification_preferences
			(alerts, quiet_while_busy, saved_at, version, agent_id) VALUES (?, ?, ?, ?, ?)`,
			append(args, p.AgentID)...)
		if err == nil {
			return nil
		}
		if constraint(err) == "notification_preferences.agent_id" {
			return fmt.Errorf("sqlite: %s: exist: %w", op(), notify.ErrConflict)
		}
		return fail(ctx, op(), err)
	}
	err = s.writeTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE notification_preferences SET
			alerts = ?, quiet_while_busy = ?, saved_at = ?, version = ?
			WHERE agent_id = ? AND version = ?`,
			append(args, p.AgentID, expected)...)
		if err != nil {
			return err
		}
		return versioned(ctx, tx, res, "notification_preferences", "agent_id", p.AgentID, expected, notify.ErrNotFound, notify.ErrConflict)
	})
	if err != nil {
		return fail(ctx, op(), err)
	}
	return nil
}

// encodeAlerts returns alerts as a JSON object, "{}" when empty.
func encodeAlerts(alerts map[notify.Kind]notify.Alert) (string, error) {
	if alerts == nil {
		return "{}", nil
	}
	b, err := json.Marshal(alerts)
	return string(b), err
}
