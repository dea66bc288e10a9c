// Package storagetest is the conformance suite for profilekit storage
// adapters: the single definition, in code, of what a storage.Store must do.
//
// It checks missing records, conflicts on stale versions, uniqueness,
// isolation between agents, that returned values are copies, the round-trip
// of every field (Unicode, empty optional fields, time precision), cancelled
// contexts, concurrent writers (run it under -race), that every call after
// Close fails with profilekit.ErrClosed, and hostile IDs: an error about a
// 1 MB ID stays short, and an ID the backend cannot hold (NUL, invalid
// UTF-8) reads as not found. A new adapter is done when it passes.
//
// # Runners
//
// There is one runner per domain store, each taking a constructor of that
// store alone, so that an adapter implementing only some stores tests each
// of them: RunProfileStore, RunCredentialStore, RunPresenceStore,
// RunPreferenceStore and RunSessionStore. Run calls them all, and the concurrent loads, for a
// whole storage.Store:
//
//	func TestConformance(t *testing.T) {
//		storagetest.Run(t, func(t *testing.T) storage.Store { return memory.New() })
//	}
//
// Every runner calls the constructor once per subtest, for a fresh, empty
// store, and closes a store that implements io.Closer when the subtest
// ends.
//
// # Presence
//
// For presence it also checks session and busy expiry against the instant
// the caller passes, that claims refuse busy, offline and full agents
// atomically (racing toggles against claims: RaceTogglesAgainstClaims,
// which a multi-process adapter can also run across two handles), and the
// presence.ChangeFeed of adapters that offer one; and it replays random
// sequences of presence writes, with time moving on, against the adapter
// and storage/memory side by side, requiring identical results.
//
// # Round trips
//
// FuzzProfileRoundTrip gives every adapter the same fuzz test of the
// profile round trip, skipping what its backend cannot hold, and
// TimesTruncatedToTheMicrosecond checks the time precision of an adapter
// that stores microseconds.
//
// # Loads and benchmarks
//
// Load describes a concurrent update workload (N writers on distinct agents
// or on one agent, retrying on conflicts); Load.Run applies it and checks
// that no update was lost, and Run includes it with 8 and 64 writers.
// BenchmarkGetProfile, BenchmarkUpdateProfile, BenchmarkLoad and
// BenchmarkLoads give every adapter the same benchmark loops, so that its
// figures compare with the memory store's and with a raw query's.
// BenchmarkPresence measures a presence.Tracker over an adapter beside
// plain-map baselines.
package storagetest
