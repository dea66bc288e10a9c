package webhook_test

import (
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/convrs/profilekit/notify/webhook"
)

// FuzzVerify checks that Verify never panics on any headers and body, and
// that it accepts only what was signed with the secret over this body
// within the tolerance.
func FuzzVerify(f *testing.F) {
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	good := signed(secret, now.Unix(), "{}")
	f.Add(good.Get(webhook.HeaderTimestamp), good.Get(webhook.HeaderSignature), "{}")
	f.Add("-1", "v1=", "")
	f.Add("99999999999999999999", "v1=zz,v1=00", "x")
	f.Fuzz(func(t *testing.T, ts, sig, body string) {
		v := &webhook.Verifier{Secret: secret, Clock: fixedClock(now)}
		h := http.Header{}
		h.Set(webhook.HeaderTimestamp, ts)
		h.Set(webhook.HeaderSignature, sig)
		err := v.Verify(h, []byte(body))
		if err != nil {
			return
		}
		secs, perr := strconv.ParseInt(ts, 10, 64)
		require.NoError(t, perr)
		require.LessOrEqual(t, secs-now.Unix(), int64(300))
		require.LessOrEqual(t, now.Unix()-secs, int64(300))
		// A signature that verifies is the real one.
		require.NoError(t, v.Verify(signed(secret, secs, body), []byte(body)))
		require.Contains(t, strings.ToLower(sig), signed(secret, secs, body).Get(webhook.HeaderSignature)[3:])
	})
}
