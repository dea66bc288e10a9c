package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// loadClients is how many clients send requests at once.
const loadClients = 64

// loadAgent is one client's signed-in agent: its cookie and version.
type loadAgent struct {
	cookie  string
	version int64
}

// BenchmarkLoad measures requests per second and p50/p99 latency with 64
// concurrent clients on loopback, for reading the profile and saving the
// General tab, through the server on SQLite and on PostgreSQL (when
// PROFILEKIT_POSTGRES_DSN is set) and through a bare net/http handler that
// serves the same JSON from memory, in the same run. "two-instances" sends
// the clients alternately to two servers on one PostgreSQL schema. Run it
// with:
//
//	go test -run '^$' -bench Load -benchtime 20000x ./examples/server
func BenchmarkLoad(b *testing.B) {
	b.Run("bare", func(b *testing.B) {
		srv := httptest.NewServer(bareHandler(b))
		defer srv.Close()
		agents := make([]*loadAgent, loadClients)
		for i := range agents {
			agents[i] = &loadAgent{cookie: "agent-" + strconv.Itoa(i), version: 1}
		}
		b.Run("get", func(b *testing.B) { loadRun(b, []string{srv.URL}, agents, false) })
		b.Run("patch", func(b *testing.B) { loadRun(b, []string{srv.URL}, agents, true) })
	})
	for _, backend := range []string{"sqlite", "postgres", "two-instances"} {
		b.Run(backend, func(b *testing.B) {
			urls, agents := loadServers(b, backend)
			b.Run("get", func(b *testing.B) { loadRun(b, urls, agents, false) })
			b.Run("patch", func(b *testing.B) { loadRun(b, urls, agents, true) })
		})
	}
}

// loadServers starts the servers of backend and signs in loadClients
// agents, created through the admin API.
func loadServers(b *testing.B, backend string) ([]string, []*loadAgent) {
	cfg := Config{Seed: true, Region: "GB", Hasher: cheapHasher(), Out: &bytes.Buffer{}, Logger: slog.New(slog.NewJSONHandler(io.Discard, nil))}
	switch backend {
	case "sqlite":
		cfg.SQLitePath = filepath.Join(b.TempDir(), "load.db")
	default:
		dsn := os.Getenv("PROFILEKIT_POSTGRES_DSN")
		if dsn == "" {
			b.Skip("PROFILEKIT_POSTGRES_DSN is unset")
		}
		cfg.PostgresDSN, cfg.PostgresSchema = dsn, "srv_load_"+strconv.FormatInt(time.Now().UnixNano(), 36)
	}
	e := &testEnv{creds: map[string]string{}, out: cfg.Out.(*bytes.Buffer)}
	start := func(c Config) string {
		app, err := NewApp(b.Context(), c)
		require.NoError(b, err)
		srv := httptest.NewServer(app.Handler())
		b.Cleanup(func() { app.CloseStreams(); srv.Close(); _ = app.Close() })
		return srv.URL
	}
	urls := []string{start(cfg)}
	if backend == "two-instances" {
		c := cfg
		c.Instance = "load-b"
		urls = append(urls, start(c))
	}
	if cfg.PostgresSchema != "" {
		b.Cleanup(func() { dropSchema(cfg.PostgresDSN, cfg.PostgresSchema) })
	}
	e.parseCreds()
	admin := signInRaw(b, urls[0], "admin", e.creds["admin"])
	agents := make([]*loadAgent, loadClients)
	for i := range agents {
		name := "load" + strconv.Itoa(i)
		pw := "quiet harbour kites number " + strconv.Itoa(i)
		body, _ := json.Marshal(map[string]string{"username": name, "role": "agent", "name": "Load " + strconv.Itoa(i), "public_name": "L", "password": pw})
		res := rawDo(b, urls[0], "POST", "/api/admin/agents", admin, body)
		require.Equal(b, http.StatusCreated, res.Status, string(res.Body))
		agents[i] = &loadAgent{cookie: signInRaw(b, urls[i%len(urls)], name, pw), version: 1}
	}
	return urls, agents
}

