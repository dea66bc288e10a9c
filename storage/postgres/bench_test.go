package postgres_test

import (
	"context"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/stretchr/testify/require"

	"github.com/convrs/profilekit/profile"
	"github.com/convrs/profilekit/storage"
	"github.com/convrs/profilekit/storage/memory"
	"github.com/convrs/profilekit/storage/storagetest"
)

// Each benchmark runs the adapter, the memory store, and the same statement
// through a plain pgxpool on the same table, so that the adapter's own cost
// reads as a ratio.

func BenchmarkGet(b *testing.B) {
	s, dsn, schema := openTest(b)
	defer s.Close()
	b.Run("adapter", func(b *testing.B) { storagetest.BenchmarkGetProfile(b, s) })
	b.Run("memory", func(b *testing.B) { storagetest.BenchmarkGetProfile(b, memory.New()) })
	b.Run("raw", func(b *testing.B) {
		storagetest.BenchProfile(b, s, "raw")
		pool := rawPool(b, dsn, schema)
		ctx := context.Background()
		b.ReportAllocs()
		for b.Loop() {
			var p profile.Profile
			err := pool.QueryRow(ctx, `SELECT id, username, role, business_unit, name, public_name, language,
				landline, mobile, photo, capitalize_first_letter, version, created_at, updated_at
				FROM profiles WHERE id = $1`, "raw").Scan(&p.ID, &p.Username, &p.Role, &p.BusinessUnit, &p.Name,
				&p.PublicName, &p.Language, &p.Landline, &p.Mobile, &p.Photo, &p.Settings.CapitalizeFirstLetter,
				&p.Version, &p.CreatedAt, &p.UpdatedAt)
			if err != nil {
				b.Fatal(err)
			}
		}
	})
}

func BenchmarkUpdate(b *testing.B) {
	s, dsn, schema := openTest(b)
	defer s.Close()
	b.Run("adapter", func(b *testing.B) { storagetest.BenchmarkUpdateProfile(b, s) })
	b.Run("memory", func(b *testing.B) { storagetest.BenchmarkUpdateProfile(b, memory.New()) })
	b.Run("raw", func(b *testing.B) {
		p := storagetest.BenchProfile(b, s, "raw")
		pool := rawPool(b, dsn, schema)
		ctx := context.Background()
		b.ReportAllocs()
		for b.Loop() {
			p.Version++
			p.UpdatedAt = p.UpdatedAt.Add(time.Microsecond)
			tag, err := pool.Exec(ctx, `UPDATE profiles SET
				username = $3, role = $4, business_unit = $5, name = $6, public_name = $7, language = $8,
				landline = $9, mobile = $10, photo = $11, capitalize_first_letter = $12, version = $13,
				created_at = $14, updated_at = $15
				WHERE id = $1 AND version = $2`,
				p.ID, p.Version-1,
				p.Username, p.Role, p.BusinessUnit, p.Name, p.PublicName, p.Language,
				p.Landline, p.Mobile, p.Photo, p.Settings.CapitalizeFirstLetter, p.Version,
				p.CreatedAt, p.UpdatedAt)
			if err != nil {
				b.Fatal(err)
			}
			if tag.RowsAffected() != 1 {
				b.Fatalf("updated %d rows", tag.RowsAffected())
			}
		}
	})
}

// BenchmarkLoad reports the throughput (updates/s) of concurrent writers on
// the adapter and on the memory store; TestConformance checks the same
// loads for lost updates.
func BenchmarkLoad(b *testing.B) {
	b.Run("adapter", func(b *testing.B) {
		storagetest.BenchmarkLoads(b, func(b *testing.B) storage.Store {
			s, _, _ := openTest(b)
			return s
		})
	})
	b.Run("memory", func(b *testing.B) {
		storagetest.BenchmarkLoads(b, func(*testing.B) storage.Store { return memory.New() })
	})
}

// rawPool opens a plain pgxpool on schema, connected.
func rawPool(tb testing.TB, dsn, schema string) *pgxpool.Pool {
	tb.Helper()
	cfg, err := pgxpool.ParseConfig(dsn)
	require.NoError(tb, err)
	cfg.ConnConfig.RuntimeParams["search_path"] = pgx.Identifier{schema}.Sanitize()
	pool, err := pgxpool.NewWithConfig(context.Background(), cfg)
	require.NoError(tb, err)
	tb.Cleanup(pool.Close)
	// Connect now, so that the benchmark does not time it.
	require.NoError(tb, pool.Ping(context.Background()))
	return pool
}
