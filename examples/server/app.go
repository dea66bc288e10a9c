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

	"github.com/convrs/profilekit"
	"github.com/convrs/profilekit/notify"
	"github.com/convrs/profilekit/notify/hub"
	"github.com/convrs/profilekit/password"
	"github.com/convrs/profilekit/presence"
	"github.com/convrs/profilekit/profile"
	"github.com/convrs/profilekit/profile/photo"
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

// App is one instance of the server: the services, the server's own
// tables, the live event broker and the HTTP handler.
type App struct {
	cfg      Config
	log      *slog.Logger
	clock    profilekit.Clock
	store    storage.Store
	db       *serverDB
	profiles *profile.Service
	passwds  *password.Service
	tracker  *presence.Tracker
	broker   *broker
	notifier *notify.Dispatcher
	photos   *photo.Service
	hub      *hub.Hub
	closers  []func() error
	bus      *pgBus
	handler  http.Handler
	routes   []string
	secure   bool

	stop   context.CancelFunc
	wg     sync.WaitGroup
	closed sync.Once
}

// NewApp opens the stores, creates the server's tables, seeds a new
// database when cfg.Seed is set, and starts the live feeds. Close ends
// them.
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
	a := &App{cfg: cfg, log: cfg.Logger, clock: cfg.Clock, secure: cfg.Secure}
	a.broker = newBroker(a.clock)
	if err := a.openStores(ctx); err != nil {
		return nil, err
	}
	observer := profilekit.ObserverFunc(a.observe)
	a.profiles = profile.New(a.store, &profile.Options{
		Clock: cfg.Clock, Observer: observer, Instance: cfg.Instance,
		Phone: profile.PhoneRules{DefaultRegion: cfg.Region},
	})
	a.passwds = password.New(a.store, &password.Options{Hasher: cfg.Hasher, Clock: cfg.Clock, Observer: observer, Instance: cfg.Instance})
	a.tracker = presence.New(a.store, &presence.Options{Clock: cfg.Clock, Instance: cfg.Instance})
	feedCtx, stop := context.WithCancel(context.WithoutCancel(ctx))
	a.stop = stop
	err := a.setupNotify(feedCtx)
	if err == nil && cfg.Seed {
		err = a.seed(ctx)
	}
	if err == nil {
		err = a.startPresenceFeed(feedCtx)
	}
	if err == nil && cfg.PostgresDSN != "" {
		err = a.startBus(feedCtx)
	}
	if err == nil {
		err = a.setupPhotos(ctx)
	}
	if err != nil {
		stop()
		_ = a.closeStores()
		return nil, err
	}
	a.handler = a.buildHandler()
	return a, nil
}

// openStores opens the library store and the server's own connection to
// the same database.
func (a *App) openStores(ctx context.Context) error {
	var err error
	if a.cfg.PostgresDSN != "" {
		var st *postgres.Store
		if st, err = postgres.Open(ctx, a.cfg.PostgresDSN, &postgres.Options{Schema: a.cfg.PostgresSchema}); err != nil {
			return fmt.Errorf("server: open postgres: %w", err)
		}
		a.store = st
		a.db, err = openPostgresDB(a.cfg.PostgresDSN, a.cfg.PostgresSchema)
	} else {
		path := a.cfg.SQLitePath
		if path == "" {
			path = "profilekit.db"
		}
		if dir := filepath.Dir(path); dir != "." {
			if err := os.MkdirAll(dir, 0o700); err != nil {
				return fmt.Errorf("server: %w", err)
			}
		}
		var st *sqlite.Store
		if st, err = sqlite.Open(ctx, path, nil); err != nil {
			return fmt.Errorf("server: open sqlite: %w", err)
		}
		a.store = st
		a.db, err = openSQLiteDB(path)
	}
	if err == nil {
		err = a.db.migrate(ctx)
	}
	if err != nil {
		_ = a.closeStores()
		return err
	}
	return nil
}

// closeStores closes what openStores opened.
func (a *App) closeStores() error {
	var errs []error
	for i := len(a.closers) - 1; i >= 0; i-- {
		errs = append(errs, a.closers[i]())
	}
	a.closers = nil
	if a.db != nil {
		errs = append(errs, a.db.Close())
	}
	if a.store != nil {
		errs = append(errs, a.store.Close())
	}
	return errors.Join(errs...)
}

// Handler returns the HTTP handler of the whole server.
func (a *App) Handler() http.Handler { return a.handler }

// Routes lists the registered API patterns ("GET /api/profile").
func (a *App) Routes() []string { return append([]string(nil), a.routes...) }

// CloseStreams ends every open event stream, as shutdown begins.
func (a *App) CloseStreams() { a.broker.closeAll() }

// Close stops the live feeds and closes the stores.
func (a *App) Close() error {
	var err error
	a.closed.Do(func() {
		a.broker.closeAll()
		a.stop()
		a.wg.Wait()
		err = a.closeStores()
	})
	return err
}

// observe receives the library's local events and forwards those a live
// page shows to the agent's streams: on PostgreSQL through the bus, so
// that every instance's streams get them.
func (a *App) observe(ctx context.Context, e profilekit.Event) {
	var name string
	var data any
	switch ev := e.(type) {
	case profile.Saved:
		name, data = "profile", profileEvent{Kind: string(ev.Kind()), Version: ev.Version, Fields: ev.Fields, Instance: ev.Instance}
	case profile.AdminChanged:
		name, data = "profile", profileEvent{Kind: string(ev.Kind()), Version: ev.Version, Fields: ev.Fields, Instance: ev.Instance}
	case password.Changed:
		name, data = "password", map[string]string{"kind": string(ev.Kind()), "instance": ev.Instance}
	default:
		return
	}
	agent := e.Meta().AgentID
	if a.bus != nil {
		err := a.bus.send(ctx, agent, name, data)
		if err == nil {
			return
		}
		a.log.WarnContext(ctx, "event bus send failed; this instance only", "err", err.Error())
	}
	a.broker.publish(agent, name, data)
}

// profileEvent is the data of a "profile" event on the stream.
type profileEvent struct {
	Kind     string   `json:"kind"`
	Version  int64    `json:"version"`
	Fields   []string `json:"fields"`
	Instance string   `json:"instance"`
}

// startPresenceFeed follows presence.Watch, the cross-instance feed, and
// forwards every change to the agent's streams. When the feed fails it
// starts again after a pause, and tells streams to reload.
func (a *App) startPresenceFeed(ctx context.Context) error {
	w, err := a.tracker.Watch(ctx)
	if err != nil {
		return fmt.Errorf("server: watch presence: %w", err)
	}
	a.wg.Add(1)
	go func() {
		defer a.wg.Done()
		for {
			for c := range w.C() {
				a.broker.publish(c.Presence.Agent, "status", c.Presence)
			}
			if ctx.Err() != nil {
				return
			}
			a.log.Warn("presence feed ended; restarting", "err", fmt.Sprint(w.Err()))
			a.broker.resetAll()
			for {
				select {
				case <-ctx.Done():
					return
				case <-time.After(time.Second):
				}
				if w, err = a.tracker.Watch(ctx); err == nil {
					break
				}
			}
		}
	}()
	return nil
}
