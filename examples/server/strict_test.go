package main

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestDuplicateKeysRefused(t *testing.T) {
	e := newEnv(t, false)
	_, srv := e.start(e.cfg)
	c := e.client(srv)
	c.signIn("ada")
	for _, body := range []string{
		`{"version": 0, "alerts": {"new_message": {"sound_on": true, "sound": "", "volume": 500, "volume": 5, "browser": true, "only_when_unfocused": true}}}`,
		`{"version": 0, "version": 0}`,
		`{"version": 0, "alerts": {"new_message": {}, "new_message": {}}}`,
		`{"version": 0, "Version": 0}`,
		`{"version": 0, "\u0076ersion": 0}`,
	} {
		res := c.do("PUT", "/api/notifications/preferences", body)
		require.Equal(t, http.StatusBadRequest, res.Status, "%s: %s", body, res.Body)
		assert.Equal(t, "request.duplicate_key", res.Code(t), body)
	}
	res := c.do("GET", "/api/notifications/preferences", nil)
	require.Equal(t, http.StatusOK, res.Status)
	assert.Equal(t, float64(0), res.JSON(t)["version"], "nothing was saved")
}

func TestStaticServesFilesOnly(t *testing.T) {
	e := newEnv(t, false)
	_, srv := e.start(e.cfg)
	c := e.client(srv)
	for _, path := range []string{"/i18n/", "/i18n", "/no-such-file.js", "/i18n/xx.json"} {
		res := c.do("GET", path, nil)
		assert.Equal(t, http.StatusNotFound, res.Status, path)
		assert.Equal(t, "route.not_found", res.Code(t), path)
		assert.NotContains(t, string(res.Body), "en.json", path)
	}
	for path, ctype := range map[string]string{"/": "text/html", "/i18n/en.json": "application/json", "/app.js": "text/javascript"} {
		res := c.do("GET", path, nil)
		assert.Equal(t, http.StatusOK, res.Status, path)
		assert.Contains(t, res.Header.Get("Content-Type"), ctype, path)
	}
}

func TestNetHTTPErrorsAreJSON(t *testing.T) {
	e := newEnv(t, false)
	app, _ := e.start(e.cfg)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	ctx, cancel := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() { served <- serve(ctx, app, ln) }()
	t.Cleanup(func() {
		cancel()
		<-served
	})

	// raw sends request on a new connection and reads the answer.
	raw := func(request string) (*http.Response, []byte) {
		t.Helper()
		conn, err := net.Dial("tcp", ln.Addr().String())
		require.NoError(t, err)
		defer conn.Close()
		_, err = io.WriteString(conn, request)
		require.NoError(t, err)
		res, err := http.ReadResponse(bufio.NewReader(conn), nil)
		require.NoError(t, err)
		body, err := io.ReadAll(res.Body)
		require.NoError(t, err)
		return res, body
	}
	for _, c := range []struct {
		name, request string
		status        int
		code          string
	}{
		{"over-size headers", "GET /api/session HTTP/1.1\r\nHost: x\r\nX-Big: " + strings.Repeat("a", 64<<10) + "\r\n\r\n", http.StatusRequestHeaderFieldsTooLarge, "request.header_too_large"},
		{"a malformed header", "GET /api/session HTTP/1.1\r\nHost: x\r\nNo colon here\r\n\r\n", http.StatusBadRequest, "request.malformed"},
		{"an unsupported version", "GET /api/session HTTP/2.5\r\nHost: x\r\n\r\n", http.StatusHTTPVersionNotSupported, "request.malformed"},
		{"a missing host", "GET /api/session HTTP/1.1\r\n\r\n", http.StatusBadRequest, "request.malformed"},
	} {
		t.Run(c.name, func(t *testing.T) {
			res, body := raw(c.request)
			assert.Equal(t, c.status, res.StatusCode)
			assert.Equal(t, "application/json; charset=utf-8", res.Header.Get("Content-Type"))
			var got map[string]any
			require.NoError(t, json.Unmarshal(body, &got), "%s", body)
			assert.Equal(t, c.code, got["code"])
			assert.NotEmpty(t, got["message"])
		})
	}
	res, body := raw("GET /api/session HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
	assert.Equal(t, http.StatusUnauthorized, res.StatusCode, "a handler's answer passes unchanged")
	assert.Contains(t, string(body), `"auth.required"`)
}

// FuzzNetHTTPError checks that any write is classified without panicking,
// and that only a status line in the 4xx or 5xx range followed by
// net/http's own error headers is taken for one of its error answers.
func FuzzNetHTTPError(f *testing.F) {
	f.Add([]byte("HTTP/1.1 431 Request Header Fields Too Large" + netHTTPErrorHeaders + "431 Request Header Fields Too Large"))
	f.Add([]byte("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\nDate: x\r\n\r\n"))
	f.Add([]byte("HTTP/1.1 4"))
	f.Fuzz(func(t *testing.T, p []byte) {
		status, ok := netHTTPError(p)
		if !ok {
			return
		}
		if status < 400 || status > 599 || !strings.HasPrefix(string(p), "HTTP/1.1 ") || !strings.Contains(string(p), netHTTPErrorHeaders) {
			t.Fatalf("%q taken for an error answer with status %d", p, status)
		}
		answer, err := http.ReadResponse(bufio.NewReader(strings.NewReader(string(jsonErrorAnswer(status)))), nil)
		if err != nil || answer.StatusCode != status {
			t.Fatalf("the answer for %d does not parse: %v", status, err)
		}
	})
}
