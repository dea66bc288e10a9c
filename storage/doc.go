// Package storage defines Store, the one interface a profilekit storage
// adapter implements, and documents the contract every adapter keeps.
//
// # The contract
//
// A Store embeds the store interface of each domain package (profile.Store
// and the others listed on Store). Their doc comments state, as must and
// should sentences, what each method does; in short, every adapter:
//
//   - only persists and loads: validation, normalisation, hashing and policy
//     live in the domain services, never in an adapter;
//   - translates its backend's errors for expected states into the domain
//     sentinels (profile.ErrNotFound, profile.ErrConflict, ...), adding
//     detail with %w so that callers use errors.Is;
//   - applies a versioned write only when the stored version is the one the
//     caller names, atomically, so that concurrent writers never lose an
//     update silently;
//   - returns copies: no caller can change stored state through a value it
//     passed in or got back;
//   - round-trips every field exactly, Unicode text and empty optional fields
//     included, and times in UTC to the microsecond;
//   - honours context cancellation and is safe for concurrent use.
//
// # Adapters
//
//   - storage/memory: in memory, for tests and single-process use.
//   - storage/sqlite: the embedded default, one file, pure Go.
//   - storage/postgres: PostgreSQL, for many service instances.
//
// storage/storagetest is the conformance suite that defines the contract in
// code; every adapter runs it, and a new adapter is done when it passes.
package storage
