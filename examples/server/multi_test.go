package main

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// flow is the whole page's flow through one instance.
func flow(t *testing.T, e *testEnv) {
	_, srv := e.start(e.cfg)
	c := e.client(srv)
	c.signIn("grace")
	v := c.version()
	res := c.do("PATCH", "/api/profile", map[string]any{"version": v, "landline": "+44 20 7946 0018", "language": "es"})
	require.Equal(t, http.StatusOK, res.Status, string(res.Body))
	assert.Equal(t, http.StatusConflict, c.do("PATCH", "/api/profile", map[string]any{"version": v, "name": "X"}).Status)
	res = c.do("PUT", "/api/settings", map[string]any{"version": v + 1, "capitalize_first_letter": true})
	require.Equal(t, http.StatusOK, res.Status)
	assert.Equal(t, "¿Qué?", c.do("POST", "/api/compose", map[string]string{"text": "¿qué?"}).JSON(t)["text"])
	s := c.stream("")
	s.next("status")
	assert.Equal(t, "busy", c.do("POST", "/api/status/busy/toggle", nil).JSON(t)["status"])
	s.status("busy")
	assert.Equal(t, "chat.no_agent", c.do("POST", "/api/demo/chats", map[string]string{}).Code(t))
	c.do("POST", "/api/status/busy/toggle", nil)
	assert.Equal(t, http.StatusOK, c.do("POST", "/api/demo/chats", map[string]string{}).Status)
	next := "violet umbrellas marching slowly"
	res = c.do("POST", "/api/password", map[string]string{"current_password": e.creds["grace"], "new_password": next, "repeat_password": next})
	require.Equal(t, http.StatusNoContent, res.Status, string(res.Body))
	assert.Equal(t, http.StatusNoContent, c.do("DELETE", "/api/session", nil).Status)
	assert.True(t, s.ended())
}

func TestFlowSQLite(t *testing.T) { flow(t, newEnv(t, false)) }

func TestFlowPostgres(t *testing.T) { flow(t, newEnv(t, true)) }

// TestTwoInstancesPostgres runs two servers on one PostgreSQL schema and
// checks that they behave as one service: a cookie from A works on B,
// Busy toggled on A shows in B's stream and in B's routing, a password
// change on A ends the agent's other sessions on B.
// It runs once with alerts and preferences carried by pgnotify, and once
// by NATS when PROFILEKIT_NATS_URL is set and the test binary is built
// with -tags nats.
func TestTwoInstancesPostgres(t *testing.T) {
	t.Run("pgnotify", func(t *testing.T) { twoInstances(t, "") })
	t.Run("nats", func(t *testing.T) {
		url := os.Getenv("PROFILEKIT_NATS_URL")
		if url == "" {
			t.Skip("PROFILEKIT_NATS_URL is not set: the NATS variant needs a NATS server")
		}
		if !natsLinked {
			t.Skip("built without -tags nats: the NATS variant needs the NATS client (.ci/run runs it with the tag)")
		}
		twoInstances(t, url)
	})
}

// TestNATSNeedsTag: a binary built without -tags nats refuses -nats and
// says how to link the NATS client.
func TestNATSNeedsTag(t *testing.T) {
	if natsLinked {
		t.Skip("built with -tags nats")
	}
	e := newEnv(t, false)
	e.cfg.NATSURL = "nats://127.0.0.1:4222"
	_, err := NewApp(context.Background(), e.cfg)
	assert.ErrorContains(t, err, "-tags nats")
}

