package redis

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	goredis "github.com/redis/go-redis/v9"

	"github.com/convrs/profilekit"
	"github.com/convrs/profilekit/internal/stripe"
	"github.com/convrs/profilekit/presence"
	"github.com/convrs/profilekit/presence/presencedriver"
)

// DefaultPrefix is the key prefix when Options.Prefix is empty.
const DefaultPrefix = "profilekit:presence:"

// keyMargin is how long a sessions key outlives its latest session's
// expiry (by the server's clock) before Redis deletes it: room for the
// clocks of the service instances to run behind the server's.
const keyMargin = time.Minute

// TimeSource says whose clock judges session liveness and Busy expiry.
type TimeSource int

const (
	// CallerTime judges liveness and expiry against the now each call
	// passes (the Tracker's clock), as presence.Store asks and as
	// storage/storagetest.RunPresenceStore checks. Every service instance
	// sharing the store must then keep its clock within a small part of
	// the TTL of the others': an instance running ahead sees sessions end
	// early, one running behind sees them last longer. Redis still drops
	// the keys of dead sessions by its own clock, keyMargin after their
	// latest expiry.
	CallerTime TimeSource = iota
	// ServerTime judges liveness and expiry by Redis's clock (TIME inside
	// each script), so that instances whose clocks disagree still agree
	// on who is online. Each call maps the instants it is given from the
	// caller's clock to the server's by the offset between the two at the
	// call, and maps the Record's instants back the same way, so that a
	// Tracker reading a Record against its own clock sees the same
	// durations. A caller whose clock jumps (as a test clock does) no
	// longer moves sessions forward in time: the server's clock does.
	ServerTime
)

// Options configures a Store. The zero value (or nil) means the defaults.
type Options struct {
	// Prefix starts every key the store uses; DefaultPrefix when empty.
	// Stores with different prefixes on one server are independent.
	Prefix string
	// Time says whose clock judges sessions and Busy expiry; CallerTime
	// when zero.
	Time TimeSource
	// Durable, when set, keeps what an agent sets by hand (Busy with its
	// reason and expiry, and the chat capacity) in a second presence.Store
	// that survives a restart of Redis without persistence, such as the
	// storage/sqlite or storage/postgres Store that holds the profiles.
	// Every SetBusy, ToggleBusy and SetChatCapacity is written to Redis,
	// then copied to Durable, while the writing Store holds a lock for the
	// agent; when Redis no longer knows an agent, the store loads Busy
	// and the capacity from Durable before the first call about it. It is
	// required unless Ephemeral is set: New and Open return ErrNotDurable
	// without it.
	Durable presence.Store
	// Ephemeral lets a Store run without Durable, presence living in Redis
	// alone. When Redis then loses its data (a restart without
	// persistence, a failover to a replica that lagged, FLUSHALL), every
	// Busy is lost with it: an agent confirmed busy is available again
	// once its tab reconnects, and a Claim for it may succeed, which
	// presence.Tracker's promises do not allow. Set it only where losing
	// Busy that way is acceptable (tests, a Redis whose data is never
	// lost). It is ignored when Durable is set.
	Ephemeral bool
}

// ErrNotDurable reports Options with neither Durable nor Ephemeral: a
// Store without a durable copy of Busy would break presence.Tracker's
// promise that a confirmed Busy holds (no Claim succeeds) when Redis loses
// its data, so one is not made unless Ephemeral says that is accepted.
var ErrNotDurable = profilekit.NewError(profilekit.CodeStoreNotDurable,
	"redis: no durable store for Busy: give Options.Durable, or set Options.Ephemeral to accept losing Busy with Redis's data")

// Store is a presence.Store and presence.ChangeFeed on Redis. Service
// instances sharing one Redis server (and prefix) behave as one: every
// rule that spans an agent's state is decided inside one Lua script.
//
// A Store is safe for concurrent use.
type Store struct {
	client  goredis.UniversalClient
	owned   bool
	prefix  string
	mode    string
	durable presence.Store
	locks   *stripe.Locks
	scripts scripts

	mu     sync.Mutex
	closed bool
	feeds  presencedriver.Hub // the live presence subscriptions
}

// New returns a Store on client. The client stays the caller's: Close
// leaves it open. Give it MaxRetries: -1, because a command that go-redis
// retries after a lost reply may run twice, and a toggle run twice is lost.
// opts must set Durable or Ephemeral; otherwise New returns ErrNotDurable.
// New starts no goroutines and makes no call to Redis.
func New(client goredis.UniversalClient, opts *Options) (*Store, error) {
	if opts == nil || (opts.Durable == nil && !opts.Ephemeral) {
		return nil, ErrNotDurable
	}
	s := &Store{
		client:  client,
		prefix:  opts.Prefix,
		mode:    "c",
		durable: opts.Durable,
		scripts: newScripts(),
	}
	if s.prefix == "" {
		s.prefix = DefaultPrefix
	}
	if opts.Time == ServerTime {
		s.mode = "s"
	}
	if s.durable != nil {
		s.locks = stripe.New()
	}
	return s, nil
}

// Open connects to the Redis server at url (redis://host:port/db, as
// goredis.ParseURL reads it), checks that it answers and returns a Store
// that owns the connection: Close closes it. Commands are never retried
// (see New). opts must set Durable or Ephemeral; otherwise Open returns
// ErrNotDurable without connecting.
func Open(ctx context.Context, url string, opts *Options) (*Store, error) {
	if opts == nil || (opts.Durable == nil && !opts.Ephemeral) {
		return nil, ErrNotDurable
	}
	o, err := goredis.ParseURL(url)
	if err != nil {
		return nil, fmt.Errorf("redis: open: %w", err)
	}
	o.MaxRetries = -1
	c := goredis.NewClient(o)
	if err := c.Ping(ctx).Err(); err != nil {
		_ = c.Close()
		return nil, fail(ctx, "open", err)
	}
	s, err := New(c, opts)
	if err != nil {
		_ = c.Close()
		return nil, err
	}
	s.owned = true
	return s, nil
}

// Close ends every subscription (whose Err then matches
// profilekit.ErrClosed) and, for a Store made by Open, closes the
// connection. Later calls fail with profilekit.ErrClosed. Close does not
// close Options.Durable.
func (s *Store) Close() error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return nil
	}
	s.closed = true
	s.mu.Unlock()
	s.feeds.Close()
	if s.owned {
		return s.client.Close()
	}
	return nil
}

// check returns the error a call must fail with before it starts: the
// context's, or ErrClosed.
func (s *Store) check(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return profilekit.ErrClosed
	}
	return nil
}

// fail words an error of operation op, wrapping ctx.Err() when the
// context ended, whatever go-redis reported.
func fail(ctx context.Context, op string, err error) error {
	if ctxErr := ctx.Err(); ctxErr != nil && !errors.Is(err, ctxErr) {
		return fmt.Errorf("redis: %s: %w (%v)", op, ctxErr, err)
	}
	return fmt.Errorf("redis: %s: %w", op, err)
}
