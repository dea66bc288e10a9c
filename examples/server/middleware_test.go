package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/convrs/profilekit/examples/apierror"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestFailuresLeakNothingInternal: a panicking handler and a store failure
// without a code both answer 500 with the catalogue's server.internal, and
// neither the panic value nor the error text reaches the client.
func TestFailuresLeakNothingInternal(t *testing.T) {
	const internal = "sqlite: disk I/O error at /var/lib/secret/path"
	var logs bytes.Buffer
	log := slog.New(slog.NewJSONHandler(&logs, nil))
	for name, h := range map[string]http.HandlerFunc{
		"panic": func(http.ResponseWriter, *http.Request) { panic(internal) },
		"error": func(w http.ResponseWriter, r *http.Request) {
			writeError(w, r, log, errors.New(internal))
		},
	} {
		t.Run(name, func(t *testing.T) {
			rec := httptest.NewRecorder()
			logRequests(log, h).ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/api/profile", nil))
			assert.Equal(t, http.StatusInternalServerError, rec.Code)
			assert.NotContains(t, rec.Body.String(), "secret")
			assert.NotContains(t, rec.Body.String(), "goroutine", "no stack trace")
			var body map[string]any
			require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &body), rec.Body.String())
			assert.Equal(t, string(apierror.CodeServerInternal), body["code"])
			assert.Equal(t, rec.Header().Get("X-Request-ID"), body["request_id"], "the answer names the request for the logs")
		})
	}
}
