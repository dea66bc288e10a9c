package memory

import (
	"context"
	"fmt"
	"slices"

	"github.com/convrs/profilekit/storage/driver"

	"github.com/convrs/profilekit/profile"
)

// profiles holds the profile records and the indexes that keep usernames
// and their skeletons unique.
type profiles struct {
	byID       map[string]profile.Profile
	byUsername map[string]string // username -> ID
	bySkeleton map[string]string // non-empty username skeleton -> ID
	// usernames holds every username in ascending byte order, for
	// ListProfiles to seek in: a write costs a copy of the slice's tail, a
	// page a binary search.
	usernames []string
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
	return s.updateProfile(ctx, p, expected, "")
}

// UpdateProfileKeepingRole implements profile.RoleKeeper: under the
// Store's lock, a p without role needs another holder of role.
func (s *Store) UpdateProfileKeepingRole(ctx context.Context, p profile.Profile, expected int64, role string) error {
	return s.updateProfile(ctx, p, expected, role)
}

// updateProfile is UpdateProfile that, when keep is not empty, also
// refuses to leave no profile with Role keep.
func (s *Store) updateProfile(ctx context.Context, p profile.Profile, expected int64, keep string) error {
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
	if keep != "" && p.Role != keep && !s.profiles.heldByAnother(keep, p.ID) {
		return fmt.Errorf("memory: update profile %s: %w", driver.QuoteID(p.ID), profile.ErrLastAdmin)
	}
	if err := s.profiles.claimable(p); err != nil {
		return fmt.Errorf("memory: update profile %s: %w", driver.QuoteID(p.ID), err)
	}
	s.profiles.unindex(old)
	s.profiles.index(p)
	s.profiles.byID[p.ID] = p
	return nil
}

// heldByAnother reports whether a profile other than id has role.
func (ps *profiles) heldByAnother(role, id string) bool {
	for other, p := range ps.byID {
		if other != id && p.Role == role {
			return true
		}
	}
	return false
}

// GetProfileByUsername implements profile.UsernameLookup: an exact match
// in the username index.
func (s *Store) GetProfileByUsername(ctx context.Context, username string) (profile.Profile, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if err := s.check(ctx); err != nil {
		return profile.Profile{}, fmt.Errorf("memory: get profile by username: %w", err)
	}
	id, ok := s.profiles.byUsername[username]
	if !ok {
		return profile.Profile{}, fmt.Errorf("memory: get profile by username: %w", profile.ErrNotFound)
	}
	return s.profiles.byID[id], nil
}

// ListProfiles implements profile.Lister, seeking in the sorted usernames.
func (s *Store) ListProfiles(ctx context.Context, after string, limit int) ([]profile.Profile, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if err := s.check(ctx); err != nil {
		return nil, fmt.Errorf("memory: list profiles: %w", err)
	}
	i, found := slices.BinarySearch(s.profiles.usernames, after)
	if found {
		i++
	}
	names := s.profiles.usernames[i:]
	if len(names) > limit {
		names = names[:max(limit, 0)]
	}
	out := make([]profile.Profile, len(names))
	for j, name := range names {
		out[j] = s.profiles.byID[s.profiles.byUsername[name]]
	}
	return out, nil
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
	if i, found := slices.BinarySearch(ps.usernames, p.Username); !found {
		ps.usernames = slices.Insert(ps.usernames, i, p.Username)
	}
	ps.byUsername[p.Username] = p.ID
	if p.UsernameSkeleton != "" {
		ps.bySkeleton[p.UsernameSkeleton] = p.ID
	}
}

// unindex forgets p's username and skeleton.
func (ps *profiles) unindex(p profile.Profile) {
	if i, found := slices.BinarySearch(ps.usernames, p.Username); found {
		ps.usernames = slices.Delete(ps.usernames, i, i+1)
	}
	delete(ps.byUsername, p.Username)
	if p.UsernameSkeleton != "" {
		delete(ps.bySkeleton, p.UsernameSkeleton)
	}
}
