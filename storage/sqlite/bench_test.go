package sqlite_test

import (
	"context"
	"database/sql"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/convrs/profilekit/profile"
	"github.com/convrs/profilekit/storage"
	"github.com/convrs/profilekit/storage/memory"
	"github.com/convrs/profilekit/storage/sqlite"
	"github.com/convrs/profilekit/storage/storagetest"
)

// Each benchmark runs the adapter (a file in WAL mode), the memory store,
// and the same statement through plain database/sql on the same table, so
// that the adapter's own cost reads as a ratio.

func BenchmarkGet(b *testing.B) {
	s, path := openFile(b)
	defer s.Close()
	b.Run("adapter", func(b *testing.B) { storagetest.BenchmarkGetProfile(b, s) })
	b.Run("memory", func(b *testing.B) { storagetest.BenchmarkGetProfile(b, memory.New()) })
	b.Run("raw", func(b *testing.B) {
		storagetest.BenchProfile(b, s, "raw")
		db := rawDB(b, path)
		ctx := context.Background()
		b.ReportAllocs()
		for b.Loop() {
			var p profile.Profile
			var capitalize, created, updated int64
			err := db.QueryRowContext(ctx, `SELECT id, username, role, business_unit, name, public_name, language,
				landline, mobile, photo, capitalize_first_letter, version, created_at, updated_at
				FROM profiles WHERE id = ?`, "raw").Scan(&p.ID, &p.Username, &p.Role, &p.BusinessUnit, &p.Name,
				&p.PublicName, &p.Language, &p.Landline, &p.Mobile, &p.Photo, &capitalize, &p.Version, &created, &updated)
			if err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkUpdate updates one profile through the adapter and through
// plain database/sql doing the same by hand: a fresh file each, opened as
// the adapter opens it (WAL, synchronous=FULL, BEGIN IMMEDIATE), the
// adapter's statement in a write transaction, and the same warm-up, so
// that neither side alone pays for growing a new WAL.
func BenchmarkUpdate(b *testing.B) {
	b.Run("adapter", func(b *testing.B) {
		s, _ := openFile(b)
		defer s.Close()
		warmUp(b, s)
		storagetest.BenchmarkUpdateProfile(b, s)
	})
	b.Run("memory", func(b *testing.B) { storagetest.BenchmarkUpdateProfile(b, memory.New()) })
	b.Run("raw", func(b *testing.B) {
		s, path := openFile(b)
		p := storagetest.BenchProfile(b, s, "bench")
		require.NoError(b, s.Close())
		db := rawWriter(b, path)
		ctx := context.Background()
		update := func() {
			p.Version++
			p.UpdatedAt = p.UpdatedAt.Add(time.Microsecond)
			tx, err := db.BeginTx(ctx, nil)
			if err != nil {
				b.Fatal(err)
			}
			res, err := tx.ExecContext(ctx, `UPDATE profiles SET
				username = ?, username_skeleton = NULLIF(?, ''), role = ?, business_unit = ?, name = ?,
				public_name = ?, language = ?, landline = ?, mobile = ?, photo = ?, capitalize_first_letter = ?,
				version = ?, created_at = ?, updated_at = ?
				WHERE id = ? AND version = ?`,
				p.Username, p.UsernameSkeleton, p.Role, p.BusinessUnit, p.Name,
				p.PublicName, p.Language, p.Landline, p.Mobile, p.Photo, p.Settings.CapitalizeFirstLetter,
				p.Version, p.CreatedAt.UnixMicro(), p.UpdatedAt.UnixMicro(),
				p.ID, p.Version-1)
			if err != nil {
				b.Fatal(err)
			}
			if n, _ := res.RowsAffected(); n != 1 {
				b.Fatalf("updated %d rows", n)
			}
			if err := tx.Commit(); err != nil {
				b.Fatal(err)
			}
		}
		for range warmUpdates {
			update()
		}
		b.ReportAllocs()
		for b.Loop() {
			update()
		}
	})
}

// warmUpdates is how many updates each side of BenchmarkUpdate makes
// before it is timed.
const warmUpdates = 200

// warmUp updates the benchmark profile warmUpdates times through s.
func warmUp(b *testing.B, s *sqlite.Store) {
	p := storagetest.BenchProfile(b, s, "bench")
	for range warmUpdates {
		p.Version++
		p.UpdatedAt = p.UpdatedAt.Add(time.Microsecond)
		require.NoError(b, s.UpdateProfile(context.Background(), p, p.Version-1))
	}
}

// rawWriter opens plain database/sql on the file at path as the adapter
// opens its writer: one connection, foreign keys on, WAL,
// synchronous=FULL, transactions begun with BEGIN IMMEDIATE.
func rawWriter(tb testing.TB, path string) *sql.DB {
	tb.Helper()
	db, err := sql.Open("sqlite", path+"?_pragma=foreign_keys(1)&_txlock=immediate&_pragma=busy_timeout(5000)"+
		"&_pragma=journal_mode(WAL)&_pragma=synchronous(FULL)")
	require.NoError(tb, err)
	db.SetMaxOpenConns(1)
	tb.Cleanup(func() { _ = db.Close() })
	require.NoError(tb, db.Ping())
	return db
}

// BenchmarkLoad reports the throughput (updates/s) of concurrent writers on
// the adapter and on the memory store; TestConformance* checks the same
// loads for lost updates.
func BenchmarkLoad(b *testing.B) {
	b.Run("adapter", func(b *testing.B) {
		storagetest.BenchmarkLoads(b, func(b *testing.B) storage.Store {
			s, _ := openFile(b)
			return s
		})
	})
	b.Run("memory", func(b *testing.B) {
		storagetest.BenchmarkLoads(b, func(*testing.B) storage.Store { return memory.New() })
	})
}

// rawDB opens plain database/sql on the file at path (already in WAL mode),
// connected.
func rawDB(tb testing.TB, path string) *sql.DB {
	tb.Helper()
	db, err := sql.Open("sqlite", path+"?_pragma=busy_timeout(5000)")
	require.NoError(tb, err)
	tb.Cleanup(func() { _ = db.Close() })
	// Connect now, so that the benchmark does not time it.
	require.NoError(tb, db.Ping())
	return db
}
