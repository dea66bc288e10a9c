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
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/convrs/profilekit"
	"github.com/convrs/profilekit/notify"
	"github.com/convrs/profilekit/notify/webhook"
)

var secret = []byte("0123456789abcdef0123456789abcdef-secret")

// fast are Options that retry at once, for tests.
func fast() *webhook.Options {
	return &webhook.Options{Timeout: 2 * time.Second, MinBackoff: time.Millisecond, MaxBackoff: 2 * time.Millisecond}
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

	ts := req.Header.Get(webhook.HeaderTimestamp)
	mac := hmac.New(sha256.New, secret)
	mac.Write([]byte(ts + "." + string(body)))
	assert.Equal(t, "v1="+hex.EncodeToString(mac.Sum(nil)), req.Header.Get(webhook.HeaderSignature),
		"HMAC-SHA256 over timestamp, '.', body")

	v := &webhook.Verifier{Secret: secret}
	require.NoError(t, v.Verify(req.Header, body))
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
	n, err := webhook.New("https://user:pa55@example.com/hook?token=s3cr3t", secret, nil)
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

// signed returns headers signed with key over body at time ts.
func signed(key []byte, ts int64, body string) http.Header {
	mac := hmac.New(sha256.New, key)
	mac.Write([]byte(strconv.FormatInt(ts, 10) + "." + body))
	h := http.Header{}
	h.Set(webhook.HeaderTimestamp, strconv.FormatInt(ts, 10))
	h.Set(webhook.HeaderSignature, "v1="+hex.EncodeToString(mac.Sum(nil)))
	return h
}

type fixedClock time.Time

func (c fixedClock) Now() time.Time { return time.Time(c) }

func TestVerifier(t *testing.T) {
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	v := &webhook.Verifier{Secret: secret, Clock: fixedClock(now)}
	body := `{"agent_id":"a1"}`
	good := signed(secret, now.Unix(), body)

	assert.NoError(t, v.Verify(good, []byte(body)))
	assert.NoError(t, v.Verify(signed(secret, now.Add(-4*time.Minute).Unix(), body), []byte(body)))
	assert.NoError(t, v.Verify(signed(secret, now.Add(4*time.Minute).Unix(), body), []byte(body)))

	assert.ErrorIs(t, v.Verify(signed(secret, now.Add(-6*time.Minute).Unix(), body), []byte(body)), webhook.ErrStale)
	assert.ErrorIs(t, v.Verify(signed(secret, now.Add(6*time.Minute).Unix(), body), []byte(body)), webhook.ErrStale)
	strict := &webhook.Verifier{Secret: secret, Clock: fixedClock(now), Tolerance: 30 * time.Second}
	err := strict.Verify(signed(secret, now.Add(-time.Minute).Unix(), body), []byte(body))
	assert.ErrorIs(t, err, webhook.ErrStale)
	assert.Equal(t, profilekit.CodeWebhookStale, profilekit.CodeOf(err))

	bad := func(h http.Header, b string) {
		t.Helper()
		err := v.Verify(h, []byte(b))
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
	junk := good.Clone()
	junk.Set(webhook.HeaderSignature, "v1=zz")
	bad(junk, body)
	junk.Set(webhook.HeaderTimestamp, "-")
	bad(junk, body)
	bad(good, "")
	err = (&webhook.Verifier{}).Verify(good, []byte(body))
	assert.ErrorIs(t, err, webhook.ErrBadSignature, "no secret verifies nothing")

	rotating := good.Clone()
	rotating.Set(webhook.HeaderSignature, "v1=00ff, "+good.Get(webhook.HeaderSignature))
	assert.NoError(t, v.Verify(rotating, []byte(body)), "one matching signature of several is enough")
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
