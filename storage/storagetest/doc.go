// Package storagetest is the conformance suite for profilekit storage
// adapters: the single definition, in code, of what a storage.Store must do.
//
// It checks missing records, conflicts on stale versions, uniqueness,
// isolation between agents, that returned values are copies, the round-trip
// of every field (Unicode, empty optional fields, time precision), cancelled
// contexts, and concurrent writers (run it under -race). Every adapter calls
// Run from a test; a new adapter is done when it passes.
//
// For presence it also checks session and busy expiry against the instant
// the caller passes, that claims refuse busy, offline and full agents
// atomically (racing toggles against claims: RaceTogglesAgainstClaims,
// which a multi-process adapter can also run across two handles), and the
// presence.ChangeFeed of adapters that offer one; and it replays random
// sequences of presence writes, with time moving on, against the adapter
// and storage/memory side by side, requiring identical results. BenchmarkPresence
// measures a presence.Tracker over an adapter beside plain-map baselines.
package storagetest
