package main

import (
	"context"
	"net"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/convrs/profilekit/profilekittest"
)

// from makes c connect from the loopback address ip (any of 127.0.0.0/8),
// so that the server sees another client address.
func (c *client) from(ip string) *client {
	c.t.Helper()
	d := &net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(ip)}}
	c.http.Transport = &http.Transport{DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
		return d.DialContext(ctx, network, addr)
	}}
	return c
}

// TestSignInThrottlePerClient: an attacker hammering grace's account from
// one address is throttled, and grace still signs in from another while
// the attacker is (issue 18, item 7). The clock stands still, so the
// attacker's back-off never ends during the test.
func TestSignInThrottlePerClient(t *testing.T) {
	e := newEnv(t, false)
	e.cfg.Clock = profilekittest.NewClock(profilekittest.Start)
	_, srv := e.start(e.cfg)
	attacker := e.client(srv).from("127.0.0.2")
	for range 12 {
		r := attacker.do("POST", "/api/session", map[string]string{"username": "grace", "password": "wrong wrong wrong wrong"})
		require.Equal(t, http.StatusUnauthorized, r.Status)
	}
	// The attacker's address is in back-off: even the right password is
	// refused from it, with the same answer.
	r := attacker.do("POST", "/api/session", map[string]string{"username": "grace", "password": e.creds["grace"]})
	assert.Equal(t, http.StatusUnauthorized, r.Status)
	assert.Equal(t, "auth.failed", r.Code(t))

	// Grace, from her own address, signs in while the attacker hammers on.
	grace := e.client(srv).from("127.0.0.3")
	r = grace.do("POST", "/api/session", map[string]string{"username": "grace", "password": e.creds["grace"]})
	require.Equal(t, http.StatusOK, r.Status, string(r.Body))
	for range 12 {
		attacker.do("POST", "/api/session", map[string]string{"username": "grace", "password": "wrong wrong wrong wrong"})
	}
	r = e.client(srv).from("127.0.0.3").do("POST", "/api/session", map[string]string{"username": "grace", "password": e.creds["grace"]})
	assert.Equal(t, http.StatusOK, r.Status, string(r.Body))
}
