package memory

import (
	"context"
	"fmt"

	"github.com/convrs/profilekit/storage/driver"

	"github.com/convrs/profilekit/profile"
)

// profiles holds the profile records and the indexes that keep usernames
// and their skeletons unique.
type profiles struct {
	byID       map[string]profile.Profile
	byUsername map[string]string // username -> ID
	bySkeleton map[string]string // non-empty username skeleton -> ID
}

func newProfiles() profiles {
	return profiles{
		byID:       make(map[string]profile.Profile),
		byUsername: make(map[string]string),
		bySkeleton: make(map[string]string),
	}
}

// CreateProfile implements profile.Store.
func (s *Store) CreateProfile(ctx context.Context, p profile.Profile) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.check(ctx); err != nil {
		return fmt.Errorf("memory: create profile %s: %w", driver.QuoteID(p.ID), err)
	}
	if _, ok := s.profiles.byID[p.ID]; ok {
		return fmt.Errorf("memory: create profile %s: %w", driver.QuoteID(p.ID), profile.ErrAlreadyExists)
	}
	if err := s.profiles.claimable(p); err != nil {
		return fmt.Errorf("memory: create profile %s: %w", driver.QuoteID(p.ID), err)
	}
	s.profiles.byID[p.ID] = p
	s.profiles.index(p)
	return nil
}

// GetProfile implements profile.Store.
func (s *Store) GetProfile(ctx context.Context, id string) (profile.Profile, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if err := s.check(ctx); err != nil {
		return profile.Profile{}, fmt.Errorf("memory: get profile %s: %w", driver.QuoteID(id), err)
	}
	p, ok := s.profiles.byID[id]
	if !ok {
		return profile.Profile{}, fmt.Errorf("memory: get profile %s: %w", driver.QuoteID(id), profile.ErrNotFound)
	}
	return p, nil
}

// UpdateProfile implements profile.Store.
func (s *Store) UpdateProfile(ctx context.Context, p profile.Profile, expected int64) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.check(ctx); err != nil {
		return fmt.Errorf("memory: update profile %s: %w", driver.QuoteID(p.ID), err)
	}
	old, ok := s.profiles.byID[p.ID]
	if !ok {
		return fmt.Errorf("memory: update profile %s: %w", driver.QuoteID(p.ID), profile.ErrNotFound)
	}
	if old.Version != expected {
		return fmt.Errorf("memory: update profile %s at version %d (stored %d): %w",
			driver.QuoteID(p.ID), expected, old.Version, profile.ErrConflict)
	}
	if err := s.profiles.claimable(p); err != nil {
		return fmt.Errorf("memory: update profile %s: %w", driver.QuoteID(p.ID), err)
	}
	s.profiles.unindex(old)
	s.profiles.index(p)
	s.profiles.byID[p.ID] = p
	return nil
}

// claimable reports whether p's username and skeleton are free or already
// p's own: ErrUsernameTaken when another profile has the username (checked
// first), ErrUsernameConfusable when another has the skeleton.
func (ps *profiles) claimable(p profile.Profile) error {
	if owner, ok := ps.byUsername[p.Username]; ok && owner != p.ID {
		return profile.ErrUsernameTaken
	}
	if p.UsernameSkeleton == "" {
		return nil
	}
	if owner, ok := ps.bySkeleton[p.UsernameSkeleton]; ok && owner != p.ID {
		return profile.ErrUsernameConfusable
	}
	return nil
}

// index records p's username and skeleton.
func (ps *profiles) index(p profile.Profile) {
	ps.byUsername[p.Username] = p.ID
	if p.UsernameSkeleton != "" {
		ps.bySkeleton[p.UsernameSkeleton] = p.ID
	}
}

// unindex forgets p's username and skeleton.
func (ps *profiles) unindex(p profile.Profile) {
	delete(ps.byUsername, p.Username)
	if p.UsernameSkeleton != "" {
		delete(ps.bySkeleton, p.UsernameSkeleton)
	}
}
