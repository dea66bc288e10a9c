package storagetest

import (
	"io"
	"testing"

	"github.com/convrs/profilekit/password"
	"github.com/convrs/profilekit/profile"
	"github.com/convrs/profilekit/storage"
)

// NewStore returns a fresh, empty store for one test. Run calls it once per
// subtest; the function should register any clean-up with t.Cleanup. Run
// closes the store when the subtest ends.
type NewStore func(t *testing.T) storage.Store

// Run runs the whole conformance suite against the stores open returns:
// RunProfileStore, RunCredentialStore, RunPresenceStore,
// RunPreferenceStore, RunSessionStore and the concurrent loads. Every adapter of the whole storage.Store calls it from
// a test of its own:
//
//	func TestConformance(t *testing.T) {
//		storagetest.Run(t, func(t *testing.T) storage.Store { return memory.New() })
//	}
//
// open is called once per subtest and must return a fresh, empty store; it
// should register any other clean-up with t.Cleanup. Run closes the store
// when the subtest ends.
func Run(t *testing.T, open func(t *testing.T) storage.Store) {
	t.Run("Profile", func(t *testing.T) {
		RunProfileStore(t, func(t *testing.T) profile.Store { return open(t) })
	})
	t.Run("Credential", func(t *testing.T) {
		RunCredentialStore(t, func(t *testing.T) password.CredentialStore { return open(t) })
	})
	t.Run("Presence", func(t *testing.T) { runPresence(t, open) })
	t.Run("Preferences", func(t *testing.T) { runPreferences(t, open) })
	t.Run("Session", func(t *testing.T) { runSessions(t, open) })
	t.Run("Load", func(t *testing.T) {
		runLoad(t, func(t *testing.T) profile.Store { return open(t) })
	})
}

// RunProfileStore runs the conformance cases of a profile.Store against
// the stores open returns, so that an adapter holding profiles alone can be
// tested alone:
//
//	func TestProfileStore(t *testing.T) {
//		storagetest.RunProfileStore(t, func(t *testing.T) profile.Store { return mystore.New() })
//	}
//
// open is called once per subtest and must return a fresh, empty store.
// A store that implements io.Closer is closed when the subtest ends, and
// must then fail every call with an error matching profilekit.ErrClosed.
//
// The cases of the optional interfaces profile.UsernameLookup
// (GetByUsername…) and profile.Lister (List…) run when the store
// implements them, and are skipped, naming the interface, when it does
// not.
func RunProfileStore(t *testing.T, open func(t *testing.T) profile.Store) {
	runProfile(t, open)
}

// RunCredentialStore runs the conformance cases of a
// password.CredentialStore against the stores open returns, so that an
// adapter holding credentials alone can be tested alone. open is called
// once per subtest and must return a fresh, empty store. A store that
// implements io.Closer is closed when the subtest ends, and must then fail
// every call with an error matching profilekit.ErrClosed.
func RunCredentialStore(t *testing.T, open func(t *testing.T) password.CredentialStore) {
	runCredential(t, open)
	t.Run("Closed", func(t *testing.T) { closedCredential(t, open) })
	t.Run("HostileIDs", func(t *testing.T) { hostileCredentialIDs(t, open) })
}

// open calls newStore and, if the store implements io.Closer, closes it
// when t ends.
func open[S any](t *testing.T, newStore func(t *testing.T) S) S {
	t.Helper()
	s := newStore(t)
	closeLater(t, s)
	return s
}

// closing returns newStore changed so that every store it returns is
// closed when its test ends, if it implements io.Closer.
func closing[S any](newStore func(t *testing.T) S) func(t *testing.T) S {
	return func(t *testing.T) S { return open(t, newStore) }
}

// closeLater closes s when t ends, if s implements io.Closer.
func closeLater(t *testing.T, s any) {
	if c, ok := s.(io.Closer); ok {
		t.Cleanup(func() { _ = c.Close() })
	}
}
