package memory

import (
	"context"
	"sync"

	"github.com/convrs/profilekit"
	"github.com/convrs/profilekit/notify"
	"github.com/convrs/profilekit/password"
	"github.com/convrs/profilekit/presence"
	"github.com/convrs/profilekit/profile"
	"github.com/convrs/profilekit/storage"
)

var (
	_ storage.Store          = (*Store)(nil)
	_ profile.UsernameLookup = (*Store)(nil)
	_ profile.Lister         = (*Store)(nil)
	_ profile.RoleKeeper     = (*Store)(nil)
	_ presence.ChatLookup    = (*Store)(nil)
)

// Store keeps every record in memory. It is safe for concurrent use. Values
// are copied on the way in and on the way out, so no caller can change
// stored state except through the Store's methods.
//
// The zero value is not usable; call New.
type Store struct {
	mu     sync.RWMutex
	closed bool

	profiles    profiles
	credentials map[string]password.Credential // by agent ID
	presence    presences
	preferences map[string]notify.Preferences // by agent ID
	sessions    sessions                      // sign-in sessions; see session.go
}

// New returns an empty Store.
func New() *Store {
	return &Store{
		profiles:    newProfiles(),
		credentials: make(map[string]password.Credential),
		presence:    newPresences(),
	}
}

// Close marks the store closed: later calls fail with an error matching
// profilekit.ErrClosed, and presence subscriptions end. It never fails
// itself, and closing again does nothing.
func (s *Store) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.closed = true
	s.presence.feed.Close()
	return nil
}

// check reports why a call may not proceed: a done context, or a closed
// store (profilekit.ErrClosed). The caller holds s.mu.
func (s *Store) check(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if s.closed {
		return profilekit.ErrClosed
	}
	return nil
}
