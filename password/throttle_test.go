package password_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/convrs/profilekit/password"
)

// TestVerifyFromAnotherClientWhileAttackerHammers: an attacker hammering
// an agent's account from one address waits, with growing back-off,
// while the agent signs in from another address (issue 18, item 7).
func TestVerifyFromAnotherClientWhileAttackerHammers(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t, nil)
	const attacker, victim = "203.0.113.9", "198.51.100.7"
	throttled, counted := 0, 0
	for range 200 {
		err := f.svc.VerifyFrom(ctx, "a1", attacker, "guess")
		switch {
		case errors.Is(err, password.ErrThrottled):
			throttled++
		case errors.Is(err, password.ErrIncorrect):
			counted++
		default:
			t.Fatalf("unexpected %v", err)
		}
		require.NoError(t, f.svc.VerifyFrom(ctx, "a1", victim, first), "the agent is locked out by an attacker")
		f.clock.Advance(time.Second)
	}
	assert.Positive(t, throttled)
	assert.Less(t, counted, 20, "the attacker's back-off grows: few of 200 guesses over 200 s count")
	assert.ErrorIs(t, f.svc.VerifyFrom(ctx, "a1", attacker, first), password.ErrThrottled, "the attacker's address waits even with the right password")

	// Back-off, not lock-out: once the wait is over, the right password
	// signs in from the attacker's address too (a shared NAT, say).
	f.clock.Advance(password.DefaultThrottleMaxDelay)
	assert.NoError(t, f.svc.VerifyFrom(ctx, "a1", attacker, first))
}

// TestAccountCeilingAcrossClients: guesses spread over many addresses add
// up to the account-wide ceiling, far above the per-client one; then every
// client waits, and the wait ends.
func TestAccountCeilingAcrossClients(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t, nil)
	for i := range password.DefaultAccountThrottleFree {
		client := fmt.Sprintf("10.0.%d.%d", i/256, i%256)
		require.ErrorIs(t, f.svc.VerifyFrom(ctx, "a1", client, "guess"), password.ErrIncorrect, "guess %d", i)
	}
	assert.Equal(t, password.DefaultAccountThrottleFree, f.get("a1").FailedAttempts)
	var terr *password.ThrottledError
	require.ErrorAs(t, f.svc.VerifyFrom(ctx, "a1", "198.51.100.7", first), &terr)
	assert.Equal(t, password.DefaultThrottleDelay, terr.RetryAfter)
	f.clock.Advance(password.DefaultThrottleDelay)
	require.NoError(t, f.svc.VerifyFrom(ctx, "a1", "198.51.100.7", first))
	assert.Zero(t, f.get("a1").FailedAttempts, "a correct password clears the account count")
}

// TestPerClientThrottle: the per-client Throttle counts (agent, client)
// pairs: another agent from the same client, or the same agent from
// another client, starts afresh; a success clears the pair.
func TestPerClientThrottle(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t, &password.Options{Throttle: password.Throttle{Free: 2}})
	require.NoError(t, f.svc.Set(ctx, password.Subject{AgentID: "b1", Username: "bob"}, second))
	for range 2 {
		require.ErrorIs(t, f.svc.VerifyFrom(ctx, "a1", "c1", "guess"), password.ErrIncorrect)
	}
	assert.ErrorIs(t, f.svc.VerifyFrom(ctx, "a1", "c1", first), password.ErrThrottled)
	assert.NoError(t, f.svc.VerifyFrom(ctx, "b1", "c1", second), "another agent from the same client")
	assert.ErrorIs(t, f.svc.VerifyFrom(ctx, "a1", "c2", "guess"), password.ErrIncorrect)
	assert.NoError(t, f.svc.VerifyFrom(ctx, "a1", "c2", first))
	assert.ErrorIs(t, f.svc.VerifyFrom(ctx, "a1", "c2", "guess"), password.ErrIncorrect)
	assert.ErrorIs(t, f.svc.VerifyFrom(ctx, "a1", "c2", "guess"), password.ErrIncorrect, "the success cleared the pair's count")
}

// TestMaxClientsForgetsOldPairs: a full table makes room by forgetting a
// pair; it never grows past MaxClients.
func TestMaxClientsForgetsOldPairs(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t, &password.Options{Throttle: password.Throttle{Free: 1}, MaxClients: 1})
	require.ErrorIs(t, f.svc.VerifyFrom(ctx, "a1", "c1", "guess"), password.ErrIncorrect)
	assert.ErrorIs(t, f.svc.VerifyFrom(ctx, "a1", "c1", "guess"), password.ErrThrottled)
	f.clock.Advance(time.Millisecond)
	require.ErrorIs(t, f.svc.VerifyFrom(ctx, "a1", "c2", "guess"), password.ErrIncorrect) // forgets c1
	assert.ErrorIs(t, f.svc.VerifyFrom(ctx, "a1", "c1", "guess"), password.ErrIncorrect, "c1 was forgotten")
}

func TestClientFromAddr(t *testing.T) {
	for in, want := range map[string]string{
		"203.0.113.9:52100":          "203.0.113.9",
		"203.0.113.9":                "203.0.113.9",
		"[::ffff:203.0.113.9]:443":   "203.0.113.9",
		"[2001:db8:1:2:3:4:5:6]:443": "2001:db8:1:2::/64",
		"2001:db8:1:2:ffff::1":       "2001:db8:1:2::/64",
		"[fe80::1%eth0]:80":          "fe80::/64",
		"@":                          "@",
		"":                           "",
		"/run/profilekit.sock":       "/run/profilekit.sock",
		"not an address:80":          "not an address:80",
	} {
		assert.Equal(t, want, password.ClientFromAddr(in), in)
	}
}
