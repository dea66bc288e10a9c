package main

import (
	"crypto/sha1"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestCommonPasswordsRefused(t *testing.T) {
	e := newEnv(t, false)
	_, srv := e.start(e.cfg)
	a := e.client(srv)
	a.signIn("ada")
	for _, pw := range []string{"Password1234567", "correcthorsebatterystaple", "qwertyuiopasdfgh", "iloveyou12345678", "Password password!"} {
		res := a.do("POST", "/api/password", map[string]string{"current_password": e.creds["ada"], "new_password": pw, "repeat_password": pw})
		require.Equal(t, http.StatusUnprocessableEntity, res.Status, "%s: %s", pw, res.Body)
		assert.Contains(t, string(res.Body), `"password.breached"`, pw)
	}
	next := "violet tram under seven lanterns"
	res := a.do("POST", "/api/password", map[string]string{"current_password": e.creds["ada"], "new_password": next, "repeat_password": next})
	assert.Equal(t, http.StatusNoContent, res.Status, string(res.Body))
}

func TestBreachedRangeCheck(t *testing.T) {
	breached := "violet tram under seven lanterns"
	sum := sha1.Sum([]byte(breached))
	digest := strings.ToUpper(hex.EncodeToString(sum[:]))
	var requests atomic.Int32
	rangeSrv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		requests.Add(1)
		if r.URL.Path == "/range/"+digest[:5] {
			_, _ = fmt.Fprintf(w, "%s:42\r\n", digest[5:])
		}
	}))
	t.Cleanup(rangeSrv.Close)

	e := newEnv(t, false)
	e.cfg.BreachedRangeURL = rangeSrv.URL
	_, srv := e.start(e.cfg)
	a := e.client(srv)
	a.signIn("ada")
	res := a.do("POST", "/api/password", map[string]string{"current_password": e.creds["ada"], "new_password": breached, "repeat_password": breached})
	require.Equal(t, http.StatusUnprocessableEntity, res.Status, string(res.Body))
	assert.Contains(t, string(res.Body), `"password.breached"`)
	assert.Positive(t, requests.Load())

	rangeSrv.Close() // the service is gone: the password cannot be checked, so it is refused
	next := "amber kettle over nine bridges"
	res = a.do("POST", "/api/password", map[string]string{"current_password": e.creds["ada"], "new_password": next, "repeat_password": next})
	require.Equal(t, http.StatusUnprocessableEntity, res.Status, string(res.Body))
	assert.Contains(t, string(res.Body), `"password.breach_check_unavailable"`)
}
