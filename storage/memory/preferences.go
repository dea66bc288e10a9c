package memory

import (
	"context"
	"fmt"

	"github.com/convrs/profilekit/storage/driver"

	"github.com/convrs/profilekit/notify"
)

// GetNotificationPreferences implements notify.PreferenceStore.
func (s *Store) GetNotificationPreferences(ctx context.Context, agentID string) (notify.Preferences, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if err := s.check(ctx); err != nil {
		return notify.Preferences{}, fmt.Errorf("memory: get notification preferences %s: %w", driver.QuoteID(agentID), err)
	}
	p, ok := s.preferences[agentID]
	if !ok {
		return notify.Preferences{}, fmt.Errorf("memory: get notification preferences %s: %w", driver.QuoteID(agentID), notify.ErrNotFound)
	}
	return p.Clone(), nil
}

// SetNotificationPreferences implements notify.PreferenceStore.
func (s *Store) SetNotificationPreferences(ctx context.Context, p notify.Preferences, expected int64) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	op := func() string { return "memory: set notification preferences " + driver.QuoteID(p.AgentID) }
	if err := s.check(ctx); err != nil {
		return fmt.Errorf("%s: %w", op(), err)
	}
	old, ok := s.preferences[p.AgentID]
	switch {
	case !ok && expected != 0:
		return fmt.Errorf("%s at version %d: %w", op(), expected, notify.ErrNotFound)
	case ok && expected == 0:
		return fmt.Errorf("%s: exist at version %d: %w", op(), old.Version, notify.ErrConflict)
	case ok && old.Version != expected:
		return fmt.Errorf("%s at version %d (stored %d): %w", op(), expected, old.Version, notify.ErrConflict)
	}
	p = p.Clone()
	p.Default = false
	if s.preferences == nil {
		s.preferences = make(map[string]notify.Preferences)
	}
	s.preferences[p.AgentID] = p
	return nil
}
