package main

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/convrs/profilekit/feed"
)

// sseEvent is one event read from a stream.
type sseEvent struct {
	ID   string
	Name string
	Data []byte
}

// sseReader reads an open event stream.
type sseReader struct {
	t      *testing.T
	events chan sseEvent
	cancel context.CancelFunc
}

// stream opens the client's event stream, sending lastID as
// Last-Event-ID when it is not empty (a browser's reconnect).
func (c *client) stream(lastID string) *sseReader {
	c.t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	req, err := http.NewRequestWithContext(ctx, "GET", c.base+"/api/events", nil)
	require.NoError(c.t, err)
	if lastID != "" {
		req.Header.Set("Last-Event-ID", lastID)
	}
	hc := &http.Client{Jar: c.http.Jar}
	res, err := hc.Do(req)
	require.NoError(c.t, err)
	c.e.validate(req, response{Status: res.StatusCode, Header: res.Header})
	require.Equal(c.t, http.StatusOK, res.StatusCode)
	r := &sseReader{t: c.t, events: make(chan sseEvent, 256), cancel: cancel}
	go func() {
		defer close(r.events)
		defer func() { _ = res.Body.Close() }()
		sc := bufio.NewScanner(res.Body)
		var e sseEvent
		for sc.Scan() {
			line := sc.Text()
			switch {
			case line == "":
				if e.Name != "" {
					r.events <- e
				}
				e = sseEvent{}
			case strings.HasPrefix(line, "id: "):
				e.ID = strings.TrimPrefix(line, "id: ")
			case strings.HasPrefix(line, "event: "):
				e.Name = strings.TrimPrefix(line, "event: ")
			case strings.HasPrefix(line, "data: "):
				e.Data = []byte(strings.TrimPrefix(line, "data: "))
			}
		}
	}()
	c.t.Cleanup(cancel)
	return r
}

// next returns the next event named name, skipping others, within 10s.
func (r *sseReader) next(name string) (sseEvent, map[string]any) {
	r.t.Helper()
	deadline := time.After(10 * time.Second)
	for {
		select {
		case e, ok := <-r.events:
			require.True(r.t, ok, "stream ended while waiting for %q", name)
			if e.Name != name {
				continue
			}
			var m map[string]any
			require.NoError(r.t, json.Unmarshal(e.Data, &m))
			return e, m
		case <-deadline:
			r.t.Fatalf("no %q event within 10s", name)
		}
	}
}

// status returns the next status event that says want, within 10s. A
// stream may repeat the state it opened with (the Watch event of its own
// session's connect can arrive after the first snapshot), so status events
// saying anything else are skipped: a live page applies each as the whole
// state, and a repeat changes nothing.
func (r *sseReader) status(want string) sseEvent {
	r.t.Helper()
	deadline := time.After(10 * time.Second)
	for {
		select {
		case e, ok := <-r.events:
			require.True(r.t, ok, "stream ended while waiting for status %q", want)
			if e.Name != "status" {
				continue
			}
			var m map[string]any
			require.NoError(r.t, json.Unmarshal(e.Data, &m))
			if m["status"] == want {
				return e
			}
		case <-deadline:
			r.t.Fatalf("no status %q event within 10s", want)
		}
	}
}

// ended reports whether the stream ends within 10s.
func (r *sseReader) ended() bool {
	deadline := time.After(10 * time.Second)
	for {
		select {
		case _, ok := <-r.events:
			if !ok {
				return true
			}
		case <-deadline:
			return false
		}
	}
}

func TestEvents(t *testing.T) {
	e := newEnv(t, false)
	_, srv := e.start(e.cfg)
	tab1, tab2 := e.client(srv), e.client(srv)
	tab1.signIn("ada")
	tab2.http.Jar = tab1.http.Jar // a second tab of the same browser

	s := tab2.stream("")
	_, st := s.next("status")
	assert.Equal(t, "available", st["status"])

	tab1.do("POST", "/api/status/busy/toggle", nil)
	s.status("busy")

	v := tab1.version()
	tab1.do("PATCH", "/api/profile", map[string]any{"version": v, "public_name": "Countess"})
	_, pe := s.next("profile")
	assert.Equal(t, "profile.saved", pe["kind"])
	assert.Equal(t, []any{"public_name"}, pe["fields"])
	res := tab1.do("PUT", "/api/notifications/preferences", map[string]any{"version": 0, "quiet_while_busy": true})
	require.Equal(t, http.StatusOK, res.Status, string(res.Body))
	_, pr := s.next("preferences")
	assert.Equal(t, true, pr["quiet_while_busy"])
	s.cancel()

	t.Run("a reconnect is told to reload", func(t *testing.T) {
		tab1.do("POST", "/api/status/busy/toggle", nil) // missed while disconnected
		r := tab2.stream(streamID)
		r.next("reset") // the page reloads its state
		_, st := r.next("status")
		assert.Equal(t, "available", st["status"])
		r.cancel()
	})
	t.Run("sign out ends the stream", func(t *testing.T) {
		r := tab2.stream("")
		r.next("status")
		assert.Equal(t, http.StatusNoContent, tab1.do("DELETE", "/api/session", nil).Status)
		_, out := r.next("signed_out")
		assert.Equal(t, "sign_out", out["reason"])
		assert.True(t, r.ended())
	})
}

