package pgfeed_test

import (
	"context"
	"strings"
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
	"github.com/convrs/profilekit/password"
)

// pool opens a pool on the test database, closed when t ends.
func pool(t *testing.T) *pgxpool.Pool {
	t.Helper()
	p, err := pgxpool.New(context.Background(), testenv.Postgres(t))
	require.NoError(t, err)
	t.Cleanup(p.Close)
	return p
}

// transport returns a Transport on p, failing t when New refuses opts.
func transport(t *testing.T, p *pgxpool.Pool, opts *pgfeed.Options) *pgfeed.Transport {
	t.Helper()
	tr, err := pgfeed.New(p, opts)
	require.NoError(t, err)
	return tr
}

func TestTransport(t *testing.T) {
	testenv.Postgres(t)
	feedtest.RunTransport(t, feedtest.Transports{
		Open: func(t *testing.T) (a, b feed.Transport) {
			opts := &pgfeed.Options{Channel: testenv.Name(8)}
			return transport(t, pool(t), opts), transport(t, pool(t), opts) // two instances, a pool each
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
	tr := transport(t, p, &pgfeed.Options{Channel: testenv.Name(8)})
	p.Close()
	f := feed.New(tr, nil)
	t.Cleanup(func() { _ = f.Close() })
	_, err := f.Subscribe(context.Background(), "ada")
	assert.ErrorIs(t, err, profilekit.ErrClosed)
	assert.ErrorIs(t, tr.Publish(context.Background(), []byte("{}")), profilekit.ErrClosed)
}

// wire is the wiring of the package documentation.
func wire(pool *pgxpool.Pool, name string) error {
	t, err := pgfeed.New(pool, nil) // the application's *pgxpool.Pool
	if err != nil {
		return err
	}
	f := feed.New(t, &feed.Options{Instance: name})
	return f.Close()
}

var _ = wire

// receive returns the next message l delivers, failing t when none comes.
func receive(t *testing.T, l feed.Listener) []byte {
	t.Helper()
	select {
	case msg, ok := <-l.C():
		require.True(t, ok, "the listener ended: %v", l.Err())
		return msg
	case <-time.After(10 * time.Second): // a guard against hanging, not a timing assertion
		require.FailNow(t, "no message arrived")
	}
	return nil
}

// TestMessageLimitIsPostgreSQLs: MaxMessage is PostgreSQL's limit, counted
// as PostgreSQL counts it (bytes of the payload, so "é" is two), and a
// message over it is refused before it is sent with a coded
// ValidationError matching feed.ErrTooLarge and profilekit.ErrInvalid.
func TestMessageLimitIsPostgreSQLs(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	p := pool(t)
	ch := testenv.Name(8)
	_, err := p.Exec(ctx, `SELECT pg_notify($1, $2)`, ch, strings.Repeat("x", pgfeed.MaxMessage))
	require.NoError(t, err, "PostgreSQL takes MaxMessage bytes")
	_, err = p.Exec(ctx, `SELECT pg_notify($1, $2)`, ch, strings.Repeat("x", pgfeed.MaxMessage+1))
	require.Error(t, err, "PostgreSQL refuses one byte more")

	tr := transport(t, p, &pgfeed.Options{Channel: ch})
	l, err := tr.Listen(ctx)
	require.NoError(t, err)
	t.Cleanup(func() { _ = l.Close() })
	fits := []byte(strings.Repeat("é", (pgfeed.MaxMessage-1)/2) + "x") // 7999 bytes, 3999 characters
	require.Len(t, fits, pgfeed.MaxMessage)
	require.NoError(t, tr.Publish(ctx, fits))
	assert.Equal(t, fits, receive(t, l))

	over := []byte(strings.Repeat("é", (pgfeed.MaxMessage+1)/2)) // 8000 bytes, 4000 characters
	err = tr.Publish(ctx, over)
	assert.ErrorIs(t, err, feed.ErrTooLarge)
	assert.ErrorIs(t, err, profilekit.ErrInvalid)
	var verr *profilekit.ValidationError
	require.ErrorAs(t, err, &verr)
	assert.Equal(t, []profilekit.FieldError{{Field: pgfeed.FieldMessage, Code: profilekit.CodePayloadTooLarge,
		Message: "is 8000 bytes as sent, over the 7999 the transport carries", Params: map[string]any{"max_bytes": pgfeed.MaxMessage}}}, verr.Fields)
	require.NoError(t, tr.Publish(ctx, []byte("next")))
	assert.Equal(t, []byte("next"), receive(t, l), "the refused message was not sent")
}

// TestNewRefusesAChannelPostgreSQLWouldCutShort: a channel name over 63
// bytes, which LISTEN would cut short while NOTIFY refuses it, or one that
// is not an ID, is refused by New with a ValidationError on the channel;
// the longest accepted name carries events between two Feeds.
func TestNewRefusesAChannelPostgreSQLWouldCutShort(t *testing.T) {
	longest := testenv.Name(8)
	longest += strings.Repeat("_", 63-len(longest))
	for name, tt := range map[string]struct {
		channel string
		code    profilekit.Code
		params  map[string]any
	}{
		"64 bytes": {longest + "x", profilekit.CodeIDTooLong, map[string]any{"max": 63}},
		"space":    {"profilekit feed", profilekit.CodeIDInvalidChars, nil},
		"accent":   {"profilekit_févr", profilekit.CodeIDInvalidChars, nil},
		"NUL":      {"profilekit\x00feed", profilekit.CodeIDInvalidChars, nil},
	} {
		t.Run(name, func(t *testing.T) {
			tr, err := pgfeed.New(nil, &pgfeed.Options{Channel: tt.channel})
			assert.Nil(t, tr)
			assert.ErrorIs(t, err, profilekit.ErrInvalid)
			var verr *profilekit.ValidationError
			require.ErrorAs(t, err, &verr)
			require.Len(t, verr.Fields, 1)
			assert.Equal(t, pgfeed.FieldChannel, verr.Fields[0].Field)
			assert.Equal(t, tt.code, verr.Fields[0].Code)
			assert.Equal(t, tt.params, verr.Fields[0].Params)
		})
	}

	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	p := pool(t)
	_, err := p.Exec(ctx, `SELECT pg_notify($1, '')`, longest+"x")
	require.Error(t, err, "PostgreSQL refuses to NOTIFY a channel name of 64 bytes")
	opts := &pgfeed.Options{Channel: longest}
	a, b := feed.New(transport(t, p, opts), nil), feed.New(transport(t, pool(t), opts), nil)
	t.Cleanup(func() { _ = a.Close(); _ = b.Close() })
	s, err := b.Subscribe(ctx, "ada")
	require.NoError(t, err)
	t.Cleanup(func() { _ = s.Close() })
	want := password.Changed{EventMeta: profilekit.EventMeta{AgentID: "ada", At: time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC), Instance: "a"}}
	require.NoError(t, a.Publish(ctx, want))
	select {
	case e, ok := <-s.C():
		require.True(t, ok, "ended: %v", s.Err())
		assert.Equal(t, want, e)
	case <-ctx.Done():
		t.Fatal("no event arrived on a 63-byte channel")
	}
}
