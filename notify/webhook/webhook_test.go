package webhook_test

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/convrs/profilekit"
	"github.com/convrs/profilekit/notify"
	"github.com/convrs/profilekit/notify/webhook"
	"github.com/convrs/profilekit/profilekittest"
)

var secret = []byte("0123456789abcdef0123456789abcdef-secret")

// fast are Options that retry at once, for tests, and reach the loopback
// receivers of httptest.
func fast() *webhook.Options {
	return &webhook.Options{Timeout: 2 * time.Second, MinBackoff: time.Millisecond, MaxBackoff: 2 * time.Millisecond, AllowInternal: true}
}

var sample = notify.Notification{AgentID: "a1", Kind: notify.NewMessage, ChatID: "c1", Title: "Ada", Body: "hi",
	Sound: "ding", Volume: 70, At: time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)}

// receiver records the requests it gets and answers with the statuses
// given, then 200.
type receiver struct {
	mu       sync.Mutex
	statuses []int
	requests []*http.Request
	bodies   [][]byte
}

func (r *receiver) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	body, _ := io.ReadAll(req.Body)
	r.mu.Lock()
	r.requests = append(r.requests, req)
	r.bodies = append(r.bodies, body)
	status := http.StatusOK
	if len(r.statuses) > 0 {
		status, r.statuses = r.statuses[0], r.statuses[1:]
	}
	r.mu.Unlock()
	w.WriteHeader(status)
}

func (r *receiver) count() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.requests)
}

func newServer(t *testing.T, statuses ...int) (*receiver, *httptest.Server) {
	r := &receiver{statuses: statuses}
	srv := httptest.NewServer(r)
	t.Cleanup(srv.Close)
	return r, srv
}

func TestSignedPostThatAVerifierAccepts(t *testing.T) {
	r, srv := newServer(t)
	n, err := webhook.New(srv.URL+"/hook", secret, fast())
	require.NoError(t, err)
	require.NoError(t, n.Notify(context.Background(), sample))
	require.Equal(t, 1, r.count())
	req, body := r.requests[0], r.bodies[0]
	assert.Equal(t, http.MethodPost, req.Method)
	assert.Equal(t, "/hook", req.URL.Path)
	assert.Equal(t, "application/json", req.Header.Get("Content-Type"))
	assert.Len(t, req.Header.Get(webhook.HeaderID), 32)

	id, ts := req.Header.Get(webhook.HeaderID), req.Header.Get(webhook.HeaderTimestamp)
	mac := hmac.New(sha256.New, secret)
	mac.Write([]byte(id + "." + ts + "." + string(body)))
	assert.Equal(t, "v2="+hex.EncodeToString(mac.Sum(nil)), req.Header.Get(webhook.HeaderSignature),
		"HMAC-SHA256 over delivery ID, '.', timestamp, '.', body")

	v := &webhook.Verifier{Secret: secret}
	require.NoError(t, v.Verify(context.Background(), req.Header, body))
	got, err := v.Receive(&http.Request{Header: req.Header, Body: io.NopCloser(bytes.NewReader(body))})
	require.NoError(t, err)
	assert.Equal(t, sample, got)
}

func TestRetries500Then200WithTheSameID(t *testing.T) {
	r, srv := newServer(t, 500, 503)
	n, err := webhook.New(srv.URL, secret, fast())
	require.NoError(t, err)
	require.NoError(t, n.Notify(context.Background(), sample))
	require.Equal(t, 3, r.count())
	id := r.requests[0].Header.Get(webhook.HeaderID)
	for _, req := range r.requests {
		assert.Equal(t, id, req.Header.Get(webhook.HeaderID), "one delivery, one ID")
	}
}

func TestNoRetryOn4xx(t *testing.T) {
	for _, status := range []int{400, 401, 404, 409, 429} {
		t.Run(strconv.Itoa(status), func(t *testing.T) {
			r, srv := newServer(t, status)
			n, err := webhook.New(srv.URL, secret, fast())
			require.NoError(t, err)
			err = n.Notify(context.Background(), sample)
			var derr *webhook.DeliveryError
			require.ErrorAs(t, err, &derr)
			assert.Equal(t, 1, r.count())
			assert.Equal(t, &webhook.DeliveryError{Attempts: 1, Status: status}, derr)
			assert.Equal(t, profilekit.CodeWebhookRejected, profilekit.CodeOf(err))
		})
	}
}

