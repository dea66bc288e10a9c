package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/convrs/profilekit"
	"github.com/convrs/profilekit/feed"
	"github.com/convrs/profilekit/notify"
	"github.com/convrs/profilekit/notify/hub"
	"github.com/convrs/profilekit/password"
	"github.com/convrs/profilekit/password/commonpasswords"
	"github.com/convrs/profilekit/presence"
	"github.com/convrs/profilekit/profile"
	"github.com/convrs/profilekit/profile/photo"
	"github.com/convrs/profilekit/session"
	"github.com/convrs/profilekit/storage"
	"github.com/convrs/profilekit/storage/postgres"
	"github.com/convrs/profilekit/storage/sqlite"
)

// Config is what the flags set.
type Config struct {
	// Addr is the address to listen on.
	Addr string
	// DataDir holds the SQLite database and the photos by default.
	DataDir string
	// SQLitePath is the SQLite database file; empty means profilekit.db
	// in the working directory.
	SQLitePath string
	// PostgresDSN selects PostgreSQL instead of SQLite.
	PostgresDSN string
	// PostgresSchema is the schema on PostgreSQL; empty means the DSN's
	// search_path.
	PostgresSchema string
	// NATSURL connects instances for notifications.
	NATSURL string
	// NATSPrefix starts the NATS subjects; empty means natsnotify's
	// default. Deployments that share a NATS server but not their agents
	// use different prefixes.
	NATSPrefix string
	// PhotosURL is a gocloud.dev/blob bucket URL for photos.
	PhotosURL string
	// Region is the default phone region.
	Region string
	// Roles is the closed set of roles an administrator may give; it must
	// hold "admin". Nil means DefaultRoles. Roles are matched ignoring case
	// and stored as given here.
	Roles []string
	// BreachedRangeURL, if set, is the base URL of a k-anonymity
	// breached-password range service (a Pwned Passwords mirror on the
	// local network, or the public one) that new passwords are checked
	// against, beside the embedded list of common passwords. Empty means
	// no such check: the server stays offline.
	BreachedRangeURL string
	// Instance names this instance in events; empty means host:pid.
	Instance string
	// Secure marks cookies Secure even without TLS on this hop (behind a
	// TLS-terminating proxy).
	Secure bool
	// Seed creates the demo accounts on a new database and prints them.
	Seed bool
	// SessionIdle and SessionMax are the idle and absolute session
	// lifetimes.
	SessionIdle, SessionMax time.Duration
	// SignInFloor is the least time a refused sign-in takes; zero means
	// 250ms. It hides the time differences between an unknown user, a
	// wrong password and a throttled agent.
	SignInFloor time.Duration
	// Heartbeat is how often an open event stream keeps its sign-in and
	// presence alive and checks that its session still exists; zero means
	// 10s. Revocations end streams at once through the feed, not here.
	Heartbeat time.Duration
	// Streams caps the open event streams of this instance, per session,
	// per agent and in all (feed.StreamLimits; zero fields take its
	// defaults); a stream past a cap is refused with 429
	// feed.too_many_streams.
	Streams feed.StreamLimits
	// Hasher replaces argon2id (tests use a cheap one).
	Hasher password.Hasher
	// Clock replaces the system clock.
	Clock profilekit.Clock
	// Web is the static page; nil means the embedded web/ directory.
	Web fs.FS
	// Logger receives the request log; nil means JSON on stderr.
	Logger *slog.Logger
	// Out receives the demo credentials, printed once.
	Out interface{ Write([]byte) (int, error) }
}

// App is one instance of the server: the SDK's services, the live feed
// and the HTTP handler. It keeps no data of its own: sessions, profiles,
// presence and preferences are the SDK's, in the one store.
type App struct {
	cfg      Config
	log      *slog.Logger
	clock    profilekit.Clock
	store    storage.Store
	pool     *pgxpool.Pool // the one pool on PostgreSQL, nil on SQLite
	profiles *profile.Service
	passwds  *password.Service
	sessions *session.Service
	tracker  *presence.Tracker
	feed     *feed.Feed
	notifier *notify.Dispatcher
	photos   *photo.Service
	hub      *hub.Hub
	streams  *feed.Streams
	// pageLangs are the page's translations (pageTranslations).
	pageLangs *profile.LanguageSet
	closers   []func() error
	handler   http.Handler
	routes    []string
	secure    bool

	stop   context.CancelFunc
	closed sync.Once
}

// NewApp opens the store, wires the services to one live feed, seeds a new
// database when cfg.Seed is set, and starts following presence. Close
// ends it all.
func NewApp(ctx context.Context, cfg Config) (*App, error) {
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.NewJSONHandler(os.Stderr, nil))
	}
	if cfg.SessionIdle <= 0 {
		cfg.SessionIdle = 30 * time.Minute
	}
	if cfg.SessionMax <= 0 {
		cfg.SessionMax = 12 * time.Hour
	}
	if cfg.Heartbeat <= 0 {
		cfg.Heartbeat = 10 * time.Second
	}
	if cfg.SignInFloor <= 0 {
		cfg.SignInFloor = 250 * time.Millisecond
	}
	if cfg.Instance == "" {
		host, err := os.Hostname()
		if err != nil || host == "" {
			host = "localhost"
		}
		cfg.Instance = host + ":" + strconv.Itoa(os.Getpid())
	}
	if cfg.Clock == nil {
		cfg.Clock = profilekit.SystemClock()
	}
	a := &App{cfg: cfg, log: cfg.Logger, clock: cfg.Clock, secure: cfg.Secure, streams: feed.NewStreams(&cfg.Streams)}
	if err := a.openStore(ctx); err != nil {
		return nil, err
	}
	feedCtx, stop := context.WithCancel(context.WithoutCancel(ctx))
	a.stop = stop
	err := a.wire(feedCtx)
	if err == nil && cfg.Seed {
		err = a.seed(ctx)
	}
	if err == nil {
		err = a.setupPhotos(ctx)
	}
	if err != nil {
		_ = a.Close()
		return nil, err
	}
	a.handler = a.buildHandler()
	return a, nil
}

