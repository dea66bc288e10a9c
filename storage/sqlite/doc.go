// Package sqlite is the embedded default storage adapter: a storage.Store
// kept in one SQLite file, on modernc.org/sqlite (pure Go, no cgo).
//
// Open creates the file if it is missing, applies the embedded migrations
// and returns a Store that is safe for concurrent use and honours context
// cancellation. It passes the storagetest conformance suite.
//
//	s, err := sqlite.Open(ctx, filepath.Join(dir, "profilekit.db"), nil)
//	if err != nil {
//		fmt.Println(err)
//		return
//	}
//	defer s.Close()
//
// The path ":memory:" opens a private in-memory database, gone at Close, for
// tests and examples (see Open).
//
// # Heartbeats and durability
//
// A heartbeat of a session that is alive with more than half its TTL to
// go (presencedriver.HeartbeatSkipDivisor) is one read statement on a
// reader connection, with no transaction and no write: the session keeps
// its stored expiry, which is still at least half a TTL away, so a client
// that heartbeats every TTL/3 is never seen offline and each session costs
// at most one write per half TTL. Only a heartbeat nearer its expiry, or
// one that revives a session, writes.
//
// Presence rows keep synchronous=FULL like every other row. Sessions alone
// would not need it: losing the last heartbeats to a power cut costs
// nothing, since clients heartbeat again. But Busy and claims share those
// rows and that file, and the guarantee that no claim goes to an agent
// whose Busy was confirmed must hold after a power cut too; and with
// heartbeats far from expiry no longer writing, the writes left are few
// enough that FULL's fsync per commit is not what a heartbeat costs.
//
// # Connections and concurrency
//
// The file is in WAL mode, with foreign keys on and synchronous=FULL (a
// committed write survives a power cut, not only a crash). A Store holds
// two connection pools on the file: a writer pool of exactly one
// connection, through which every write goes, and a pool of read-only
// connections for reads. Writers from one process therefore queue in Go
// (in database/sql's pool) instead of competing for SQLite's write lock,
// so they never see SQLITE_BUSY; in WAL mode readers neither block nor are
// blocked by the writer.
//
// Write transactions begin with BEGIN IMMEDIATE, taking the write lock up
// front, before any statement has run. When another process holds it, the
// Store does not use SQLite's busy handler, which is unfair across
// processes (a process with a steady stream of writes takes the lock again
// microseconds after releasing it, while the others sleep), but waits in
// Go: it retries BEGIN IMMEDIATE after short jittered pauses, and
// announces that it is waiting in a sidecar file, the database's path
// followed by "-turn" (a shared flock; the kernel drops it if the process
// dies). A writer about to begin gives way for a moment to a process that
// has announced it is waiting. The wait ends when the write lock is taken,
// when the context is done (the call then returns an error wrapping
// ctx.Err()) or, for a context without a deadline, after
// Options.BusyTimeout, when the call fails with an error matching
// profilekit.ErrLocked: SQLite's SQLITE_BUSY never reaches a caller. On
// systems without flock the retries alone remain.
//
// Every call made after Close fails with an error matching
// profilekit.ErrClosed.
//
// # Storage format
//
// Text is stored as given (UTF-8). Times are INTEGER microseconds since the
// Unix epoch, UTC: a Store truncates times to the microsecond and returns
// them in UTC. Booleans are INTEGER 0 or 1. Tables are STRICT.
// Usernames compare under the BINARY collation, byte for byte: the UNIQUE
// index on them serves profile.UsernameLookup's exact match and
// profile.Lister's pages in byte order, each page a seek; its
// profile.RoleKeeper looks for another holder of the role and writes in
// one BEGIN IMMEDIATE transaction. Store implements
// presence.ChatLookup from the primary key of presence_chats.
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
//     visible (and profilekit.ErrClosed, which s.reader and s.writer return
//     after Close). Quote IDs in error text with driver.QuoteID.
//  3. Call the store's storagetest runner from storagetest.Run, which then
//     covers the new store in every adapter.
package sqlite
