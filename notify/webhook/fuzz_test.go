package webhook_test

import (
	"context"
	"net/http"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/convrs/profilekit"
	"github.com/convrs/profilekit/notify/webhook"
	"github.com/convrs/profilekit/profilekittest"
)

// FuzzVerify checks that Verify never panics on any headers and body, and
// that it accepts only what was signed with the secret over this delivery
// ID, timestamp and body within the tolerance, and then only once (the
// Verifier has a Guard). The seed corpus is in testdata/fuzz/FuzzVerify.
func FuzzVerify(f *testing.F) {
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	good := signed(secret, now.Unix(), "{}")
	f.Add(good.Get(webhook.HeaderID), good.Get(webhook.HeaderTimestamp), good.Get(webhook.HeaderSignature), "{}")
	f.Add("x", "-1", "v2=", "")
	f.Add("", "99999999999999999999", "v2=zz,v2=00", "x")
	dotted := signedID(secret, "a.1", now.Unix(), "{}")
	f.Add("a.1", dotted.Get(webhook.HeaderTimestamp), dotted.Get(webhook.HeaderSignature), "{}")
	f.Add("other", good.Get(webhook.HeaderTimestamp), good.Get(webhook.HeaderSignature), "{}")
	f.Add(deliveryID, good.Get(webhook.HeaderTimestamp), "v1="+good.Get(webhook.HeaderSignature)[3:], "{}")
	f.Fuzz(func(t *testing.T, id, ts, sig, body string) {
		ctx := context.Background()
		v := &webhook.Verifier{Secret: secret, Clock: profilekittest.NewClock(now), Guard: webhook.NewMemoryGuard(0)}
		h := http.Header{}
		h.Set(webhook.HeaderID, id)
		h.Set(webhook.HeaderTimestamp, ts)
		h.Set(webhook.HeaderSignature, sig)
		err := v.Verify(ctx, h, []byte(body))
		if err != nil {
			return
		}
		assert.ErrorIs(t, v.Verify(ctx, h, []byte(body)), webhook.ErrReplayed, "a request verifies once")
		secs, perr := strconv.ParseInt(ts, 10, 64)
		require.NoError(t, perr)
		require.LessOrEqual(t, secs-now.Unix(), int64(300))
		require.LessOrEqual(t, now.Unix()-secs, int64(300))
		require.NotContains(t, id, ".")
		// A signature that verifies is the real one, over this ID.
		real := signedID(secret, id, secs, body)
		require.NoError(t, (&webhook.Verifier{Secret: secret, Clock: profilekittest.NewClock(now)}).Verify(ctx, real, []byte(body)))
		require.Contains(t, strings.ToLower(sig), real.Get(webhook.HeaderSignature)[3:])
	})
}

// FuzzNew checks that New never panics on any URL, and that a URL it
// accepts by default is an absolute http or https URL without a user
// name or password, whose host, when it is an IP address, is a public
// one; and that a URL it refuses as internal is accepted with
// AllowInternal. The seed corpus is in testdata/fuzz/FuzzNew.
func FuzzNew(f *testing.F) {
	for _, u := range []string{"https://example.com/hook", "http://127.0.0.1/", "http://[::ffff:7f00:1]/", "http://[fe80::1%25lo]/",
		"http://localhost./", "http://2130706433/", "http://0x7f.1/", "http://a:b@example.com/", "http://[64:ff9b::7f00:1]/", "ftp://x/"} {
		f.Add(u)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		_, err := webhook.New(raw, secret, nil)
		if err != nil {
			var verr *profilekit.ValidationError
			require.ErrorAs(t, err, &verr)
			if verr.Codes()[0] == profilekit.CodeURLForbiddenAddress {
				_, err := webhook.New(raw, secret, &webhook.Options{AllowInternal: true})
				require.NoError(t, err, "refused as internal only")
			}
			return
		}
		u, perr := url.Parse(raw)
		require.NoError(t, perr)
		require.Contains(t, []string{"http", "https"}, u.Scheme)
		require.Nil(t, u.User)
		if a, err := netip.ParseAddr(u.Hostname()); err == nil {
			require.NoError(t, webhook.DialControl("tcp", netip.AddrPortFrom(a.WithZone(""), 80).String(), nil), "%s is public", a)
		}
	})
}
