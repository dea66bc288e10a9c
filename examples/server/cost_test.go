package main

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/base64"
	"encoding/json"
	"errors"
	"flag"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/stretchr/testify/require"

	"github.com/convrs/profilekit/examples/strictjson"
	"github.com/convrs/profilekit/profile"
	"github.com/convrs/profilekit/session"
	"github.com/convrs/profilekit/storage/postgres"
)

// costFirst is the implementation BenchmarkCost runs first in each row;
// scripts/bench-server alternates it from round to round, so that neither
// side always runs on a warmer (or more tired) machine.
var costFirst = flag.String("cost-first", "byhand", "BenchmarkCost: the implementation each row runs first, byhand or server")

// costWarmup is how many requests each client sends before a measured
// run, on the server and on the by-hand baseline alike.
const costWarmup = 8

// BenchmarkCost measures what the server costs beyond the database: GET
// and PATCH /api/profile through the server, and through byHand, a plain
// net/http handler that does the same work by hand (the session lookup,
// the profile read, the name's validation and the profile write, with the
// store's own statements, pool size and durability settings) on the same
// database, 64 clients on loopback. Each row runs both, one after the
// other (see -cost-first), each with its own pool open only during its
// run. Compare the two with benchstat's -col /impl; scripts/bench-server
// runs interleaved rounds in fresh processes and prints the ratios:
//
//	go test -run '^$' -bench Cost -benchtime 4000x ./examples/server
func BenchmarkCost(b *testing.B) {
	impls := []string{"byhand", "server"}
	if *costFirst == "server" {
		slices.Reverse(impls)
	}
	for _, db := range []string{"sqlite", "postgres"} {
		b.Run("db="+db, func(b *testing.B) {
			fx := newCostFixture(b, db)
			for _, op := range []string{"get", "patch"} {
				b.Run("op="+op, func(b *testing.B) {
					for _, impl := range impls {
						// Started on the first call (the testing package
						// calls a benchmark once with b.N = 1, then with
						// the full b.N), and only when the filter selects
						// the implementation.
						var url string
						var stop func() error
						b.Run("impl="+impl, func(b *testing.B) {
							if stop == nil {
								url, stop = fx.start(b, impl)
								fx.warmUp(b, url, op == "patch")
							}
							runtime.GC()
							costRun(b, url, fx.agents, op == "patch")
						})
						if stop != nil {
							require.NoError(b, stop())
						}
					}
				})
			}
		})
	}
}

// costFixture is one database with loadClients signed-in agents, which
// the server and the by-hand baseline take turns to serve.
type costFixture struct {
	db     string
	cfg    Config
	agents []*loadAgent
	// poolSize is the server's PostgreSQL pool size, which byHand's pool
	// copies.
	poolSize int32
}

// newCostFixture creates the database of db through the server: the demo
// accounts, loadClients agents created through the admin API and a session
// for each.
func newCostFixture(b *testing.B, db string) *costFixture {
	cfg := Config{Seed: true, Region: "GB", Hasher: cheapHasher(), Out: &bytes.Buffer{},
		Logger: slog.New(slog.NewJSONHandler(io.Discard, nil))}
	switch db {
	case "sqlite":
		cfg.SQLitePath = filepath.Join(b.TempDir(), "cost.db")
	default:
		dsn := postgresDSN()
		if dsn == "" {
			b.Skip("PROFILEKIT_POSTGRES_DSN is unset")
		}
		cfg.PostgresDSN, cfg.PostgresSchema = dsn, "srv_cost_"+strconv.FormatInt(time.Now().UnixNano(), 36)
		b.Cleanup(func() { dropSchema(dsn, cfg.PostgresSchema) })
	}
	fx := &costFixture{db: db, cfg: cfg}
	url, stop := fx.start(b, "server")
	defer func() { require.NoError(b, stop()) }()
	fx.cfg.Seed = false
	e := &testEnv{creds: map[string]string{}, out: cfg.Out.(*bytes.Buffer)}
	e.parseCreds()
	admin := signInRaw(b, url, "admin", e.creds["admin"])
	fx.agents = make([]*loadAgent, loadClients)
	for i := range fx.agents {
		name := "load" + strconv.Itoa(i)
		pw := "quiet harbour kites number " + strconv.Itoa(i)
		body, _ := json.Marshal(map[string]string{"username": name, "role": "agent", "name": "Load " + strconv.Itoa(i), "public_name": "L", "password": pw})
		res := rawDo(b, url, "POST", "/api/admin/agents", admin, body)
		require.Equal(b, http.StatusCreated, res.Status, string(res.Body))
		fx.agents[i] = &loadAgent{cookie: signInRaw(b, url, name, pw), version: 1}
	}
	return fx
}

