package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"strconv"

	"github.com/convrs/profilekit/examples/apierror"
)

// netHTTPErrorHeaders is what net/http writes after the status line of the
// answers it sends on its own, before any handler runs: over-size headers
// (431), a malformed request (400), an unsupported protocol version (505)
// or transfer encoding (501). It writes each as one Write on the
// connection, with a plain-text body.
const netHTTPErrorHeaders = "\r\nContent-Type: text/plain; charset=utf-8\r\nConnection: close\r\n\r\n"

// jsonErrors wraps ln so that the answers net/http sends on its own, which
// no handler or middleware sees, carry the JSON error shape of every other
// answer, with net/http's status kept: request.header_too_large for a 431,
// request.malformed for the rest. Every other write passes unchanged. It
// works on plain-text HTTP/1.x connections (behind a TLS-terminating
// proxy, as this server runs); under TLS the bytes it sees are encrypted.
func jsonErrors(ln net.Listener) net.Listener { return &jsonErrorListener{ln} }

// jsonErrorListener gives each accepted connection a jsonErrorConn.
type jsonErrorListener struct{ net.Listener }

// Accept waits for a connection and wraps it.
func (l *jsonErrorListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	return &jsonErrorConn{Conn: c}, nil
}

// jsonErrorConn rewrites net/http's own error answers to JSON.
type jsonErrorConn struct{ net.Conn }

// Write writes p, or its JSON rewrite when p is one of net/http's own
// error answers; it then reports len(p) written, as net/http expects.
func (c *jsonErrorConn) Write(p []byte) (int, error) {
	status, ok := netHTTPError(p)
	if !ok {
		return c.Conn.Write(p)
	}
	if _, err := c.Conn.Write(jsonErrorAnswer(status)); err != nil {
		return 0, err
	}
	return len(p), nil
}

// netHTTPError reports whether p is an answer net/http wrote on its own,
// and its status: "HTTP/1.1 431 ..." followed directly by
// netHTTPErrorHeaders. A handler's answer never has that shape: net/http
// adds Date to it and writes its headers sorted, Connection before
// Content-Type.
func netHTTPError(p []byte) (int, bool) {
	const prefix = "HTTP/1.1 "
	if !bytes.HasPrefix(p, []byte(prefix)) || len(p) < len(prefix)+3 {
		return 0, false
	}
	end := bytes.Index(p, []byte("\r\n"))
	if end < 0 || !bytes.HasPrefix(p[end:], []byte(netHTTPErrorHeaders)) {
		return 0, false
	}
	status, err := strconv.Atoi(string(p[len(prefix) : len(prefix)+3]))
	if err != nil || status < 400 || status > 599 {
		return 0, false
	}
	return status, true
}

// jsonErrorAnswer is the whole HTTP answer with status and the JSON error
// body of its code.
func jsonErrorAnswer(status int) []byte {
	code := apierror.CodeRequestMalformed
	if status == http.StatusRequestHeaderFieldsTooLarge {
		code = apierror.CodeRequestHeaderTooLarge
	}
	body, _ := json.Marshal(errorBody{Code: code, Message: apierror.Message(code)}) // cannot fail
	body = append(body, '\n')
	var b bytes.Buffer
	fmt.Fprintf(&b, "HTTP/1.1 %d %s\r\n", status, http.StatusText(status))
	fmt.Fprintf(&b, "Content-Type: application/json; charset=utf-8\r\nContent-Length: %d\r\n", len(body))
	b.WriteString("X-Content-Type-Options: nosniff\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n")
	b.Write(body)
	return b.Bytes()
}