// TestEventsEndOnPasswordChange checks that a password change ends the
// other sessions' streams at once.
func TestEventsEndOnPasswordChange(t *testing.T) {
	e := newEnv(t, false)
	_, srv := e.start(e.cfg)
	a, b := e.client(srv), e.client(srv)
	a.signIn("grace")
	b.signIn("grace")
	s := b.stream("")
	s.next("status")
	next := "another quite long pass phrase 9"
	res := a.do("POST", "/api/password", map[string]string{"current_password": e.creds["grace"], "new_password": next, "repeat_password": next})
	require.Equal(t, http.StatusNoContent, res.Status)
	_, out := s.next("signed_out")
	assert.Equal(t, "password_changed", out["reason"])
	assert.True(t, s.ended())
}

// TestLogHasNoSecrets greps the request log for every password the tests
// used and for session tokens.
func TestLogHasNoSecrets(t *testing.T) {
	e := newEnv(t, false)
	_, srv := e.start(e.cfg)
	c := e.client(srv)
	c.signIn("ada")
	next := "my brand new pass phrase 1234"
	c.do("POST", "/api/password", map[string]string{"current_password": e.creds["ada"], "new_password": next, "repeat_password": next})
	c.do("POST", "/api/session", map[string]string{"username": "ada", "password": "a wrong guess at it"})
	admin := e.client(srv)
	admin.signIn("admin")
	admin.do("POST", "/api/admin/agents", map[string]any{"username": "zed", "role": "agent", "name": "Zed", "public_name": "Zed", "password": "the first password of zed"})
	admin.do("POST", "/api/admin/agents", `{"username": "broken", "password": "malformed secret json`)

	log := e.log.String()
	require.Contains(t, log, `"path":"/api/password"`)
	for _, secret := range []string{e.creds["ada"], e.creds["admin"], e.creds["grace"], next, "a wrong guess at it", "the first password of zed", "malformed secret json"} {
		assert.NotContains(t, log, secret)
	}
	for _, ck := range c.http.Jar.Cookies(mustURL(t, srv.URL)) {
		assert.NotContains(t, log, ck.Value)
	}
	assert.Contains(t, log, `"request_id"`)
}

// openStream opens /api/events for c and returns the answer's status and,
// for a refusal, its body; an opened stream stays open until the test
// ends.
func (c *client) openStream() (int, []byte) {
	c.t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	c.t.Cleanup(cancel)
	req, err := http.NewRequestWithContext(ctx, "GET", c.base+"/api/events", nil)
	require.NoError(c.t, err)
	res, err := (&http.Client{Jar: c.http.Jar}).Do(req)
	require.NoError(c.t, err)
	if res.StatusCode == http.StatusOK {
		c.t.Cleanup(func() { _ = res.Body.Close() })
		c.e.validate(req, response{Status: res.StatusCode, Header: res.Header})
		return res.StatusCode, nil
	}
	defer func() { _ = res.Body.Close() }()
	body, err := io.ReadAll(res.Body)
	require.NoError(c.t, err)
	c.e.validate(req, response{Status: res.StatusCode, Header: res.Header, Body: body})
	return res.StatusCode, body
}

// TestStreamCaps: one session cannot open streams without end (issue 18,
// item 9): past the cap per session, a new stream is refused with 429 and
// the JSON error, and a closed stream frees its place.
func TestStreamCaps(t *testing.T) {
	e := newEnv(t, false)
	_, srv := e.start(e.cfg)
	c := e.client(srv)
	c.signIn("ada")
	opened, refused := 0, 0
	var body []byte
	for range 30 {
		status, b := c.openStream()
		switch status {
		case http.StatusOK:
			opened++
		case http.StatusTooManyRequests:
			refused++
			body = b
		default:
			t.Fatalf("status %d: %s", status, b)
		}
	}
	require.Positive(t, refused, "30 streams of one session were all opened")
	assert.Equal(t, feed.DefaultStreamsPerSession, opened)
	assert.Contains(t, string(body), `"code":"feed.too_many_streams"`)
}

// TestStreamCapsPerAgentAndInstance: the caps per agent and per instance
// hold over sessions, and a stream that ends frees its place.
func TestStreamCapsPerAgentAndInstance(t *testing.T) {
	e := newEnv(t, false)
	e.cfg.Streams = feed.StreamLimits{PerSession: 2, PerAgent: 3, Total: 4}
	_, srv := e.start(e.cfg)
	ada1, ada2, grace := e.client(srv), e.client(srv), e.client(srv)
	ada1.signIn("ada")
	ada2.signIn("ada")
	grace.signIn("grace")
	s := ada1.stream("")
	s.next("status")
	status, _ := ada1.openStream()
	require.Equal(t, http.StatusOK, status)
	status, _ = ada1.openStream()
	assert.Equal(t, http.StatusTooManyRequests, status, "per session")
	status, _ = ada2.openStream()
	require.Equal(t, http.StatusOK, status)
	status, _ = ada2.openStream()
	assert.Equal(t, http.StatusTooManyRequests, status, "per agent")
	status, _ = grace.openStream()
	require.Equal(t, http.StatusOK, status)
	status, _ = grace.openStream()
	assert.Equal(t, http.StatusTooManyRequests, status, "per instance")

	s.cancel() // ada's first stream ends: its place is free again
	require.Eventually(t, func() bool {
		status, _ := grace.openStream()
		return status == http.StatusOK
	}, 10*time.Second, 20*time.Millisecond)
}
