package password_test

import (
	"context"
	"crypto/sha1"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/convrs/profilekit"
	"github.com/convrs/profilekit/password"
)

// sha1Hex returns the upper-case hex SHA-1 of s, as range APIs use.
func sha1Hex(s string) string {
	sum := sha1.Sum([]byte(s))
	return strings.ToUpper(hex.EncodeToString(sum[:]))
}

// rangeServer is a fake k-anonymity range API. It answers for the
// passwords it knows, with their counts, plus padding entries.
type rangeServer struct {
	*httptest.Server
	requests atomic.Int64
	mu       sync.Mutex
	headers  []http.Header
	paths    []string
}

func newRangeServer(t *testing.T, counts map[string]int, padding []string) *rangeServer {
	t.Helper()
	rs := &rangeServer{}
	rs.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rs.requests.Add(1)
		rs.mu.Lock()
		rs.headers = append(rs.headers, r.Header.Clone())
		rs.paths = append(rs.paths, r.URL.Path)
		rs.mu.Unlock()
		prefix, ok := strings.CutPrefix(r.URL.Path, "/range/")
		if !ok || len(prefix) != 5 {
			http.NotFound(w, r)
			return
		}
		for pw, n := range counts {
			if h := sha1Hex(pw); h[:5] == prefix {
				fmt.Fprintf(w, "%s:%d\r\n", strings.ToLower(h[5:]), n)
			}
		}
		for _, pw := range padding {
			if h := sha1Hex(pw); h[:5] == prefix {
				fmt.Fprintf(w, "%s:0\r\n", h[5:])
			}
		}
		fmt.Fprintf(w, "%s:0\r\n", strings.Repeat("0", 35))
	}))
	t.Cleanup(rs.Close)
	return rs
}

func TestRangeClientFindsBreachedPasswords(t *testing.T) {
	ctx := context.Background()
	rs := newRangeServer(t, map[string]int{"P@ssw0rd": 52000, "rare one-off": 1}, []string{"padded only"})
	c := password.NewRangeClient(&password.RangeOptions{BaseURL: rs.URL + "/", HTTPClient: rs.Client()})

	found, err := c.Contains(ctx, "P@ssw0rd")
	require.NoError(t, err)
	assert.True(t, found)
	found, err = c.Contains(ctx, "rare one-off")
	require.NoError(t, err)
	assert.True(t, found)
	found, err = c.Contains(ctx, "padded only")
	require.NoError(t, err)
	assert.False(t, found, "padding entries (count 0) must be ignored")
	found, err = c.Contains(ctx, "quiet lanterns glow")
	require.NoError(t, err)
	assert.False(t, found)

	rs.mu.Lock()
	defer rs.mu.Unlock()
	require.NotEmpty(t, rs.headers)
	for i, h := range rs.headers {
		assert.Equal(t, "true", h.Get("Add-Padding"))
		assert.Equal(t, "profilekit", h.Get("User-Agent"))
		assert.Regexp(t, `^/range/[0-9A-F]{5}$`, rs.paths[i], "only the five-digit prefix leaves the process")
	}
	assert.Equal(t, "/range/"+sha1Hex("P@ssw0rd")[:5], rs.paths[0])
}

func TestRangeClientMinCount(t *testing.T) {
	ctx := context.Background()
	rs := newRangeServer(t, map[string]int{"P@ssw0rd": 52000, "rare one-off": 1}, nil)
	c := password.NewRangeClient(&password.RangeOptions{BaseURL: rs.URL, HTTPClient: rs.Client(), MinCount: 10})
	found, err := c.Contains(ctx, "rare one-off")
	require.NoError(t, err)
	assert.False(t, found)
	found, err = c.Contains(ctx, "P@ssw0rd")
	require.NoError(t, err)
	assert.True(t, found)
}

func TestRangeClientCachesAnswers(t *testing.T) {
	ctx := context.Background()
	clock := newFakeClock()
	rs := newRangeServer(t, map[string]int{"P@ssw0rd": 3}, nil)
	c := password.NewRangeClient(&password.RangeOptions{BaseURL: rs.URL, HTTPClient: rs.Client(), CacheTTL: time.Minute, Clock: clock})
	for range 3 {
		found, err := c.Contains(ctx, "P@ssw0rd")
		require.NoError(t, err)
		assert.True(t, found)
	}
	assert.Equal(t, int64(1), rs.requests.Load())
	clock.Advance(time.Minute)
	_, err := c.Contains(ctx, "P@ssw0rd")
	require.NoError(t, err)
	assert.Equal(t, int64(2), rs.requests.Load(), "an expired answer is fetched again")

	off := password.NewRangeClient(&password.RangeOptions{BaseURL: rs.URL, HTTPClient: rs.Client(), CacheTTL: -1})
	for range 2 {
		_, err := off.Contains(ctx, "P@ssw0rd")
		require.NoError(t, err)
	}
	assert.Equal(t, int64(4), rs.requests.Load(), "a negative CacheTTL turns the cache off")
}

func TestRangeClientCacheSizeIsBounded(t *testing.T) {
	ctx := context.Background()
	rs := newRangeServer(t, nil, nil)
	c := password.NewRangeClient(&password.RangeOptions{BaseURL: rs.URL, HTTPClient: rs.Client(), CacheSize: 2})
	for i := range 5 {
		_, err := c.Contains(ctx, fmt.Sprintf("password %d", i))
		require.NoError(t, err)
	}
	assert.Equal(t, int64(5), rs.requests.Load())
	_, err := c.Contains(ctx, "password 4")
	require.NoError(t, err)
	assert.Equal(t, int64(5), rs.requests.Load(), "the newest answer stays cached")
}

