// Package migrate is the small schema-migration runner shared by the SQL
// storage adapters (storage/sqlite and storage/postgres).
//
// # Migrations
//
// A migration is one SQL file named NNNN_description.sql (four or more
// digits, then an underscore, then lower-case letters, digits and
// underscores), embedded by the adapter with embed.FS. Its number is its
// version; numbers are unique and need not be contiguous. Load reads and
// checks the files; Apply runs, in ascending order, every migration the
// database has not recorded yet and records it.
//
// # Dialects
//
// The runner knows no SQL. An adapter opens one transaction, takes its
// dialect's lock so that two processes opening the same fresh database
// migrate one after the other (BEGIN IMMEDIATE on SQLite,
// pg_advisory_xact_lock on PostgreSQL), creates its bookkeeping table if
// missing, and hands Apply a Tx: three methods that execute a script, list
// the recorded versions and record one. Because the whole run is one
// transaction, a migration that fails leaves nothing behind, and the second
// process to get the lock finds everything applied and does nothing.
//
// This is deliberately smaller than a migration library such as goose: the
// adapters need only "apply what is missing, in order, under a lock", with
// no down migrations, no Go migrations and no command-line tool.
package migrate