// start serves the fixture's database with impl, the server or byHand, on
// loopback, and returns its URL and a function that stops it and closes
// its pool.
func (fx *costFixture) start(b *testing.B, impl string) (string, func() error) {
	ctx := context.Background() // outlives the call of b that starts it
	var h http.Handler
	var closeFn func() error
	switch impl {
	case "server":
		app, err := NewApp(ctx, fx.cfg)
		require.NoError(b, err)
		if app.pool != nil {
			fx.poolSize = app.pool.Config().MaxConns
		}
		h, closeFn = app.Handler(), func() error { app.CloseStreams(); return app.Close() }
	case "byhand":
		bh, err := openByHand(ctx, fx)
		require.NoError(b, err)
		h, closeFn = bh, bh.Close
	default:
		b.Fatalf("unknown implementation %q", impl)
	}
	srv := httptest.NewServer(h)
	return srv.URL, func() error {
		srv.Close()
		return closeFn()
	}
}

// warmUp sends costWarmup requests from each client, unmeasured.
func (fx *costFixture) warmUp(b *testing.B, url string, patch bool) {
	var wg sync.WaitGroup
	for _, a := range fx.agents {
		wg.Go(func() {
			for range costWarmup {
				costRequest(b, url, a, patch)
			}
		})
	}
	wg.Wait()
}

