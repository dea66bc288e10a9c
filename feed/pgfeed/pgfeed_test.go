package pgfeed_test

import (
	"context"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/convrs/profilekit"
	"github.com/convrs/profilekit/feed"
	"github.com/convrs/profilekit/feed/feedtest"
	"github.com/convrs/profilekit/feed/pgfeed"
	"github.com/convrs/profilekit/internal/testenv"
)

// pool opens a pool on the test database, closed when t ends.
func pool(t *testing.T) *pgxpool.Pool {
	t.Helper()
	p, err := pgxpool.New(context.Background(), testenv.Postgres(t))
	require.NoError(t, err)
	t.Cleanup(p.Close)
	return p
}

func TestTransport(t *testing.T) {
	testenv.Postgres(t)
	feedtest.RunTransport(t, feedtest.Transports{
		Open: func(t *testing.T) (a, b feed.Transport) {
			opts := &pgfeed.Options{Channel: testenv.Name(8)}
			return pgfeed.New(pool(t), opts), pgfeed.New(pool(t), opts) // two instances, a pool each
		},
		Break: func(t *testing.T, tr feed.Transport) {
			// Terminate the backends listening on the transport's channel.
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			admin := pool(t)
			channel := tr.(*pgfeed.Transport).Channel()
			require.Eventually(t, func() bool {
				var n int
				err := admin.QueryRow(ctx, `SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity
					WHERE query = 'LISTEN "' || $1 || '"'`, channel).Scan(&n)
				return err == nil && n > 0
			}, 10*time.Second, 10*time.Millisecond)
		},
	})
}

// TestClosedPool: a Feed whose pool is closed cannot listen, and a
// closed pool is reported as profilekit.ErrClosed.
func TestClosedPool(t *testing.T) {
	p := pool(t)
	tr := pgfeed.New(p, &pgfeed.Options{Channel: testenv.Name(8)})
	p.Close()
	f := feed.New(tr, nil)
	t.Cleanup(func() { _ = f.Close() })
	_, err := f.Subscribe(context.Background(), "ada")
	assert.ErrorIs(t, err, profilekit.ErrClosed)
	assert.ErrorIs(t, tr.Publish(context.Background(), []byte("{}")), profilekit.ErrClosed)
}

// wire is the wiring of the package documentation.
func wire(pool *pgxpool.Pool, name string) *feed.Feed {
	t := pgfeed.New(pool, nil) // the application's *pgxpool.Pool
	f := feed.New(t, &feed.Options{Instance: name})
	return f
}

var _ = wire
