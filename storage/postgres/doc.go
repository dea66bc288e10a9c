// Package postgres is the PostgreSQL storage adapter: a storage.Store for
// many service instances sharing one database, on github.com/jackc/pgx/v5
// (pgxpool).
//
// Open connects, applies the embedded migrations and returns a Store that is
// safe for concurrent use and honours context cancellation. It passes the
// storagetest conformance suite.
//
//	s, err := postgres.Open(ctx, "postgres://user@host/db", &postgres.Options{Schema: "profilekit"})
//	if err != nil { ... }
//	defer s.Close()
//
// # Several instances
//
// Nothing is read, changed in Go and written back: every versioned write is
// one statement whose WHERE clause names the expected version (UPDATE ...
// WHERE id = $1 AND version = $2), so PostgreSQL's row locks decide between
// concurrent writers in any number of processes. Uniqueness (profile IDs,
// usernames) is enforced by constraints, whose violations are mapped to the
// domain's sentinel errors by constraint name.
//
// # Schema
//
// Options.Schema puts every table in the named schema, which Open creates
// when missing, by setting search_path on every pooled connection. Without
// it the tables go where the DSN's search_path says (usually "public").
// Tests use a fresh schema each and drop it afterwards.
//
// # Migrations
//
// Migrations are the files migrations/NNNN_description.sql (a number of
// four digits or more, then lower-case letters, digits and underscores),
// embedded in the binary. Open applies, in ascending order, every one the database has not
// recorded in the profilekit_migrations table, in one transaction holding a
// transaction-level advisory lock (pg_advisory_xact_lock) keyed on the
// search_path, so instances starting together migrate one after the other
// and a failed migration leaves nothing behind. Versions the database has
// recorded but this build lacks (a newer build migrated it) are left alone,
// so migrations must only add: new tables, new columns with defaults.
//
// # Adding a store
//
// To persist a new domain store (for example presence.Store):
//
//  1. Add migrations/NNNN_entity.sql with the next free number (0002, 0003,
//     ...). Name every constraint whose violation means something
//     (CONSTRAINT credentials_pkey PRIMARY KEY ...). Never edit a migration
//     that has been merged; add a new one instead.
//  2. Add entity.go with the methods on *Store, following profile.go: run
//     statements on s.pool (a *pgxpool.Pool; see the field's comment for
//     transactions and for a dedicated connection, for example for LISTEN),
//     put version checks in the statement, map constraint violations with
//     violated, and wrap every other error with fail, which keeps
//     context.Canceled visible. Times go in and come out through toTime and
//     fromTime.
//  3. Run storagetest.Run, which then covers the new store too.
package postgres