func TestRedirectIsNotFollowedNorADelivery(t *testing.T) {
	for _, status := range []int{http.StatusFound, http.StatusTemporaryRedirect, http.StatusPermanentRedirect} {
		t.Run(strconv.Itoa(status), func(t *testing.T) {
			target, elsewhere := newServer(t)
			var hits atomic.Int32
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
				hits.Add(1)
				http.Redirect(w, req, elsewhere.URL, status)
			}))
			t.Cleanup(srv.Close)
			n, err := webhook.New(srv.URL, secret, fast())
			require.NoError(t, err)
			err = n.Notify(context.Background(), sample)
			var derr *webhook.DeliveryError
			require.ErrorAs(t, err, &derr)
			assert.Equal(t, &webhook.DeliveryError{Attempts: 1, Status: status}, derr)
			assert.Equal(t, profilekit.CodeWebhookRejected, profilekit.CodeOf(err))
			assert.Equal(t, int32(1), hits.Load(), "a redirect is not retried")
			assert.Zero(t, target.count(), "the signed body never reaches the redirect's target")
		})
	}
}

func TestGivesUpAfterTheRetries(t *testing.T) {
	r, srv := newServer(t, 500, 500, 500, 500, 500)
	opts := fast()
	opts.Retries = 2
	n, err := webhook.New(srv.URL, secret, opts)
	require.NoError(t, err)
	err = n.Notify(context.Background(), sample)
	require.Error(t, err)
	assert.Equal(t, 3, r.count())
	assert.Equal(t, profilekit.CodeWebhookUnavailable, profilekit.CodeOf(err))
	assert.Equal(t, "webhook: not delivered after 3 attempts: status 500", err.Error())

	opts.Retries = -1
	n, err = webhook.New(srv.URL, secret, opts)
	require.NoError(t, err)
	require.Error(t, n.Notify(context.Background(), sample))
	assert.Equal(t, 4, r.count(), "negative Retries: one attempt")
}

func TestHangingServerTimesOutAndIsRetried(t *testing.T) {
	var calls atomic.Int32
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		select {
		case <-r.Context().Done():
		case <-release:
		}
	}))
	t.Cleanup(srv.Close)
	t.Cleanup(func() { close(release) })
	opts := fast()
	opts.Timeout, opts.Retries = 50*time.Millisecond, 1
	n, err := webhook.New(srv.URL, secret, opts)
	require.NoError(t, err)
	err = n.Notify(context.Background(), sample)
	var derr *webhook.DeliveryError
	require.ErrorAs(t, err, &derr)
	assert.ErrorIs(t, err, context.DeadlineExceeded)
	assert.Equal(t, 2, derr.Attempts)
	assert.Zero(t, derr.Status)
	assert.Equal(t, profilekit.CodeWebhookUnavailable, profilekit.CodeOf(err))
	assert.Equal(t, int32(2), calls.Load())
}

func TestNetworkErrorsAreRetried(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	url := srv.URL
	srv.Close() // nothing listens any more
	opts := fast()
	opts.Retries = 2
	n, err := webhook.New(url+"/hook?token=s3cr3t", secret, opts)
	require.NoError(t, err)
	err = n.Notify(context.Background(), sample)
	var derr *webhook.DeliveryError
	require.ErrorAs(t, err, &derr)
	assert.Equal(t, 3, derr.Attempts)
	assert.NotContains(t, err.Error(), "s3cr3t", "the URL, which may hold a token, is not repeated")
}

func TestCancelledContextStopsRetrying(t *testing.T) {
	r, srv := newServer(t, 500, 500, 500, 500)
	opts := fast()
	opts.MinBackoff, opts.MaxBackoff = time.Hour, time.Hour
	n, err := webhook.New(srv.URL, secret, opts)
	require.NoError(t, err)
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	err = n.Notify(ctx, sample)
	assert.ErrorIs(t, err, context.DeadlineExceeded)
	assert.Equal(t, 1, r.count())
}

