package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"log/slog"
	"net/http"
	"strings"
	"time"
)

// ctxKey keys the values the middleware puts in a request's context.
type ctxKey int

const (
	keyRequestID ctxKey = iota
	keyLogAttrs
)

// requestID returns the ID the middleware gave the request, or "".
func requestID(ctx context.Context) string {
	id, _ := ctx.Value(keyRequestID).(string)
	return id
}

// logAttrs collects attributes a handler adds to the request's log line.
type logAttrs struct{ agentID string }

// setLogAgent names the signed-in agent in the request's log line.
func setLogAgent(ctx context.Context, agentID string) {
	if a, ok := ctx.Value(keyLogAttrs).(*logAttrs); ok {
		a.agentID = agentID
	}
}

// newRequestID returns 8 random bytes in hex.
func newRequestID() string {
	var b [8]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// statusRecorder remembers the status and size of an answer.
type statusRecorder struct {
	http.ResponseWriter
	status int
	bytes  int64
}

func (s *statusRecorder) WriteHeader(code int) {
	if s.status == 0 {
		s.status = code
	}
	s.ResponseWriter.WriteHeader(code)
}

func (s *statusRecorder) Write(b []byte) (int, error) {
	if s.status == 0 {
		s.status = http.StatusOK
	}
	n, err := s.ResponseWriter.Write(b)
	s.bytes += int64(n)
	return n, err
}

// Unwrap lets http.ResponseController reach the connection (flushes and
// deadlines for the event stream).
func (s *statusRecorder) Unwrap() http.ResponseWriter { return s.ResponseWriter }

// logRequests gives each request an ID (also sent as X-Request-ID) and
// logs one line per request: method, path (never the query or a body),
// status, size, duration and the agent when signed in.
func logRequests(log *slog.Logger, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		id := newRequestID()
		attrs := &logAttrs{}
		ctx := context.WithValue(context.WithValue(r.Context(), keyRequestID, id), keyLogAttrs, attrs)
		w.Header().Set("X-Request-ID", id)
		rec := &statusRecorder{ResponseWriter: w}
		defer func() {
			if p := recover(); p != nil {
				log.ErrorContext(ctx, "handler panicked", "request_id", id, "path", r.URL.Path)
				if rec.status == 0 {
					writeError(rec, r.WithContext(ctx), log, errPanic)
				}
			}
			log.LogAttrs(ctx, slog.LevelInfo, "request",
				slog.String("request_id", id),
				slog.String("method", r.Method),
				slog.String("path", r.URL.Path),
				slog.Int("status", rec.status),
				slog.Int64("bytes", rec.bytes),
				slog.Duration("duration", time.Since(start)),
				slog.String("agent_id", attrs.agentID),
			)
		}()
		next.ServeHTTP(rec, r.WithContext(ctx))
	})
}

// errPanic is what a panicking handler answers.
var errPanic = &panicError{}

type panicError struct{}

func (*panicError) Error() string { return "server: handler panicked" }

// contentSecurityPolicy allows only the page's own files: no inline
// script or style, no framing, no plugins.
const contentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; " +
	"media-src 'self' data: blob:; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; " +
	"form-action 'self'; frame-ancestors 'none'"

// securityHeaders sets the headers every answer carries, and no-store on
// the API.
func securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", contentSecurityPolicy)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		h.Set("Cross-Origin-Resource-Policy", "same-origin")
		if strings.HasPrefix(r.URL.Path, "/api/") {
			h.Set("Cache-Control", "no-store")
		}
		next.ServeHTTP(w, r)
	})
}
