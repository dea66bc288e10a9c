package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"
	"github.com/jackc/pgx/v5"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/convrs/profilekit/password"
)

// lockedBuffer is a log sink safe for concurrent writes.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// cheapHasher is argon2id with tiny parameters, so that tests run fast.
func cheapHasher() password.Hasher {
	return password.NewArgon2id(&password.Argon2idOptions{Params: password.Argon2idParams{Memory: 64, Iterations: 1, Parallelism: 1}})
}

// testEnv is one or more server instances on one database.
type testEnv struct {
	t      *testing.T
	cfg    Config
	log    *lockedBuffer
	out    *bytes.Buffer
	creds  map[string]string
	spec   *openapi3.T
	router routers.Router
}

// postgresDSN returns the test database's DSN, or "" when tests run on
// SQLite only.
func postgresDSN() string { return os.Getenv("PROFILEKIT_POSTGRES_DSN") }

// newEnv prepares a configuration on a fresh SQLite file, or on a fresh
// PostgreSQL schema when pg is true.
func newEnv(t *testing.T, pg bool) *testEnv {
	t.Helper()
	e := &testEnv{t: t, log: &lockedBuffer{}, out: &bytes.Buffer{}, creds: map[string]string{}}
	e.cfg = Config{
		Seed: true, Region: "GB", Hasher: cheapHasher(), Instance: "test-a", SignInFloor: 20 * time.Millisecond,
		Logger: slog.New(slog.NewJSONHandler(e.log, nil)), Out: e.out,
	}
	if pg {
		dsn := postgresDSN()
		if dsn == "" {
			t.Skip("PROFILEKIT_POSTGRES_DSN is unset: set it to run the server on PostgreSQL")
		}
		var b [6]byte
		_, _ = rand.Read(b[:])
		schema := "srv_" + hex.EncodeToString(b[:])
		e.cfg.PostgresDSN, e.cfg.PostgresSchema = dsn, schema
		t.Cleanup(func() { dropSchema(dsn, schema) })
	} else {
		e.cfg.SQLitePath = filepath.Join(t.TempDir(), "profilekit.db")
	}
	e.spec, e.router = loadSpec(t)
	return e
}

// start starts one instance and returns its test server.
func (e *testEnv) start(cfg Config) (*App, *httptest.Server) {
	e.t.Helper()
	app, err := NewApp(context.Background(), cfg)
	require.NoError(e.t, err)
	srv := httptest.NewServer(app.Handler())
	e.t.Cleanup(func() {
		app.CloseStreams()
		srv.Close()
		_ = app.Close()
	})
	e.parseCreds()
	return app, srv
}

var credLine = regexp.MustCompile(`(?m)^  (\S+)\s+(\S+)$`)

// parseCreds reads the demo credentials the seed printed.
func (e *testEnv) parseCreds() {
	for _, m := range credLine.FindAllStringSubmatch(e.out.String(), -1) {
		e.creds[m[1]] = m[2]
	}
}

// loadSpec loads openapi.yaml and a router over it that matches any host.
func loadSpec(t *testing.T) (*openapi3.T, routers.Router) {
	t.Helper()
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromFile("openapi.yaml")
	require.NoError(t, err)
	require.NoError(t, doc.Validate(loader.Context))
	doc.Servers = nil
	r, err := gorillamux.NewRouter(doc)
	require.NoError(t, err)
	return doc, r
}

// client is a browser: a cookie jar, and every answer checked against
// the OpenAPI description.
type client struct {
	t    *testing.T
	e    *testEnv
	base string
	http *http.Client
}

func (e *testEnv) client(srv *httptest.Server) *client {
	jar, err := cookiejar.New(nil)
	require.NoError(e.t, err)
	return &client{t: e.t, e: e, base: srv.URL, http: &http.Client{Jar: jar, Timeout: 20 * time.Second}}
}

// response is an answer, its body read.
type response struct {
	Status int
	Header http.Header
	Body   []byte
}

