package main

import (
	"bufio"
	"context"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"regexp"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestRun starts the program as `go run ./examples/server` does, in an
// empty directory, and shuts it down as SIGINT would: the open event
// stream ends and run returns.
func TestRun(t *testing.T) {
	spec, router := loadSpec(t)
	t.Chdir(t.TempDir())
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"-addr", "127.0.0.1:0"}, pw, io.Discard)
		_ = pw.Close()
	}()
	sc := bufio.NewScanner(pr)
	creds := map[string]string{}
	var base string
	line := regexp.MustCompile(`^  (\S+)\s+(\S+)$`)
	for base == "" && sc.Scan() {
		if m := line.FindStringSubmatch(sc.Text()); m != nil {
			creds[m[1]] = m[2]
		}
		if m := regexp.MustCompile(`on (http://\S+)/ `).FindStringSubmatch(sc.Text()); m != nil {
			base = m[1]
		}
	}
	go func() { _, _ = io.Copy(io.Discard, pr) }()
	require.NotEmpty(t, base)
	require.Len(t, creds, 3)
	_, err := os.Stat("profilekit.db")
	assert.NoError(t, err, "SQLite in the working directory")

	e := &testEnv{t: t, creds: creds, spec: spec, router: router}
	c := &client{t: t, e: e, base: base, http: &http.Client{Timeout: 30 * time.Second}}
	c.http.Jar = newJar(t)
	c.signIn("ada")
	v := c.version()
	res := c.upload(itoa(v), testPNG(t, 40, 40))
	require.Equal(t, http.StatusOK, res.Status, string(res.Body))
	_, err = os.Stat("profilekit-data/photos")
	assert.NoError(t, err, "photos under ./profilekit-data/")
	s := c.stream("")
	s.next("status")

	cancel()
	select {
	case err := <-done:
		assert.NoError(t, err)
	case <-time.After(20 * time.Second):
		t.Fatal("run did not return after shutdown")
	}
	assert.True(t, s.ended(), "the event stream ends on shutdown")
}

// TestStreamOutlivesTimeouts checks that the event stream survives the
// server's read and write timeouts while ordinary requests keep them.
func TestStreamOutlivesTimeouts(t *testing.T) {
	e := newEnv(t, false)
	app, err := NewApp(t.Context(), e.cfg)
	require.NoError(t, err)
	srv := httptest.NewUnstartedServer(nil)
	// Timeouts short enough that the stream outlives them in the test,
	// long enough that the toggle request itself finishes within them on a
	// loaded machine (300 ms was not: its write could exceed it).
	const timeout = 2 * time.Second
	srv.Config = newHTTPServer(app, timeout)
	srv.Start()
	t.Cleanup(func() { app.CloseStreams(); srv.Close(); _ = app.Close() })
	e.parseCreds()
	c := e.client(srv)
	c.signIn("ada")
	s := c.stream("")
	s.next("status")
	time.Sleep(timeout + timeout/2)
	c.do("POST", "/api/status/busy/toggle", nil)
	s.status("busy")
}

// TestShutdownFinishesInFlightRequests: a request whose body is still
// arriving when shutdown starts is served to the end, and serve returns
// only after it.
func TestShutdownFinishesInFlightRequests(t *testing.T) {
	e := newEnv(t, false)
	app, err := NewApp(t.Context(), e.cfg)
	require.NoError(t, err)
	t.Cleanup(func() { _ = app.Close() })
	e.parseCreds()
	require.Contains(t, e.creds, "ada")
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- serve(ctx, app, ln) }()

	body := []byte(`{"username": "ada", "password": ` + strconv.Quote(e.creds["ada"]) + `}`)
	pr, pw := io.Pipe()
	req, err := http.NewRequest(http.MethodPost, "http://"+ln.Addr().String()+"/api/session", pr)
	require.NoError(t, err)
	req.Header.Set("Content-Type", "application/json")
	req.ContentLength = int64(len(body))
	type result struct {
		status int
		err    error
	}
	answered := make(chan result, 1)
	go func() {
		res, err := (&http.Client{Timeout: time.Minute}).Do(req)
		if err != nil {
			answered <- result{err: err}
			return
		}
		_ = res.Body.Close()
		answered <- result{status: res.StatusCode}
	}()
	_, err = pw.Write(body[:10])
	require.NoError(t, err)
	time.Sleep(500 * time.Millisecond) // the server has accepted the connection and reads the body

	cancel()
	select {
	case err := <-done:
		t.Fatalf("serve returned with a request in flight: %v", err)
	case <-time.After(300 * time.Millisecond):
	}
	_, err = pw.Write(body[10:])
	require.NoError(t, err)
	require.NoError(t, pw.Close())
	res := <-answered
	require.NoError(t, res.err, "the in-flight request was cut off")
	assert.Equal(t, http.StatusOK, res.status)
	select {
	case err := <-done:
		assert.NoError(t, err)
	case <-time.After(30 * time.Second):
		t.Fatal("serve did not return after the last request")
	}
}