// costRun sends b.N requests from loadClients clients, each to its own
// agent, and reports requests/s and the p50 and p99 latency. A PATCH
// always changes the name, so that every one is a write.
func costRun(b *testing.B, url string, agents []*loadAgent, patch bool) {
	b.ReportAllocs()
	lat := make([][]time.Duration, len(agents))
	var wg sync.WaitGroup
	b.ResetTimer()
	start := time.Now()
	for i, a := range agents {
		n := b.N / len(agents)
		if i < b.N%len(agents) {
			n++
		}
		lat[i] = make([]time.Duration, 0, n)
		wg.Go(func() {
			for range n {
				t0 := time.Now()
				if !costRequest(b, url, a, patch) {
					return
				}
				lat[i] = append(lat[i], time.Since(t0))
			}
		})
	}
	wg.Wait()
	elapsed := time.Since(start)
	b.StopTimer()
	all := slices.Concat(lat...)
	if len(all) == 0 {
		return
	}
	slices.Sort(all)
	b.ReportMetric(float64(len(all))/elapsed.Seconds(), "req/s")
	b.ReportMetric(float64(all[len(all)*50/100].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(all[len(all)*99/100].Microseconds())/1000, "p99-ms")
}

// costRequest sends one GET or PATCH /api/profile for agent a and reports
// whether it succeeded; a PATCH keeps a's version.
func costRequest(b *testing.B, url string, a *loadAgent, patch bool) bool {
	if !patch {
		res := rawDo(b, url, "GET", "/api/profile", a.cookie, nil)
		if res.Status != http.StatusOK {
			b.Errorf("get: %d %s", res.Status, res.Body)
			return false
		}
		return true
	}
	body := `{"version":` + strconv.FormatInt(a.version, 10) + `,"name":"Agent ` + string(rune('A'+a.version%2)) + `"}`
	res := rawDo(b, url, "PATCH", "/api/profile", a.cookie, []byte(body))
	var p struct{ Version int64 }
	if res.Status != http.StatusOK || json.Unmarshal(res.Body, &p) != nil || p.Version != a.version+1 {
		b.Errorf("patch: %d %s", res.Status, res.Body)
		return false
	}
	a.version = p.Version
	return true
}

// byHand is the baseline: GET and PATCH /api/profile written by hand on
// database/sql (SQLite) or pgx (PostgreSQL), with the statements the
// store runs, the session service's checks (token shape, expiry, the
// Seen touch), the server's checks of a request body (examples/strictjson)
// and the profile service's validation of a name, but none of the SDK's
// layers.
type byHand struct {
	mux *http.ServeMux
	// SQLite: one writer connection and a pool of read-only ones, set up
	// as sqlite.Open sets them up.
	writer, reader *sql.DB
	// PostgreSQL: a pool configured by postgres.ParseConfig, of the
	// server's size.
	pool *pgxpool.Pool
	ph   func(int) string // the n-th placeholder
}

// byHandTouch is how stale a session's Seen may get before a lookup
// writes it again, as session.DefaultTouchInterval.
const byHandTouch = session.DefaultTouchInterval

// openByHand opens fx's database as the store does.
func openByHand(ctx context.Context, fx *costFixture) (*byHand, error) {
	h := &byHand{mux: http.NewServeMux()}
	if fx.db == "sqlite" {
		abs, err := filepath.Abs(fx.cfg.SQLitePath)
		if err != nil {
			return nil, err
		}
		dsn := "file:" + abs + "?_pragma=foreign_keys(1)&_txlock=immediate&_pragma=busy_timeout(5000)"
		if h.writer, err = sql.Open("sqlite", dsn+"&_pragma=journal_mode(WAL)&_pragma=synchronous(FULL)"); err != nil {
			return nil, err
		}
		h.writer.SetMaxOpenConns(1)
		h.writer.SetMaxIdleConns(1)
		h.writer.SetConnMaxIdleTime(0)
		h.writer.SetConnMaxLifetime(0)
		if h.reader, err = sql.Open("sqlite", dsn+"&_pragma=query_only(1)"); err != nil {
			_ = h.writer.Close()
			return nil, err
		}
		readers := max(4, runtime.GOMAXPROCS(0))
		h.reader.SetMaxOpenConns(readers)
		h.reader.SetMaxIdleConns(readers)
		h.ph = func(int) string { return "?" }
	} else {
		cfg, err := postgres.ParseConfig(fx.cfg.PostgresDSN, &postgres.Options{Schema: fx.cfg.PostgresSchema})
		if err != nil {
			return nil, err
		}
		cfg.MaxConns = fx.poolSize
		if h.pool, err = pgxpool.NewWithConfig(ctx, cfg); err != nil {
			return nil, err
		}
		h.ph = func(n int) string { return "$" + strconv.Itoa(n) }
	}
	h.mux.HandleFunc("GET /api/profile", h.get)
	h.mux.HandleFunc("PATCH /api/profile", h.patch)
	return h, nil
}

// ServeHTTP implements http.Handler.
func (h *byHand) ServeHTTP(w http.ResponseWriter, r *http.Request) { h.mux.ServeHTTP(w, r) }

// Close closes the pools.
func (h *byHand) Close() error {
	if h.pool != nil {
		h.pool.Close()
		return nil
	}
	return errors.Join(h.writer.Close(), h.reader.Close())
}

// byHandProfileColumns are the store's profile columns, in scan order.
const byHandProfileColumns = `id, username, COALESCE(username_skeleton, ''), role, business_unit, name, public_name,
	language, landline, mobile, photo, capitalize_first_letter, version, created_at, updated_at`

// agent looks the request's session up as session.Service.Lookup does and
// returns its agent, or "" after answering 401.
func (h *byHand) agent(w http.ResponseWriter, r *http.Request) string {
	c, err := r.Cookie(sessionCookie)
	if err != nil || len(c.Value) != session.TokenLength {
		http.Error(w, "unauthorised", http.StatusUnauthorized)
		return ""
	}
	if _, err := base64.RawURLEncoding.DecodeString(c.Value); err != nil {
		http.Error(w, "unauthorised", http.StatusUnauthorized)
		return ""
	}
	hash := session.HashToken(c.Value).Bytes()
	ctx := r.Context()
	var s session.Session
	const q = `SELECT id, agent_id, created_at, seen_at, idle_expires, expires FROM sessions WHERE token_hash = `
	if h.pool != nil {
		err = h.pool.QueryRow(ctx, q+"$1", hash).Scan(&s.ID, &s.AgentID, &s.Created, &s.Seen, &s.IdleExpires, &s.Expires)
	} else {
		var created, seen, idle, expires int64
		err = h.reader.QueryRowContext(ctx, q+"?", hash).Scan(&s.ID, &s.AgentID, &created, &seen, &idle, &expires)
		s.Created, s.Seen, s.IdleExpires, s.Expires = micros(created), micros(seen), micros(idle), micros(expires)
	}
	now := time.Now().UTC()
	if err != nil || !s.AliveAt(now) {
		http.Error(w, "unauthorised", http.StatusUnauthorized)
		return ""
	}
	if now.Sub(s.Seen) >= byHandTouch {
		idle := now.Add(DefaultSessionIdle)
		if idle.After(s.Expires) {
			idle = s.Expires
		}
		if err := h.write(ctx, `UPDATE sessions SET seen_at = `+h.ph(1)+`, idle_expires = `+h.ph(2)+` WHERE id = `+h.ph(3)+` AND agent_id = `+h.ph(4),
			h.time(now), h.time(idle), s.ID, s.AgentID); err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return ""
		}
	}
	return s.AgentID
}