// loadRun sends b.N requests from loadClients clients and reports
// requests/s and the p50 and p99 latency.
func loadRun(b *testing.B, urls []string, agents []*loadAgent, patch bool) {
	b.ReportAllocs()
	lat := make([][]time.Duration, loadClients)
	var wg sync.WaitGroup
	per := b.N / loadClients
	b.ResetTimer()
	start := time.Now()
	for i := range loadClients {
		n := per
		if i < b.N%loadClients {
			n++
		}
		wg.Go(func() {
			a := agents[i]
			base := urls[i%len(urls)]
			for k := range n {
				t0 := time.Now()
				if patch {
					name := "Load " + strconv.Itoa(k%2)
					body := `{"version":` + strconv.FormatInt(a.version, 10) + `,"name":"` + name + `"}`
					res := rawDo(b, base, "PATCH", "/api/profile", a.cookie, []byte(body))
					if res.Status != http.StatusOK {
						b.Errorf("patch: %d %s", res.Status, res.Body)
						return
					}
					var p struct{ Version int64 }
					_ = json.Unmarshal(res.Body, &p)
					a.version = p.Version
				} else if res := rawDo(b, base, "GET", "/api/profile", a.cookie, nil); res.Status != http.StatusOK {
					b.Errorf("get: %d", res.Status)
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
	slices.Sort(all)
	if len(all) == 0 {
		return
	}
	b.ReportMetric(float64(len(all))/elapsed.Seconds(), "req/s")
	b.ReportMetric(float64(all[len(all)*50/100].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(all[len(all)*99/100].Microseconds())/1000, "p99-ms")
	b.ReportMetric(peakRSSMB(), "peak-RSS-MB")
}

// loadTransport keeps enough idle connections for every client.
var loadTransport = &http.Transport{MaxIdleConns: 256, MaxIdleConnsPerHost: 256}

// rawDo sends one request with the session cookie and reads the answer.
func rawDo(b *testing.B, base, method, path, cookie string, body []byte) response {
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, _ := http.NewRequest(method, base+path, rd)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if cookie != "" {
		req.Header.Set("Cookie", sessionCookie+"="+cookie)
	}
	res, err := loadTransport.RoundTrip(req)
	if err != nil {
		b.Error(err)
		return response{}
	}
	defer func() { _ = res.Body.Close() }()
	data, _ := io.ReadAll(res.Body)
	return response{Status: res.StatusCode, Header: res.Header, Body: data}
}

// signInRaw signs in and returns the session token.
func signInRaw(b *testing.B, base, username, pw string) string {
	body, _ := json.Marshal(map[string]string{"username": username, "password": pw})
	res := rawDo(b, base, "POST", "/api/session", "", body)
	require.Equal(b, http.StatusOK, res.Status, string(res.Body))
	for _, c := range (&http.Response{Header: res.Header}).Cookies() {
		if c.Name == sessionCookie {
			return c.Value
		}
	}
	b.Fatal("no session cookie")
	return ""
}

// bareHandler serves the same profile JSON from memory: the baseline. Its
// PATCH decodes the same body and bumps the version under a mutex.
func bareHandler(b *testing.B) http.Handler {
	var mu sync.Mutex
	profiles := map[string]*profileJSON{}
	for i := range loadClients {
		id := "agent-" + strconv.Itoa(i)
		profiles[id] = &profileJSON{ID: id, Username: "load" + strconv.Itoa(i), Role: "agent", Name: "Load", PublicName: "L",
			Language: "en", PhotoURL: "/api/agents/" + id + "/photo?v=0", Version: 1, CreatedAt: time.Now().UTC(), UpdatedAt: time.Now().UTC()}
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /api/profile", func(w http.ResponseWriter, r *http.Request) {
		c, _ := r.Cookie(sessionCookie)
		mu.Lock()
		p := *profiles[c.Value]
		mu.Unlock()
		writeJSON(w, http.StatusOK, p)
	})
	mux.HandleFunc("PATCH /api/profile", func(w http.ResponseWriter, r *http.Request) {
		c, _ := r.Cookie(sessionCookie)
		var req patchRequest
		if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
			w.WriteHeader(http.StatusBadRequest)
			return
		}
		mu.Lock()
		p := profiles[c.Value]
		if req.Name != nil {
			p.Name = *req.Name
		}
		p.Version++
		cp := *p
		mu.Unlock()
		writeJSON(w, http.StatusOK, cp)
	})
	return mux
}

// peakRSSMB reads the process's peak resident set size (VmHWM), in MB.
func peakRSSMB() float64 {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(data), "\n") {
		if strings.HasPrefix(line, "VmHWM:") {
			var kb float64
			_, _ = fmt.Sscanf(strings.TrimSpace(strings.TrimPrefix(line, "VmHWM:")), "%f", &kb)
			return kb / 1024
		}
	}
	return 0
}
