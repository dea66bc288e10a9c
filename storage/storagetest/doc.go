// Package storagetest is the conformance suite for profilekit storage
// adapters: the single definition, in code, of what a storage.Store must do.
//
// It checks missing records, conflicts on stale versions, uniqueness,
// isolation between agents, that returned values are copies, the round-trip
// of every field (Unicode, empty optional fields, time precision), cancelled
// contexts, and concurrent writers (run it under -race). Every adapter calls
// Run from a test; a new adapter is done when it passes.
package storagetest
