// Package storage defines Store, the one interface a full profilekit
// storage adapter implements, and documents the contract every adapter
// keeps.
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
//     its own context (package, operation, ID) once, with %w, so that
//     callers use errors.Is;
//   - quotes an ID in error text with storage/driver.QuoteID (a short prefix),
//     never whole: the services refuse IDs that break profilekit.CheckID,
//     but an adapter must be safe on its own, and an ID its backend cannot
//     hold (a NUL byte, invalid UTF-8) reads as not found;
//   - applies a versioned write only when the stored version is the one the
//     caller names, atomically, so that concurrent writers never lose an
//     update silently;
//   - returns copies: no caller can change stored state through a value it
//     passed in or got back;
//   - round-trips every field exactly, Unicode text and empty optional fields
//     included, and times in UTC to the microsecond;
//   - honours context cancellation and is safe for concurrent use;
//   - fails every call made after Close with an error matching
//     profilekit.ErrClosed, and accepts a second Close.
//
// # Adapters for some stores
//
// An adapter need not implement every domain store. Each domain service
// takes only the store it uses, so an adapter that holds presence alone
// (on Redis, say) wires presence.New, and another adapter wires the rest.
// storage/storagetest has one runner per domain store (RunProfileStore,
// RunCredentialStore, RunPresenceStore, RunPreferenceStore,
// RunSessionStore), each taking a constructor of that store alone; Run
// calls them all, and the concurrent loads, for a whole Store.
//
// # Optional abilities
//
// A new ability of an existing store is a separate, optional interface in
// the domain package, which the service detects with a type assertion and
// does without when it is missing. Its doc comment says exactly what every
// adapter that has it delivers, in particular whether it reaches the
// process that made the change only or every instance sharing the store;
// the adapter's doc says which it gives. presence.ChangeFeed is one:
// storage/memory delivers the changes made through the same Store value,
// storage/sqlite those of every process sharing the file (a change log it
// polls), storage/postgres and storage/redis those of every instance
// (LISTEN/NOTIFY, Redis pub/sub). The others are reads that every adapter
// of profilekit serves from its own indexes and that see every committed
// write, of any instance: profile.UsernameLookup (a profile by username,
// for sign-in), profile.Lister (profiles a page at a time in username
// order) and presence.ChatLookup (the agent holding a chat, for
// presence.Tracker.Route). One is a write: profile.RoleKeeper updates a
// profile unless that takes a role from its last holder, checked and
// written in one atomic step for every instance (a mutex, a BEGIN
// IMMEDIATE transaction, row locks), for profile.Options.AdminRole. Without one, the service method that needs it
// fails with the domain's coded error (profile.ErrUnsupported) or does
// less, as its documentation says.
//
// # Growing Store
//
// Store embeds more domain stores as the SDK grows (notification
// preferences and sign-in sessions joined this way; photo metadata may be
// next). A new domain
// store is added in steps, so that no adapter has to implement everything
// at once:
//
//  1. the domain package declares its store interface and sentinels, and
//     its service takes only that store;
//  2. storage/storagetest gains a runner for it;
//  3. each adapter in this module implements it and calls the runner
//     (through Run once step 4 is done);
//  4. Store embeds it, once every adapter here implements it.
//
// Adding a method to Store breaks adapters outside this module that assert
// storage.Store; until they implement the new store they keep working
// through the domain interfaces they do implement, wired service by
// service.
//
// # Adapters
//
//   - storage/memory: in memory, for tests and single-process use.
//   - storage/sqlite: the embedded default, one file, pure Go.
//   - storage/postgres: PostgreSQL, for many service instances.
//   - storage/redis: presence alone on Redis, for presence traffic that
//     outgrows a relational database, beside one of the SQL stores.
//
// storage/storagetest is the conformance suite that defines the contract in
// code; every adapter runs it, and a new adapter is done when it passes.
package storage