func TestNewRejectsBadInput(t *testing.T) {
	for _, tc := range []struct {
		url    string
		secret []byte
		codes  []profilekit.Code
	}{
		{"ftp://example.com/x", secret, []profilekit.Code{profilekit.CodeURLInvalid}},
		{"/relative", secret, []profilekit.Code{profilekit.CodeURLInvalid}},
		{"http://", secret, []profilekit.Code{profilekit.CodeURLInvalid}},
		{"://x", secret, []profilekit.Code{profilekit.CodeURLInvalid}},
		{"https://example.com/x", []byte("tiny!"), []profilekit.Code{profilekit.CodeSecretTooShort}},
		{"", nil, []profilekit.Code{profilekit.CodeURLInvalid, profilekit.CodeSecretTooShort}},
	} {
		_, err := webhook.New(tc.url, tc.secret, nil)
		var verr *profilekit.ValidationError
		require.ErrorAs(t, err, &verr, tc.url)
		assert.Equal(t, tc.codes, verr.Codes())
		assert.NotContains(t, err.Error(), "tiny!")
		assert.Equal(t, "notify", verr.Domain, "a webhook reports under its domain's name")
		if fe, ok := verr.Field(webhook.FieldSecret); ok {
			assert.Equal(t, map[string]any{"min_bytes": webhook.MinSecretLength}, fe.Params)
			assert.Equal(t, "must be at least 32 bytes", fe.Message)
		}
	}
}

func TestSecretNeverShown(t *testing.T) {
	_, err := webhook.New("https://user:pa55@example.com/hook", secret, nil)
	var verr *profilekit.ValidationError
	require.ErrorAs(t, err, &verr, "a password in the URL is refused")
	assert.Equal(t, []profilekit.Code{profilekit.CodeURLInvalid}, verr.Codes())
	assert.NotContains(t, err.Error(), "pa55")
	n, err := webhook.New("https://example.com/hook?token=s3cr3t", secret, nil)
	require.NoError(t, err)
	v := &webhook.Verifier{Secret: secret}
	js, err := json.Marshal(*v)
	require.NoError(t, err)
	for _, s := range []string{n.String(), fmt.Sprintf("%#v", n), fmt.Sprint(n), v.String(), fmt.Sprintf("%#v", v), fmt.Sprintf("%v", v),
		fmt.Sprintf("%v", *v), fmt.Sprintf("%+v", *v), fmt.Sprintf("%#v", *v), string(js)} {
		assert.NotContains(t, s, "0123456789abcdef")
		assert.NotContains(t, s, "MDEyMzQ1Njc4OWFiY2RlZ") // the secret in base64
		assert.NotContains(t, s, "48 49 50 51")           // the secret's bytes in decimal
		assert.NotContains(t, s, "s3cr3t", "a token in the URL's query")
		assert.NotContains(t, s, "pa55", "a password in the URL")
	}
	assert.Equal(t, `webhook.Notifier{url: "https://example.com/hook"}`, n.String())
}

// deliveryID is the delivery ID of the requests signed by the tests.
const deliveryID = "0f1e2d3c4b5a69788796a5b4c3d2e1f0"

// signed returns headers signed with key over the delivery ID deliveryID,
// time ts and body.
func signed(key []byte, ts int64, body string) http.Header {
	return signedID(key, deliveryID, ts, body)
}

// signedID returns headers signed with key over delivery ID id, time ts
// and body.
func signedID(key []byte, id string, ts int64, body string) http.Header {
	mac := hmac.New(sha256.New, key)
	mac.Write([]byte(id + "." + strconv.FormatInt(ts, 10) + "." + body))
	h := http.Header{}
	h.Set(webhook.HeaderID, id)
	h.Set(webhook.HeaderTimestamp, strconv.FormatInt(ts, 10))
	h.Set(webhook.HeaderSignature, "v2="+hex.EncodeToString(mac.Sum(nil)))
	return h
}

