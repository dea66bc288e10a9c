package storagetest

import (
	"testing"

	"github.com/convrs/profilekit/storage"
)

// NewStore returns a fresh, empty store for one test. Run calls it once per
// subtest; the function should register any clean-up with t.Cleanup. Run
// closes the store when the subtest ends.
type NewStore func(t *testing.T) storage.Store

// Run runs the whole conformance suite against the stores newStore returns.
// Every adapter calls it from a test of its own:
//
//	func TestConformance(t *testing.T) {
//		storagetest.Run(t, func(t *testing.T) storage.Store { return memory.New() })
//	}
func Run(t *testing.T, newStore NewStore) {
	t.Run("Profile", func(t *testing.T) { runProfile(t, newStore) })
	t.Run("Credential", func(t *testing.T) { runCredential(t, newStore) })
	t.Run("Presence", func(t *testing.T) { runPresence(t, newStore) })
	t.Run("Preferences", func(t *testing.T) { runPreferences(t, newStore) })
	t.Run("Load", func(t *testing.T) { runLoad(t, newStore) })
}

// open calls newStore and closes the store when t ends.
func open(t *testing.T, newStore NewStore) storage.Store {
	t.Helper()
	s := newStore(t)
	t.Cleanup(func() { _ = s.Close() })
	return s
}
