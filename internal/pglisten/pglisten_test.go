package pglisten_test

import (
	"context"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/convrs/profilekit/internal/pglisten"
	"github.com/convrs/profilekit/internal/testenv"
)

func TestListenReceivesNotifications(t *testing.T) {
	dsn := testenv.Postgres(t)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	pool, err := pgxpool.New(ctx, dsn)
	require.NoError(t, err)
	defer pool.Close()

	conn, err := pglisten.Take(ctx, pool)
	require.NoError(t, err)
	defer pglisten.Close(conn)
	channel := "pglisten test " + testenv.Name(8) // needs quoting as an identifier
	require.NoError(t, pglisten.Listen(ctx, conn, channel))

	_, err = pool.Exec(ctx, "SELECT pg_notify($1, 'hello')", channel)
	require.NoError(t, err)
	n, err := conn.WaitForNotification(ctx)
	require.NoError(t, err)
	assert.Equal(t, channel, n.Channel)
	assert.Equal(t, "hello", n.Payload)
	assert.Zero(t, pool.Stat().AcquiredConns(), "the listener's connection left the pool")
}

// take connects a pool and takes a connection out of it.
func take(t *testing.T) *pgx.Conn {
	t.Helper()
	pool, err := pgxpool.New(context.Background(), testenv.Postgres(t))
	require.NoError(t, err)
	t.Cleanup(pool.Close)
	conn, err := pglisten.Take(context.Background(), pool)
	require.NoError(t, err)
	t.Cleanup(func() { pglisten.Close(conn) })
	return conn
}

func TestListenFailureClosesTheConnection(t *testing.T) {
	conn := take(t)
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	assert.Error(t, pglisten.Listen(cancelled, conn, "never"))
	assert.True(t, conn.IsClosed(), "a failed Listen closes the connection")
}

func TestCloseTwice(t *testing.T) {
	conn := take(t)
	pglisten.Close(conn)
	pglisten.Close(conn) // a second Close does nothing
	assert.True(t, conn.IsClosed())
}