func TestVerifier(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	v := &webhook.Verifier{Secret: secret, Clock: profilekittest.NewClock(now)}
	body := `{"agent_id":"a1"}`
	good := signed(secret, now.Unix(), body)

	assert.NoError(t, v.Verify(ctx, good, []byte(body)))
	assert.NoError(t, v.Verify(ctx, signed(secret, now.Add(-4*time.Minute).Unix(), body), []byte(body)))
	assert.NoError(t, v.Verify(ctx, signed(secret, now.Add(4*time.Minute).Unix(), body), []byte(body)))

	assert.ErrorIs(t, v.Verify(ctx, signed(secret, now.Add(-6*time.Minute).Unix(), body), []byte(body)), webhook.ErrStale)
	assert.ErrorIs(t, v.Verify(ctx, signed(secret, now.Add(6*time.Minute).Unix(), body), []byte(body)), webhook.ErrStale)
	strict := &webhook.Verifier{Secret: secret, Clock: profilekittest.NewClock(now), Tolerance: 30 * time.Second}
	err := strict.Verify(ctx, signed(secret, now.Add(-time.Minute).Unix(), body), []byte(body))
	assert.ErrorIs(t, err, webhook.ErrStale)
	assert.Equal(t, profilekit.CodeWebhookStale, profilekit.CodeOf(err))

	bad := func(h http.Header, b string) {
		t.Helper()
		err := v.Verify(ctx, h, []byte(b))
		assert.ErrorIs(t, err, webhook.ErrBadSignature)
		assert.Equal(t, profilekit.CodeWebhookBadSignature, profilekit.CodeOf(err))
	}
	bad(good, body+" ")
	bad(signed([]byte("another secret of thirty-two bytes!!"), now.Unix(), body), body)
	bad(http.Header{}, body)
	noSig := good.Clone()
	noSig.Del(webhook.HeaderSignature)
	bad(noSig, body)
	moved := good.Clone() // the signature covers the timestamp
	moved.Set(webhook.HeaderTimestamp, strconv.FormatInt(now.Unix()+1, 10))
	bad(moved, body)
	renamed := good.Clone() // and the delivery ID
	renamed.Set(webhook.HeaderID, "ffffffffffffffffffffffffffffffff")
	bad(renamed, body)
	for _, id := range []string{"", "a.1", "a b", "ä", strings.Repeat("a", webhook.MaxIDLength+1)} {
		bad(signedID(secret, id, now.Unix(), body), body)
	}
	assert.NoError(t, v.Verify(ctx, signedID(secret, strings.Repeat("a", webhook.MaxIDLength), now.Unix(), body), []byte(body)))
	v1 := good.Clone() // the signature of the timestamp and body alone
	mac := hmac.New(sha256.New, secret)
	mac.Write([]byte(strconv.FormatInt(now.Unix(), 10) + "." + body))
	v1.Set(webhook.HeaderSignature, "v1="+hex.EncodeToString(mac.Sum(nil)))
	bad(v1, body)
	junk := good.Clone()
	junk.Set(webhook.HeaderSignature, "v1=zz")
	bad(junk, body)
	junk.Set(webhook.HeaderTimestamp, "-")
	bad(junk, body)
	bad(good, "")
	err = (&webhook.Verifier{}).Verify(ctx, good, []byte(body))
	assert.ErrorIs(t, err, webhook.ErrBadSignature, "no secret verifies nothing")

	rotating := good.Clone()
	rotating.Set(webhook.HeaderSignature, "v2=00ff, "+good.Get(webhook.HeaderSignature))
	assert.NoError(t, v.Verify(ctx, rotating, []byte(body)), "one matching signature of several is enough")
}

func TestReceiveCapsTheBody(t *testing.T) {
	v := &webhook.Verifier{Secret: secret}
	big := bytes.Repeat([]byte("x"), webhook.MaxBody+1)
	_, err := v.Receive(&http.Request{Header: signed(secret, time.Now().Unix(), string(big)), Body: io.NopCloser(bytes.NewReader(big))})
	assert.ErrorIs(t, err, webhook.ErrBadSignature)
	body := "not json"
	_, err = v.Receive(&http.Request{Header: signed(secret, time.Now().Unix(), body), Body: io.NopCloser(bytes.NewReader([]byte(body)))})
	assert.Error(t, err)
}