// openStore opens the SDK's store: one pool on PostgreSQL (shared with
// the feed and the notifier; postgres.DefaultMaxConns connections for
// requests unless the DSN gives pool_max_conns), one SQLite file
// otherwise.
func (a *App) openStore(ctx context.Context) error {
	if a.cfg.PostgresDSN != "" {
		opts := &postgres.Options{Schema: a.cfg.PostgresSchema}
		cfg, err := postgres.ParseConfig(a.cfg.PostgresDSN, opts)
		if err != nil {
			return fmt.Errorf("server: %w", err)
		}
		if _, set := cfg.ConnConfig.RuntimeParams["application_name"]; !set {
			cfg.ConnConfig.RuntimeParams["application_name"] = "profilekit " + a.cfg.Instance
		}
		pool, err := pgxpool.NewWithConfig(ctx, cfg)
		if err != nil {
			return fmt.Errorf("server: connect to postgres: %w", err)
		}
		a.pool = pool
		st, err := postgres.New(ctx, pool, opts)
		if err != nil {
			pool.Close()
			return fmt.Errorf("server: open postgres: %w", err)
		}
		a.store = st
		return nil
	}
	path := a.cfg.SQLitePath
	if path == "" {
		path = "profilekit.db"
	}
	if dir := filepath.Dir(path); dir != "." {
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return fmt.Errorf("server: %w", err)
		}
	}
	st, err := sqlite.Open(ctx, path, nil)
	if err != nil {
		return fmt.Errorf("server: open sqlite: %w", err)
	}
	a.store = st
	return nil
}

// wire builds the services on the store, every one raising its events
// into the feed, which carries them to every instance (crossInstance).
func (a *App) wire(ctx context.Context) error {
	a.hub = hub.New(nil)
	a.closers = append(a.closers, a.hub.Close)
	transport, alerts, err := a.crossInstance(ctx)
	if err != nil {
		return err
	}
	a.feed = feed.New(transport, &feed.Options{Instance: a.cfg.Instance, Clock: a.cfg.Clock})
	a.closers = append(a.closers, a.feed.Close)
	clock, observer, instance := a.cfg.Clock, a.feed, a.cfg.Instance
	roles, err := roleSet(a.cfg.Roles)
	if err != nil {
		return err
	}
	// The regional Englishes the demo accounts use are offered as such, so
	// that an agent who leaves one can choose it again.
	languages, err := profile.NewLanguageSet(append(profile.DefaultLanguages(), "en-GB", "en-US")...)
	if err != nil {
		return err
	}
	a.profiles = profile.New(a.store, &profile.Options{
		Clock: clock, Observer: observer, Instance: instance,
		Phone:     profile.PhoneRules{DefaultRegion: a.cfg.Region},
		AdminRole: adminRole, // the last administrator stays one
		Roles:     roles,
		Languages: languages,
	})
	policy, err := a.passwordPolicy()
	if err != nil {
		return err
	}
	a.passwds = password.New(a.store, &password.Options{Policy: policy, Hasher: a.cfg.Hasher, Clock: clock, Observer: observer, Instance: instance})
	a.sessions = session.New(a.store, &session.Options{
		IdleTimeout: a.cfg.SessionIdle, Lifetime: a.cfg.SessionMax,
		Clock: clock, Observer: observer, Instance: instance,
	})
	a.tracker = presence.New(a.store, &presence.Options{Clock: clock, Observer: observer, Instance: instance})
	a.notifier = a.dispatcher(alerts)
	if err := a.feed.WatchPresence(ctx, a.tracker); err != nil {
		return fmt.Errorf("server: watch presence: %w", err)
	}
	return nil
}

// passwordPolicy is the SDK's default policy with the embedded list of
// common passwords and, when configured, a breached-password range
// service, which refuses a password it cannot check.
func (a *App) passwordPolicy() (*password.Policy, error) {
	common, err := commonpasswords.New()
	if err != nil {
		return nil, fmt.Errorf("server: %w", err)
	}
	lists := []password.Blocklist{common}
	if a.cfg.BreachedRangeURL != "" {
		lists = append(lists, password.NewRangeClient(&password.RangeOptions{
			BaseURL:       a.cfg.BreachedRangeURL,
			ReportFailure: func(err error) { a.log.Warn("breached-password check failed", "error", err.Error()) },
		}))
	}
	return password.NewPolicy(&password.PolicyOptions{Blocklists: lists}), nil
}

// Handler returns the HTTP handler of the whole server.
func (a *App) Handler() http.Handler { return a.handler }

// Routes lists the registered API patterns ("GET /api/profile").
func (a *App) Routes() []string { return append([]string(nil), a.routes...) }

// CloseStreams ends every open event stream, as shutdown begins.
func (a *App) CloseStreams() { a.streams.CloseAll() }

// Close ends the streams and the feed, and closes the store and the pool.
func (a *App) Close() error {
	var errs []error
	a.closed.Do(func() {
		a.streams.CloseAll()
		if a.stop != nil {
			a.stop()
		}
		for i := len(a.closers) - 1; i >= 0; i-- {
			errs = append(errs, a.closers[i]())
		}
		if a.store != nil {
			errs = append(errs, a.store.Close())
		}
		if a.pool != nil {
			a.pool.Close()
		}
	})
	return errors.Join(errs...)
}
