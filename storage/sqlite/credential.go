package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/convrs/profilekit/storage/driver"

	"github.com/convrs/profilekit/password"
)

// credentialColumns lists the credentials columns in the order of
// GetCredential's Scan and of the INSERT's values.
const credentialColumns = `agent_id, hash, history, failed_attempts, last_failure, changed_at, version`

// GetCredential implements password.CredentialStore.
func (s *Store) GetCredential(ctx context.Context, agentID string) (password.Credential, error) {
	row := s.reader.QueryRowContext(ctx, `SELECT `+credentialColumns+` FROM credentials WHERE agent_id = ?`, agentID)
	var c password.Credential
	var history string
	var lastFailure, changedAt sql.NullInt64
	err := row.Scan(&c.AgentID, &c.Hash, &history, &c.FailedAttempts, &lastFailure, &changedAt, &c.Version)
	if errors.Is(err, sql.ErrNoRows) {
		return password.Credential{}, fmt.Errorf("sqlite: get credential %s: %w", driver.QuoteID(agentID), password.ErrNotFound)
	}
	if err != nil {
		return password.Credential{}, fail(ctx, fmt.Sprintf("get credential %s", driver.QuoteID(agentID)), err)
	}
	if err := json.Unmarshal([]byte(history), &c.History); err != nil {
		return password.Credential{}, fmt.Errorf("sqlite: get credential %s: history: %w", driver.QuoteID(agentID), err)
	}
	if len(c.History) == 0 {
		c.History = nil
	}
	c.LastFailure, c.ChangedAt = fromNullMicros(lastFailure), fromNullMicros(changedAt)
	return c, nil
}

// SetCredential implements password.CredentialStore. Expected version 0 is
// an INSERT, whose primary key refuses a second credential; otherwise the
// version check is the UPDATE's WHERE clause, and only when it matches no
// row does a second statement, in the same transaction, tell a missing
// credential from a stale version.
func (s *Store) SetCredential(ctx context.Context, c password.Credential, expected int64) error {
	op := func() string { return fmt.Sprintf("set credential %s", driver.QuoteID(c.AgentID)) } // formatted only on failure
	history, err := json.Marshal(append([]string{}, c.History...))
	if err != nil {
		return fmt.Errorf("sqlite: %s: history: %w", op(), err)
	}
	args := []any{c.Hash, string(history), c.FailedAttempts, toNullMicros(c.LastFailure), toNullMicros(c.ChangedAt), c.Version}
	if expected == 0 {
		_, err := s.writer.ExecContext(ctx,
			`INSERT INTO credentials (`+credentialColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?)`,
			append([]any{c.AgentID}, args...)...)
		if err == nil {
			return nil
		}
		if constraint(err) == "credentials.agent_id" {
			return fmt.Errorf("sqlite: %s: exists: %w", op(), password.ErrConflict)
		}
		return fail(ctx, op(), err)
	}
	err = s.writeTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE credentials SET
			hash = ?, history = ?, failed_attempts = ?, last_failure = ?, changed_at = ?, version = ?
			WHERE agent_id = ? AND version = ?`,
			append(args, c.AgentID, expected)...)
		if err != nil {
			return err
		}
		return versioned(ctx, tx, res, "credentials", "agent_id", c.AgentID, expected, password.ErrNotFound, password.ErrConflict)
	})
	if err != nil {
		return fail(ctx, op(), err)
	}
	return nil
}