func TestGuardRefusesAReplayedDelivery(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	clock := profilekittest.NewClock(now)
	guard := webhook.NewMemoryGuard(0)
	v := &webhook.Verifier{Secret: secret, Clock: clock, Guard: guard}
	body := `{"agent_id":"a1"}`
	req := signed(secret, now.Unix(), body)

	require.NoError(t, v.Verify(ctx, req, []byte(body)))
	clock.Set(now.Add(4 * time.Minute))
	err := v.Verify(ctx, req, []byte(body))
	assert.ErrorIs(t, err, webhook.ErrReplayed, "the same request again, within the tolerance")
	assert.Equal(t, profilekit.CodeWebhookReplayed, profilekit.CodeOf(err))
	assert.NoError(t, v.Verify(ctx, signedID(secret, "another-delivery", now.Unix(), body), []byte(body)))

	clock.Set(now.Add(5*time.Minute + time.Second))
	assert.ErrorIs(t, v.Verify(ctx, req, []byte(body)), webhook.ErrStale, "out of the tolerance: stale, as without a guard")
	assert.NoError(t, v.Verify(ctx, signedID(secret, "later", clock.Now().Unix(), body), []byte(body)))
	assert.Equal(t, 1, guard.Len(), "the expired IDs are forgotten")

	// A request that does not verify is not remembered, so a forged one
	// cannot spend the ID of a delivery to come.
	forged := signedID([]byte("not the secret, but thirty-two bytes"), "next", clock.Now().Unix(), body)
	assert.ErrorIs(t, v.Verify(ctx, forged, []byte(body)), webhook.ErrBadSignature)
	assert.NoError(t, v.Verify(ctx, signedID(secret, "next", clock.Now().Unix(), body), []byte(body)))

	// Receive, with the request's context.
	r := func() *http.Request {
		return (&http.Request{Header: signedID(secret, "by-receive", clock.Now().Unix(), body), Body: io.NopCloser(strings.NewReader(body))}).WithContext(ctx)
	}
	_, err = v.Receive(r())
	require.NoError(t, err)
	_, err = v.Receive(r())
	assert.ErrorIs(t, err, webhook.ErrReplayed)
}

func TestGuardErrorsRefuseTheRequest(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	v := &webhook.Verifier{Secret: secret, Guard: webhook.NewMemoryGuard(1)}
	body := "{}"
	err := v.Verify(ctx, signed(secret, time.Now().Unix(), body), []byte(body))
	assert.ErrorIs(t, err, context.Canceled)

	ctx = context.Background()
	require.NoError(t, v.Verify(ctx, signedID(secret, "one", time.Now().Unix(), body), []byte(body)))
	err = v.Verify(ctx, signedID(secret, "two", time.Now().Unix(), body), []byte(body))
	assert.ErrorIs(t, err, webhook.ErrGuardFull, "full of IDs that have not expired: refused, not forgotten")
	assert.Equal(t, profilekit.CodeWebhookGuardFull, profilekit.CodeOf(err))
	assert.ErrorIs(t, v.Verify(ctx, signedID(secret, "one", time.Now().Unix(), body), []byte(body)), webhook.ErrReplayed)
}

func TestMemoryGuardIsBoundedAndAtomic(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	g := webhook.NewMemoryGuard(3)
	for i, id := range []string{"a", "b", "c"} {
		seen, err := g.Seen(ctx, id, now, now.Add(time.Duration(i+1)*time.Minute))
		require.NoError(t, err)
		assert.False(t, seen)
	}
	_, err := g.Seen(ctx, "d", now, now.Add(time.Minute))
	assert.ErrorIs(t, err, webhook.ErrGuardFull)
	seen, err := g.Seen(ctx, "a", now.Add(30*time.Second), now.Add(time.Hour))
	require.NoError(t, err)
	assert.True(t, seen)
	seen, err = g.Seen(ctx, "d", now.Add(time.Minute), now.Add(time.Hour)) // a has expired
	require.NoError(t, err)
	assert.False(t, seen)
	assert.Equal(t, 3, g.Len())
	seen, err = g.Seen(ctx, "a", now.Add(time.Minute), now.Add(time.Hour))
	assert.ErrorIs(t, err, webhook.ErrGuardFull, "a was forgotten; the guard is full again")
	assert.False(t, seen)

	// Of many calls with one ID at once, one is the first.
	g = webhook.NewMemoryGuard(0)
	var firsts atomic.Int32
	var wg sync.WaitGroup
	for range 64 {
		wg.Go(func() {
			seen, err := g.Seen(ctx, "same", now, now.Add(time.Minute))
			assert.NoError(t, err)
			if !seen {
				firsts.Add(1)
			}
		})
	}
	wg.Wait()
	assert.Equal(t, int32(1), firsts.Load())
}