func TestRangeClientFailurePolicy(t *testing.T) {
	ctx := context.Background()
	broken := map[string]http.HandlerFunc{
		"ServerError": func(w http.ResponseWriter, _ *http.Request) { http.Error(w, "oops", http.StatusInternalServerError) },
		"RateLimited": func(w http.ResponseWriter, _ *http.Request) { http.Error(w, "slow down", http.StatusTooManyRequests) },
		"Malformed":   func(w http.ResponseWriter, _ *http.Request) { fmt.Fprintln(w, "<html>captive portal</html>") },
		"BadCount":    func(w http.ResponseWriter, _ *http.Request) { fmt.Fprintf(w, "%s:lots\n", strings.Repeat("A", 35)) },
		"TooLarge": func(w http.ResponseWriter, _ *http.Request) {
			line := strings.Repeat("A", 35) + ":1\n"
			for range (5<<20)/len(line) + 1 {
				_, _ = w.Write([]byte(line))
			}
		},
		"Slow": func(w http.ResponseWriter, r *http.Request) {
			select {
			case <-r.Context().Done():
			case <-time.After(5 * time.Second):
			}
		},
	}
	for name, h := range broken {
		t.Run(name, func(t *testing.T) {
			srv := httptest.NewServer(h)
			defer srv.Close()
			var reported []error
			var mu sync.Mutex
			report := func(err error) { mu.Lock(); defer mu.Unlock(); reported = append(reported, err) }
			opts := password.RangeOptions{BaseURL: srv.URL, HTTPClient: srv.Client(), Timeout: 200 * time.Millisecond, ReportFailure: report}

			refuse := password.NewRangeClient(&opts)
			found, err := refuse.Contains(ctx, "P@ssw0rd")
			assert.False(t, found)
			require.ErrorIs(t, err, password.ErrBlocklistUnavailable)
			assert.NotContains(t, err.Error(), sha1Hex("P@ssw0rd")[:5], "errors must not reveal the hash prefix")
			assert.NotContains(t, err.Error(), "P@ssw0rd")

			opts.OnFailure = password.AcceptOnFailure
			accept := password.NewRangeClient(&opts)
			found, err = accept.Contains(ctx, "P@ssw0rd")
			assert.NoError(t, err)
			assert.False(t, found)

			mu.Lock()
			defer mu.Unlock()
			require.Len(t, reported, 2, "every failure is reported, whatever the policy")
			for _, e := range reported {
				assert.ErrorIs(t, e, password.ErrBlocklistUnavailable)
			}
		})
	}
}

func TestRangeClientUnreachable(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	url := srv.URL
	srv.Close()
	c := password.NewRangeClient(&password.RangeOptions{BaseURL: url})
	_, err := c.Contains(context.Background(), "P@ssw0rd")
	require.ErrorIs(t, err, password.ErrBlocklistUnavailable)
	assert.NotContains(t, err.Error(), "/range/")
	p := password.NewPolicy(&password.PolicyOptions{Blocklists: []password.Blocklist{c}})
	assert.Equal(t, []profilekit.Code{profilekit.CodePasswordCheckUnavailable}, codesOf(t, p.Validate(context.Background(), password.Subject{}, "quiet lanterns glow")))
}

func TestRangeClientCancelledContextIsNotAFailure(t *testing.T) {
	rs := newRangeServer(t, nil, nil)
	reported := 0
	c := password.NewRangeClient(&password.RangeOptions{BaseURL: rs.URL, HTTPClient: rs.Client(), OnFailure: password.AcceptOnFailure, ReportFailure: func(error) { reported++ }})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := c.Contains(ctx, "P@ssw0rd")
	assert.ErrorIs(t, err, context.Canceled, "a cancelled caller gets its context's error, even with AcceptOnFailure")
	assert.Zero(t, reported)
}

func TestFailurePolicyText(t *testing.T) {
	for _, f := range []password.FailurePolicy{password.RefuseOnFailure, password.AcceptOnFailure} {
		text, err := f.MarshalText()
		require.NoError(t, err)
		assert.Equal(t, f.String(), string(text))
		var back password.FailurePolicy
		require.NoError(t, back.UnmarshalText(text))
		assert.Equal(t, f, back)
	}
	assert.Equal(t, "refuse", password.RefuseOnFailure.String())
	assert.Equal(t, "accept", password.AcceptOnFailure.String())
	assert.Equal(t, "FailurePolicy(7)", password.FailurePolicy(7).String())
	_, err := password.FailurePolicy(7).MarshalText()
	var verr *password.ValidationError
	require.ErrorAs(t, err, &verr)
	assert.Equal(t, []profilekit.Code{profilekit.CodeFailurePolicyUnknown}, verr.Codes())
	f := password.AcceptOnFailure
	err = f.UnmarshalText([]byte("maybe"))
	require.ErrorAs(t, err, &verr)
	assert.Equal(t, `password: invalid input: on_failure: "maybe" is not a known failure policy (failure_policy.unknown)`, err.Error())
	assert.Equal(t, password.AcceptOnFailure, f, "a failed unmarshal changed the value")
	var opts struct{ OnFailure password.FailurePolicy }
	require.NoError(t, json.Unmarshal([]byte(`{"OnFailure":"accept"}`), &opts))
	assert.Equal(t, password.AcceptOnFailure, opts.OnFailure)
}