// DefaultSessionIdle is the server's idle session lifetime (Config.SessionIdle's default).
const DefaultSessionIdle = 30 * time.Minute

// micros converts SQLite's stored microseconds to a time in UTC.
func micros(us int64) time.Time { return time.UnixMicro(us).UTC() }

// time converts t to the stored form.
func (h *byHand) time(t time.Time) any {
	if h.pool != nil {
		return t.UTC().Truncate(time.Microsecond)
	}
	return t.UnixMicro()
}

// write runs one statement: on SQLite in a BEGIN IMMEDIATE transaction on
// the writer connection, as the store's writes run.
func (h *byHand) write(ctx context.Context, query string, args ...any) error {
	if h.pool != nil {
		_, err := h.pool.Exec(ctx, query, args...)
		return err
	}
	tx, err := h.writer.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer func() { _ = tx.Rollback() }()
	if _, err := tx.ExecContext(ctx, query, args...); err != nil {
		return err
	}
	return tx.Commit()
}

// read reads agent's profile.
func (h *byHand) read(ctx context.Context, agent string) (profile.Profile, error) {
	var p profile.Profile
	q := `SELECT ` + byHandProfileColumns + ` FROM profiles WHERE id = ` + h.ph(1)
	if h.pool != nil {
		err := h.pool.QueryRow(ctx, q, agent).Scan(&p.ID, &p.Username, &p.UsernameSkeleton, &p.Role, &p.BusinessUnit,
			&p.Name, &p.PublicName, &p.Language, &p.Landline, &p.Mobile, &p.Photo, &p.Settings.CapitalizeFirstLetter,
			&p.Version, &p.CreatedAt, &p.UpdatedAt)
		p.CreatedAt, p.UpdatedAt = p.CreatedAt.UTC(), p.UpdatedAt.UTC()
		return p, err
	}
	var capitalize, created, updated int64
	err := h.reader.QueryRowContext(ctx, q, agent).Scan(&p.ID, &p.Username, &p.UsernameSkeleton, &p.Role, &p.BusinessUnit,
		&p.Name, &p.PublicName, &p.Language, &p.Landline, &p.Mobile, &p.Photo, &capitalize, &p.Version, &created, &updated)
	p.Settings.CapitalizeFirstLetter = capitalize != 0
	p.CreatedAt, p.UpdatedAt = micros(created), micros(updated)
	return p, err
}

// get answers GET /api/profile.
func (h *byHand) get(w http.ResponseWriter, r *http.Request) {
	agent := h.agent(w, r)
	if agent == "" {
		return
	}
	p, err := h.read(r.Context(), agent)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	writeJSON(w, http.StatusOK, toProfileJSON(p))
}

