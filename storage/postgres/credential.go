package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/convrs/profilekit/storage/driver"

	"github.com/jackc/pgx/v5"

	"github.com/convrs/profilekit/password"
)

// credentialColumns lists the credentials columns in the order of
// GetCredential's Scan and of the INSERT's values.
const credentialColumns = `agent_id, hash, history, failed_attempts, last_failure, changed_at, version`

// GetCredential implements password.CredentialStore.
func (s *Store) GetCredential(ctx context.Context, agentID string) (password.Credential, error) {
	var c password.Credential
	var lastFailure, changedAt *time.Time
	err := s.pool.QueryRow(ctx, `SELECT `+credentialColumns+` FROM credentials WHERE agent_id = $1`, agentID).
		Scan(&c.AgentID, &c.Hash, &c.History, &c.FailedAttempts, &lastFailure, &changedAt, &c.Version)
	if errors.Is(err, pgx.ErrNoRows) || absentKey(err, agentID) {
		return password.Credential{}, fmt.Errorf("postgres: get credential %s: %w", driver.QuoteID(agentID), password.ErrNotFound)
	}
	if err != nil {
		return password.Credential{}, fail(ctx, fmt.Sprintf("get credential %s", driver.QuoteID(agentID)), err)
	}
	if len(c.History) == 0 {
		c.History = nil
	}
	c.LastFailure, c.ChangedAt = fromNullTime(lastFailure), fromNullTime(changedAt)
	return c, nil
}

// SetCredential implements password.CredentialStore. Expected version 0 is
// an INSERT, whose primary key refuses a second credential; otherwise one
// statement checks the version in the UPDATE's WHERE clause and reports
// whether the row existed, as UpdateProfile does.
func (s *Store) SetCredential(ctx context.Context, c password.Credential, expected int64) error {
	history := append([]string{}, c.History...) // never NULL
	if expected == 0 {
		_, err := s.pool.Exec(ctx,
			`INSERT INTO credentials (`+credentialColumns+`) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
			c.AgentID, c.Hash, history, c.FailedAttempts, toNullTime(c.LastFailure), toNullTime(c.ChangedAt), c.Version)
		if err == nil {
			return nil
		}
		op := fmt.Sprintf("set credential %s", driver.QuoteID(c.AgentID))
		if violated(err) == "credentials_pkey" {
			return fmt.Errorf("postgres: %s: exists: %w", op, password.ErrConflict)
		}
		return fail(ctx, op, err)
	}
	var updated, exists bool
	err := s.pool.QueryRow(ctx, `WITH updated AS (
			UPDATE credentials SET
				hash = $3, history = $4, failed_attempts = $5, last_failure = $6, changed_at = $7, version = $8
			WHERE agent_id = $1 AND version = $2
			RETURNING 1
		)
		SELECT EXISTS (SELECT 1 FROM updated), EXISTS (SELECT 1 FROM credentials WHERE agent_id = $1)`,
		c.AgentID, expected,
		c.Hash, history, c.FailedAttempts, toNullTime(c.LastFailure), toNullTime(c.ChangedAt), c.Version).Scan(&updated, &exists)
	if err == nil && updated {
		return nil
	}
	op := fmt.Sprintf("set credential %s", driver.QuoteID(c.AgentID))
	switch {
	case err != nil && !absentKey(err, c.AgentID):
		return fail(ctx, op, err)
	case exists:
		return fmt.Errorf("postgres: %s at version %d: %w", op, expected, password.ErrConflict)
	default:
		return fmt.Errorf("postgres: %s: %w", op, password.ErrNotFound)
	}
}

// toNullTime converts t to the stored form, NULL for the zero time.
func toNullTime(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	s := toTime(t)
	return &s
}

// fromNullTime converts a stored time back; NULL is the zero time.
func fromNullTime(t *time.Time) time.Time {
	if t == nil {
		return time.Time{}
	}
	return fromTime(*t)
}
