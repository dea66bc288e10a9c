package memory

import (
	"context"
	"fmt"

	"github.com/convrs/profilekit"
	"github.com/convrs/profilekit/profile"
)

// profiles holds the profile records and the username index.
type profiles struct {
	byID       map[string]profile.Profile
	byUsername map[string]string // username -> ID
}

func newProfiles() profiles {
	return profiles{
		byID:       make(map[string]profile.Profile),
		byUsername: make(map[string]string),
	}
}

// CreateProfile implements profile.Store.
func (s *Store) CreateProfile(ctx context.Context, p profile.Profile) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.check(ctx); err != nil {
		return fmt.Errorf("memory: create profile %s: %w", profilekit.QuoteID(p.ID), err)
	}
	if _, ok := s.profiles.byID[p.ID]; ok {
		return fmt.Errorf("memory: create profile %s: %w", profilekit.QuoteID(p.ID), profile.ErrAlreadyExists)
	}
	if _, ok := s.profiles.byUsername[p.Username]; ok {
		return fmt.Errorf("memory: create profile %s: %w", profilekit.QuoteID(p.ID), profile.ErrUsernameTaken)
	}
	s.profiles.byID[p.ID] = p
	s.profiles.byUsername[p.Username] = p.ID
	return nil
}

// GetProfile implements profile.Store.
func (s *Store) GetProfile(ctx context.Context, id string) (profile.Profile, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if err := s.check(ctx); err != nil {
		return profile.Profile{}, fmt.Errorf("memory: get profile %s: %w", profilekit.QuoteID(id), err)
	}
	p, ok := s.profiles.byID[id]
	if !ok {
		return profile.Profile{}, fmt.Errorf("memory: get profile %s: %w", profilekit.QuoteID(id), profile.ErrNotFound)
	}
	return p, nil
}

// UpdateProfile implements profile.Store.
func (s *Store) UpdateProfile(ctx context.Context, p profile.Profile, expected int64) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.check(ctx); err != nil {
		return fmt.Errorf("memory: update profile %s: %w", profilekit.QuoteID(p.ID), err)
	}
	old, ok := s.profiles.byID[p.ID]
	if !ok {
		return fmt.Errorf("memory: update profile %s: %w", profilekit.QuoteID(p.ID), profile.ErrNotFound)
	}
	if old.Version != expected {
		return fmt.Errorf("memory: update profile %s at version %d (stored %d): %w", profilekit.QuoteID(p.ID), expected, old.Version, profile.ErrConflict)
	}
	if owner, ok := s.profiles.byUsername[p.Username]; ok && owner != p.ID {
		return fmt.Errorf("memory: update profile %s: %w", profilekit.QuoteID(p.ID), profile.ErrUsernameTaken)
	}
	delete(s.profiles.byUsername, old.Username)
	s.profiles.byUsername[p.Username] = p.ID
	s.profiles.byID[p.ID] = p
	return nil
}