// patch answers PATCH /api/profile for a body that gives the version and
// the name: check the body as the server does, read, check the version, validate the name with the profile
// package's rule, and write the row at the next version with the store's
// statement.
func (h *byHand) patch(w http.ResponseWriter, r *http.Request) {
	agent := h.agent(w, r)
	if agent == "" {
		return
	}
	var req struct {
		Version int64   `json:"version"`
		Name    *string `json:"name"`
	}
	// The body's checks are the server's: JSON, at most maxJSONBody
	// bytes, no unknown field and no name twice.
	data, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxJSONBody))
	if err != nil || !strings.HasPrefix(r.Header.Get("Content-Type"), "application/json") ||
		strictjson.Unmarshal(data, &req) != nil || req.Version <= 0 {
		http.Error(w, "bad request", http.StatusBadRequest)
		return
	}
	ctx := r.Context()
	p, err := h.read(ctx, agent)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	if p.Version != req.Version {
		http.Error(w, "conflict", http.StatusConflict)
		return
	}
	if req.Name != nil {
		name, err := profile.ParseName(*req.Name)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		if name == p.Name {
			writeJSON(w, http.StatusOK, toProfileJSON(p))
			return
		}
		p.Name = name
	}
	p.Version++
	p.UpdatedAt = time.Now().UTC().Truncate(time.Microsecond)
	var ok bool
	if h.pool != nil {
		var exists bool
		err = h.pool.QueryRow(ctx, `WITH updated AS (
			UPDATE profiles SET
				username = $3, username_skeleton = NULLIF($4, ''), role = $5, business_unit = $6, name = $7,
				public_name = $8, language = $9, landline = $10, mobile = $11, photo = $12,
				capitalize_first_letter = $13, version = $14, created_at = $15, updated_at = $16
			WHERE id = $1 AND version = $2
			RETURNING 1
		)
		SELECT EXISTS (SELECT 1 FROM updated), EXISTS (SELECT 1 FROM profiles WHERE id = $1)`,
			p.ID, req.Version, p.Username, p.UsernameSkeleton, p.Role, p.BusinessUnit, p.Name,
			p.PublicName, p.Language, p.Landline, p.Mobile, p.Photo,
			p.Settings.CapitalizeFirstLetter, p.Version, p.CreatedAt, p.UpdatedAt).Scan(&ok, &exists)
	} else {
		ok, err = h.updateSQLite(ctx, p, req.Version)
	}
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	if !ok {
		http.Error(w, "conflict", http.StatusConflict)
		return
	}
	writeJSON(w, http.StatusOK, toProfileJSON(p))
}

// updateSQLite writes p at expected with the SQLite store's statement, in
// a BEGIN IMMEDIATE transaction on the writer, and reports whether it
// changed the row.
func (h *byHand) updateSQLite(ctx context.Context, p profile.Profile, expected int64) (bool, error) {
	tx, err := h.writer.BeginTx(ctx, nil)
	if err != nil {
		return false, err
	}
	defer func() { _ = tx.Rollback() }()
	capitalize := 0
	if p.Settings.CapitalizeFirstLetter {
		capitalize = 1
	}
	res, err := tx.ExecContext(ctx, `UPDATE profiles SET
			username = ?, username_skeleton = NULLIF(?, ''), role = ?, business_unit = ?, name = ?,
			public_name = ?, language = ?, landline = ?, mobile = ?, photo = ?, capitalize_first_letter = ?,
			version = ?, created_at = ?, updated_at = ?
			WHERE id = ? AND version = ?`,
		p.Username, p.UsernameSkeleton, p.Role, p.BusinessUnit, p.Name,
		p.PublicName, p.Language, p.Landline, p.Mobile, p.Photo, capitalize,
		p.Version, p.CreatedAt.UnixMicro(), p.UpdatedAt.UnixMicro(), p.ID, expected)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	if err != nil || n != 1 {
		return false, err
	}
	return true, tx.Commit()
}
