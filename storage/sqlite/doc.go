// Package sqlite is the embedded default storage adapter: a storage.Store
// kept in one SQLite file, on modernc.org/sqlite (pure Go, no cgo).
//
// Open creates the file if it is missing, applies the embedded migrations
// and returns a Store that is safe for concurrent use and honours context
// cancellation. It passes the storagetest conformance suite.
//
//	s, err := sqlite.Open(ctx, "profilekit.db", nil)
//	if err != nil { ... }
//	defer s.Close()
//
// The path ":memory:" opens a private in-memory database, gone at Close, for
// tests and examples (see Open).
//
// # Connections and concurrency
//
// The file is in WAL mode, with foreign keys on, synchronous=FULL (a
// committed write survives a power cut, not only a crash) and a busy
// timeout. A Store holds two connection pools on the file: a writer pool of
// exactly one connection, through which every write goes, and a pool of
// read-only connections for reads. Writers from one process therefore queue
// in Go (in database/sql's pool) instead of competing for SQLite's write
// lock, so they never see SQLITE_BUSY; in WAL mode readers neither block
// nor are blocked by the writer. Write transactions begin with BEGIN
// IMMEDIATE, taking the write lock up front, so that a writer in another
// process waits for the busy timeout instead of failing on a lock upgrade.
//
// # Storage format
//
// Text is stored as given (UTF-8). Times are INTEGER microseconds since the
// Unix epoch, UTC: a Store truncates times to the microsecond and returns
// them in UTC. Booleans are INTEGER 0 or 1. Tables are STRICT.
//
// # Presence
//
// Presence writes are write transactions like any other, so Busy, session
// and claim checks are atomic against every writer on the file, in this
// process or another. Store implements presence.ChangeFeed for every
// process sharing the file: each write that changes a Record also appends
// it to the presence_changes table in the same transaction, and a
// subscription reads that log in commit order, at once after a write
// through its own Store and at least every 100 milliseconds otherwise, so
// a Tracker's Watch reports the changes of the other processes too, a
// poll interval later at most. Writers keep the newest 10,000 rows of the
// log; a subscription whose process stalls for longer than that many
// changes ends with an error rather than skip one.
//
// # Migrations
//
// Migrations are the files migrations/NNNN_description.sql (a number of
// four digits or more, then lower-case letters, digits and underscores),
// embedded in the binary. Open applies, in ascending order, every one the
// database has not recorded in the profilekit_migrations table, all in one
// BEGIN IMMEDIATE transaction, so two processes opening the same new file
// at once migrate one after the other and a failed migration leaves
// nothing behind. Versions the database has recorded but this build lacks
// (a newer build migrated it) are left alone, so migrations must only add:
// new tables, new columns with defaults.
//
// # Adding a store
//
// To persist a new domain store (for example notify.PreferenceStore):
//
//  1. Add migrations/NNNN_entity.sql with the next free number (0002, 0003,
//     ...), creating the tables with CREATE TABLE ... STRICT. Never edit a
//     migration that has been merged; add a new one instead.
//  2. Add entity.go with the methods on *Store, following profile.go:
//     reads go through s.reader, single-statement writes through s.writer,
//     and writes of more than one statement through s.writeTx (one BEGIN
//     IMMEDIATE transaction). Inside writeTx use only its tx: the writer
//     pool has one connection, which the transaction holds, so a call on
//     s.writer there would wait forever. Convert times with toMicros and
//     fromMicros, map UNIQUE and PRIMARY KEY violations with constraint,
//     and wrap every other error with fail, which keeps context.Canceled
//     visible.
//  3. Run storagetest.Run, which then covers the new store too.
package sqlite
