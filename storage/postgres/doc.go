// Package postgres is the PostgreSQL storage adapter: a storage.Store for
// many service instances sharing one database, on github.com/jackc/pgx/v5
// (pgxpool).
//
// Open connects, applies the embedded migrations and returns a Store that is
// safe for concurrent use and honours context cancellation; New does the
// same on a pool the caller already has. It passes the storagetest
// conformance suite.
//
//	s, err := postgres.Open(ctx, os.Getenv("PROFILEKIT_POSTGRES_DSN"), &postgres.Options{Schema: "profilekit"})
//	if err != nil {
//		fmt.Println(err)
//		return
//	}
//	defer s.Close()
//
// # One pool per database
//
// Open opens a pool of its own, which the Store's Close closes. An
// application that already has a *pgxpool.Pool for the database (for its
// own tables, for notify/pgnotify) hands it to New instead, and keeps
// owning it: New applies the migrations and returns a Store that never
// closes the pool. Build the pool's config with ParseConfig, or pass an
// existing config through ConfigurePool, so that it has what Open's pool
// has: Options.Schema as every connection's search_path (New refuses a
// pool without it when Options.Schema is set) and the context watcher that
// stops a cancelled statement on the server before the call returns.
// Store.Pool returns the pool for other code on the same database.
//
//	cfg, err := postgres.ParseConfig(dsn, &postgres.Options{Schema: "profilekit"})
//	if err != nil {
//		return err
//	}
//	pool, err := pgxpool.NewWithConfig(ctx, cfg)
//	if err != nil {
//		return err
//	}
//	defer pool.Close()
//	s, err := postgres.New(ctx, pool, &postgres.Options{Schema: "profilekit"})
//	if err != nil {
//		return err
//	}
//	defer s.Close() // before pool.Close
//	notes, err := pgnotify.New(pool, nil)
//	if err != nil {
//		return err
//	}
//
// # Several instances
//
// Nothing is read, changed in Go and written back: every versioned write is
// one statement whose WHERE clause names the expected version (UPDATE ...
// WHERE id = $1 AND version = $2), so PostgreSQL's row locks decide between
// concurrent writers in any number of processes. Uniqueness (profile IDs,
// usernames and their look-alike skeletons, session IDs and token hashes)
// is enforced by constraints, whose violations are mapped to the domain's
// sentinel errors by constraint name. Deleting sign-in sessions is one
// DELETE ... RETURNING, so of concurrent revocations each session is
// reported by exactly one.
//
// # Presence across instances
//
// Every presence write is one transaction that first locks the agent's row
// in presence_agents, so writes to one agent are serialised in every
// process, and a ClaimChat checks Busy, liveness and capacity and claims in
// one atomic step: once a SetBusy has committed, no claim for that agent
// succeeds. Store implements presence.ChangeFeed with LISTEN/NOTIFY: each
// write that changes a Record sends it (as JSON) with pg_notify inside its
// transaction, so it is delivered at commit, in commit order, to every
// subscriber of every instance using the same schema. A subscription holds
// a connection of its own, taken out of the pool, until its context ends
// or the Store is closed. BenchmarkPresenceCrossInstanceDelay measures how
// long a change takes to reach another instance's Watch after the write
// commits.
//
// # Schema
//
// Options.Schema puts every table in the named schema, which Open creates
// when missing, by setting search_path on every pooled connection. Without
// it the tables go where the DSN's search_path says (usually "public").
// Tests use a fresh schema each and drop it afterwards.
//
// profiles.username has the "C" collation (migration 0007), whatever the
// database's: its UNIQUE index serves profile.UsernameLookup's exact match
// and profile.Lister's pages in byte order, each page an index seek. Its
// profile.RoleKeeper locks the holders of the role (SELECT ... FOR
// UPDATE, in ID order) in the transaction that writes. Store
// implements presence.ChatLookup from the primary key of presence_chats.
//
// # Migrations
//
// Migrations are the files migrations/NNNN_description.sql (a number of
// four digits or more, then lower-case letters, digits and underscores),
// embedded in the binary. Open applies, in ascending order, every one the
// database has not recorded in the profilekit_migrations table (Open and
// New alike), in one
// transaction holding a transaction-level advisory lock
// (pg_advisory_xact_lock) keyed on the search_path, so instances starting
// together migrate one after the other and a failed migration leaves
// nothing behind. Versions the database has recorded but this build lacks
// (a newer build migrated it) are left alone, so migrations must only add:
// new tables, new columns with defaults.
//
// # Adding a store
//
// To persist a new domain store (for example notify.PreferenceStore):
//
//  1. Add migrations/NNNN_entity.sql with the next free number (0002, 0003,
//     ...). Name every constraint whose violation means something
//     (CONSTRAINT credentials_pkey PRIMARY KEY ...). Never edit a migration
//     that has been merged; add a new one instead.
//  2. Add entity.go with the methods on *Store, following profile.go: run
//     statements on s.pool (a *pgxpool.Pool that fails with
//     profilekit.ErrClosed after Close; see the field's comment for
//     transactions and for a dedicated connection, for example for LISTEN),
//     put version checks in the statement, map constraint violations with
//     violated and a key PostgreSQL cannot hold with absentKey (it is not
//     found), and wrap every other error with fail, which keeps
//     context.Canceled visible. Quote IDs in error text with
//     driver.QuoteID. Times go in and come out through toTime and
//     fromTime.
//  3. Call the store's storagetest runner from storagetest.Run, which then
//     covers the new store in every adapter.
package postgres