func TestNewRefusesInternalAddresses(t *testing.T) {
	for _, u := range []string{
		"http://127.0.0.1/hook", "http://127.1.2.3:8080/", "http://localhost/", "http://LocalHost.:9000/", "http://api.localhost/",
		"http://[::1]/", "http://169.254.169.254/latest/meta-data/", "http://10.0.0.5/", "http://172.16.0.1/", "http://172.31.255.255/",
		"http://192.168.1.1/", "http://100.64.0.1/", "http://100.100.100.200/", "http://0.0.0.0/", "http://0.1.2.3/", "http://[::]/",
		"http://[fc00::1]/", "http://[fd12:3456::1]/", "http://[fe80::1%25eth0]/", "http://[fe80::1]/", "http://224.0.0.1/",
		"http://[ff02::1]/", "http://255.255.255.255/", "http://240.0.0.1/", "http://[::ffff:127.0.0.1]/", "http://[::ffff:a9fe:a9fe]/",
		"http://[64:ff9b::a9fe:a9fe]/", "http://[2002:7f00:1::]/", "http://[::127.0.0.1]/",
	} {
		_, err := webhook.New(u, secret, nil)
		var verr *profilekit.ValidationError
		if assert.ErrorAs(t, err, &verr, u) {
			assert.Equal(t, []profilekit.Code{profilekit.CodeURLForbiddenAddress}, verr.Codes(), u)
		}
		opts := &webhook.Options{AllowInternal: true}
		_, err = webhook.New(u, secret, opts)
		assert.NoError(t, err, "%s with AllowInternal", u)
	}
	for _, u := range []string{"https://example.com/hook", "http://8.8.8.8/", "https://[2001:4860:4860::8888]/x", "http://172.32.0.1/",
		"http://100.128.0.1/", "http://169.255.0.1/", "http://[2003::1]/", "http://[64:ff9b::808:808]/", "http://localhost.example.com/"} {
		_, err := webhook.New(u, secret, nil)
		assert.NoError(t, err, u)
	}
	_, err := webhook.New("https://user:password@example.com/", secret, &webhook.Options{AllowInternal: true})
	var verr *profilekit.ValidationError
	require.ErrorAs(t, err, &verr)
	assert.Equal(t, []profilekit.Code{profilekit.CodeURLInvalid}, verr.Codes(), "a user name and password are refused even when internal addresses are allowed")
}

func TestLoopbackReceiverIsRefusedByDefaultAndReachedWithTheOption(t *testing.T) {
	r, srv := newServer(t)
	_, err := webhook.New(srv.URL+"/hook", secret, nil)
	var verr *profilekit.ValidationError
	require.ErrorAs(t, err, &verr)
	assert.Equal(t, []profilekit.Code{profilekit.CodeURLForbiddenAddress}, verr.Codes())

	n, err := webhook.New(srv.URL+"/hook", secret, &webhook.Options{AllowInternal: true})
	require.NoError(t, err)
	require.NoError(t, n.Notify(context.Background(), sample))
	assert.Equal(t, 1, r.count())
}

func TestDialControl(t *testing.T) {
	for _, a := range []string{"127.0.0.1:80", "[::1]:443", "169.254.169.254:80", "10.1.1.1:8080", "[fd00::1]:80", "0.0.0.0:80",
		"[::ffff:192.168.0.1]:80", "not an address"} {
		err := webhook.DialControl("tcp", a, nil)
		assert.ErrorIs(t, err, webhook.ErrForbiddenAddress, a)
		assert.Equal(t, profilekit.CodeURLForbiddenAddress, profilekit.CodeOf(err), a)
	}
	for _, a := range []string{"93.184.215.14:443", "[2606:2800:21f:cb07:6820:80da:af6b:8b2c]:443"} {
		assert.NoError(t, webhook.DialControl("tcp", a, nil), a)
	}
}
