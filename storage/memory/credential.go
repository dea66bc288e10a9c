package memory

import (
	"context"
	"fmt"
	"slices"

	"github.com/convrs/profilekit/storage/driver"

	"github.com/convrs/profilekit/password"
)

// copyCredential returns c with its own History, so that neither the caller
// nor the store can change the other's copy.
func copyCredential(c password.Credential) password.Credential {
	c.History = slices.Clone(c.History)
	return c
}

// GetCredential implements password.CredentialStore.
func (s *Store) GetCredential(ctx context.Context, agentID string) (password.Credential, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if err := s.check(ctx); err != nil {
		return password.Credential{}, fmt.Errorf("memory: get credential %s: %w", driver.QuoteID(agentID), err)
	}
	c, ok := s.credentials[agentID]
	if !ok {
		return password.Credential{}, fmt.Errorf("memory: get credential %s: %w", driver.QuoteID(agentID), password.ErrNotFound)
	}
	return copyCredential(c), nil
}

// SetCredential implements password.CredentialStore.
func (s *Store) SetCredential(ctx context.Context, c password.Credential, expected int64) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.check(ctx); err != nil {
		return fmt.Errorf("memory: set credential %s: %w", driver.QuoteID(c.AgentID), err)
	}
	old, ok := s.credentials[c.AgentID]
	switch {
	case !ok && expected != 0:
		return fmt.Errorf("memory: set credential %s at version %d: %w", driver.QuoteID(c.AgentID), expected, password.ErrNotFound)
	case ok && expected == 0:
		return fmt.Errorf("memory: create credential %s: exists at version %d: %w", driver.QuoteID(c.AgentID), old.Version, password.ErrConflict)
	case ok && old.Version != expected:
		return fmt.Errorf("memory: set credential %s at version %d (stored %d): %w", driver.QuoteID(c.AgentID), expected, old.Version, password.ErrConflict)
	}
	s.credentials[c.AgentID] = copyCredential(c)
	return nil
}