// JSON decodes the body into a map.
func (r response) JSON(t *testing.T) map[string]any {
	t.Helper()
	var m map[string]any
	require.NoError(t, json.Unmarshal(r.Body, &m), string(r.Body))
	return m
}

// Code is the error code of an error answer.
func (r response) Code(t *testing.T) string {
	t.Helper()
	c, _ := r.JSON(t)["code"].(string)
	return c
}

// do sends a request: body is JSON-encoded unless it is a string or
// []byte (sent as is); header pairs follow.
func (c *client) do(method, path string, body any, header ...string) response {
	c.t.Helper()
	var rd io.Reader
	ctype := ""
	switch b := body.(type) {
	case nil:
	case string:
		rd, ctype = strings.NewReader(b), "application/json"
	case []byte:
		rd, ctype = bytes.NewReader(b), "application/json"
	default:
		data, err := json.Marshal(b)
		require.NoError(c.t, err)
		rd, ctype = bytes.NewReader(data), "application/json"
	}
	req, err := http.NewRequest(method, c.base+path, rd)
	require.NoError(c.t, err)
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	res, err := c.http.Do(req)
	require.NoError(c.t, err)
	defer func() { _ = res.Body.Close() }()
	data, err := io.ReadAll(res.Body)
	require.NoError(c.t, err)
	out := response{Status: res.StatusCode, Header: res.Header, Body: data}
	c.e.validate(req, out)
	return out
}

// validate checks an answer to an /api/ route against the OpenAPI
// description: its status must be documented and its body must match.
func (e *testEnv) validate(req *http.Request, res response) {
	e.t.Helper()
	if !strings.HasPrefix(req.URL.Path, "/api/") {
		return
	}
	route, params, err := e.router.FindRoute(req)
	if err != nil {
		// Unknown routes answer route.not_found / method_not_allowed.
		assert.Contains(e.t, []int{http.StatusNotFound, http.StatusMethodNotAllowed}, res.Status, "%s %s: %v", req.Method, req.URL.Path, err)
		return
	}
	in := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: &openapi3filter.RequestValidationInput{Request: req, PathParams: params, Route: route},
		Status:                 res.Status,
		Header:                 res.Header,
		Body:                   io.NopCloser(bytes.NewReader(res.Body)),
		Options:                &openapi3filter.Options{IncludeResponseStatus: true},
	}
	if strings.HasPrefix(res.Header.Get("Content-Type"), "text/event-stream") {
		in.Options.ExcludeResponseBody = true
	}
	assert.NoError(e.t, openapi3filter.ValidateResponse(context.Background(), in), "%s %s -> %d %s", req.Method, req.URL.Path, res.Status, res.Body)
}

// signIn signs the client in as username with the seeded password.
func (c *client) signIn(username string) map[string]any {
	c.t.Helper()
	pw, ok := c.e.creds[username]
	require.True(c.t, ok, "no seeded password for %s", username)
	res := c.do("POST", "/api/session", map[string]string{"username": username, "password": pw})
	require.Equal(c.t, http.StatusOK, res.Status, string(res.Body))
	return res.JSON(c.t)
}

// version reads the agent's profile version.
func (c *client) version() int64 {
	c.t.Helper()
	res := c.do("GET", "/api/profile", nil)
	require.Equal(c.t, http.StatusOK, res.Status)
	return int64(res.JSON(c.t)["version"].(float64))
}

func mustURL(t *testing.T, s string) *url.URL {
	t.Helper()
	u, err := url.Parse(s)
	require.NoError(t, err)
	return u
}

func newJar(t *testing.T) http.CookieJar {
	t.Helper()
	jar, err := cookiejar.New(nil)
	require.NoError(t, err)
	return jar
}

func itoa(v int64) string { return strconv.FormatInt(v, 10) }

// dropSchema removes a test schema.
func dropSchema(dsn, schema string) {
	conn, err := pgx.Connect(context.Background(), dsn)
	if err == nil {
		_, _ = conn.Exec(context.Background(), "DROP SCHEMA "+schema+" CASCADE")
		_ = conn.Close(context.Background())
	}
}
