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

// Each benchmark runs the adapter, the memory store, and the adapter's own
// statement through a plain pgxpool on the same table, so that the
// adapter's own cost reads as a ratio.

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
			var updated, exists bool
			err := pool.QueryRow(ctx, `WITH updated AS (
					UPDATE profiles SET
						username = $3, username_skeleton = NULLIF($4, ''), role = $5, business_unit = $6, name = $7,
						public_name = $8, language = $9, landline = $10, mobile = $11, photo = $12,
						capitalize_first_letter = $13, version = $14, created_at = $15, updated_at = $16
					WHERE id = $1 AND version = $2
					RETURNING 1
				)
				SELECT EXISTS (SELECT 1 FROM updated), EXISTS (SELECT 1 FROM profiles WHERE id = $1)`,
				p.ID, p.Version-1,
				p.Username, p.UsernameSkeleton, p.Role, p.BusinessUnit, p.Name,
				p.PublicName, p.Language, p.Landline, p.Mobile, p.Photo,
				p.Settings.CapitalizeFirstLetter, p.Version, p.CreatedAt, p.UpdatedAt).Scan(&updated, &exists)
			if err != nil || !updated {
				b.Fatal(err, updated)
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