// twoInstances is TestTwoInstancesPostgres with alerts over NATS at
// natsURL, or over pgnotify when it is empty.
func twoInstances(t *testing.T, natsURL string) {
	e := newEnv(t, true)
	if natsURL != "" {
		e.cfg.NATSURL, e.cfg.NATSPrefix = natsURL, "pk"+e.cfg.PostgresSchema
	}
	appA, srvA := e.start(e.cfg)
	cfgB := e.cfg
	cfgB.Instance = "test-b"
	appB, srvB := e.start(cfgB)
	assert.Len(t, e.creds, 3, "the second instance prints no credentials")

	onA := e.client(srvA)
	id := onA.signIn("ada")["agent_id"]
	onB := e.client(srvB)
	onB.http.Jar = onA.http.Jar // the same browser, routed to B
	res := onB.do("GET", "/api/profile", nil)
	require.Equal(t, http.StatusOK, res.Status, "the cookie from A works on B")
	assert.Equal(t, id, res.JSON(t)["id"])

	streamB := onB.stream("")
	streamB.next("status")
	assert.Equal(t, "busy", onA.do("POST", "/api/status/busy/toggle", nil).JSON(t)["status"])
	streamB.status("busy") // B's stream shows A's toggle
	assert.Equal(t, "busy", onB.do("GET", "/api/status", nil).JSON(t)["status"])

	grace := e.client(srvB)
	graceID := grace.signIn("grace")["agent_id"]
	res = onB.do("POST", "/api/demo/chats", map[string]string{})
	require.Equal(t, http.StatusOK, res.Status)
	assert.Equal(t, graceID, res.JSON(t)["agent_id"], "B never routes to the agent busy on A")

	// Preferences saved on B and an alert raised on B reach A's stream
	// (pgnotify, or NATS when PROFILEKIT_NATS_URL is set).
	streamA := onA.stream("")
	streamA.next("status")
	res = onB.do("PUT", "/api/notifications/preferences", map[string]any{"version": 0, "quiet_while_busy": true})
	require.Equal(t, http.StatusOK, res.Status, string(res.Body))
	_, pe := streamA.next("preferences")
	assert.Equal(t, true, pe["quiet_while_busy"])
	v := onB.version()
	res = onB.do("PATCH", "/api/profile", map[string]any{"version": v, "public_name": "Saved on B"})
	require.Equal(t, http.StatusOK, res.Status)
	_, pe = streamA.next("profile")
	assert.Equal(t, []any{"public_name"}, pe["fields"], "A's stream shows B's save")
	assert.Equal(t, "test-b", pe["instance"])
	res = onB.do("POST", "/api/demo/notifications", map[string]any{"kind": "new_message", "text": "from B"})
	require.Equal(t, http.StatusOK, res.Status)
	_, n := streamA.next("notification")
	assert.Equal(t, "from B", n["body"])
	assert.Equal(t, "test-b", n["instance"])

	other := e.client(srvB)
	other.signIn("ada")
	next := "orange kites over quiet harbours"
	res = onA.do("POST", "/api/password", map[string]string{"current_password": e.creds["ada"], "new_password": next, "repeat_password": next})
	require.Equal(t, http.StatusNoContent, res.Status)
	assert.Equal(t, http.StatusUnauthorized, other.do("GET", "/api/profile", nil).Status, "the other session ended on B too")
	assert.Equal(t, http.StatusOK, onB.do("GET", "/api/profile", nil).Status, "the changing session goes on, on B too")

	for _, app := range []*App{appA, appB} {
		assertOnePool(t, app, natsURL == "")
	}
}

// assertOnePool checks that every connection the instance holds to
// PostgreSQL is its one pool's: the pool's own, and the listening
// connections taken out of it: the presence feed's, and the feed's and
// the notifier's (pgfeed's and pgnotify's; none when NATS carries both).
func assertOnePool(t *testing.T, app *App, listeners bool) {
	t.Helper()
	require.NotNil(t, app.pool)
	want := 1 // the presence feed's LISTEN, which storage/postgres takes out of the pool
	if listeners {
		want += 2
	}
	var n, pooled int
	assert.Eventually(t, func() bool {
		err := app.pool.QueryRow(t.Context(), `SELECT count(*) FROM pg_stat_activity WHERE application_name = $1`,
			"profilekit "+app.cfg.Instance).Scan(&n)
		// The query's own connection is acquired from the pool while it
		// runs, so it is among the pool's TotalConns.
		pooled = int(app.pool.Stat().TotalConns())
		return err == nil && n == pooled+want
	}, 10*time.Second, 50*time.Millisecond, "instance %s holds connections outside its one pool", app.cfg.Instance)
	t.Logf("%s: %d connections to PostgreSQL: %d pooled, %d listening, taken out of the pool", app.cfg.Instance, n, pooled, n-pooled)
}

// TestSecureCookieBehindTLS: over TLS the session cookie is Secure, so a
// browser never sends it over plain HTTP.
func TestSecureCookieBehindTLS(t *testing.T) {
	e := newEnv(t, false)
	app, err := NewApp(t.Context(), e.cfg)
	require.NoError(t, err)
	e.parseCreds()
	srv := httptest.NewTLSServer(app.Handler())
	t.Cleanup(func() {
		app.CloseStreams()
		srv.Close()
		_ = app.Close()
	})
	c := e.client(srv)
	c.http.Transport = srv.Client().Transport // trusts the test server's certificate
	res := c.do("POST", "/api/session", map[string]string{"username": "ada", "password": e.creds["ada"]})
	require.Equal(t, http.StatusOK, res.Status, string(res.Body))
	ck := res.Header.Get("Set-Cookie")
	assert.Contains(t, ck, sessionCookie+"=")
	assert.Contains(t, ck, "; Secure")
	assert.Contains(t, ck, "HttpOnly")
}
