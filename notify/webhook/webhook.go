package webhook

import (
	"bytes"
	"context"
	"crypto/hmac"
	crand "crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/convrs/profilekit/internal/kit"

	"github.com/convrs/profilekit"
	"github.com/convrs/profilekit/notify"
)

// The request headers of a delivery; see the package comment.
const (
	// HeaderID carries a random delivery ID, the same on every retry, so a
	// receiver can drop a repeat.
	HeaderID = "Profilekit-Webhook-Id"
	// HeaderTimestamp carries the attempt's time in Unix seconds.
	HeaderTimestamp = "Profilekit-Webhook-Timestamp"
	// HeaderSignature carries "v2=" and the hex HMAC-SHA256 of the
	// delivery ID, a full stop, the timestamp, a full stop and the body.
	HeaderSignature = "Profilekit-Webhook-Signature"
)

// signatureVersion names the signed text in HeaderSignature: "v2" signs
// the delivery ID, the timestamp and the body ("v1", which signed the
// timestamp and the body alone, let a captured request be replayed under
// another ID, and is no longer written or accepted).
const signatureVersion = "v2"

// Field names New uses in FieldError.Field.
const (
	// FieldURL is the endpoint given to New.
	FieldURL = "url"
	// FieldSecret is the signing secret given to New.
	FieldSecret = "secret"
)

// MinSecretLength is the fewest bytes a signing secret may have.
const MinSecretLength = 32

// Defaults of Options.
const (
	// DefaultTimeout bounds each attempt when Options.Timeout is zero.
	DefaultTimeout = 5 * time.Second
	// DefaultRetries is the number of retries when Options.Retries is
	// zero.
	DefaultRetries = 3
	// DefaultMinBackoff is the first wait when Options.MinBackoff is zero.
	DefaultMinBackoff = 200 * time.Millisecond
	// DefaultMaxBackoff is the longest wait when Options.MaxBackoff is
	// zero.
	DefaultMaxBackoff = 5 * time.Second
)

// Options configures a Notifier. The zero value, and a nil *Options, mean
// the defaults.
type Options struct {
	// Client sends the requests; when nil, a client that follows no
	// redirects (a redirect is the receiver's misconfiguration, and
	// following one would send the signed body on, or drop it for a GET)
	// and, unless AllowInternal, connects only to public addresses: its
	// dialer checks each address a name resolves to with DialControl, and
	// it uses no proxy. A Client given here is used as it is: New still
	// refuses an internal address in the URL, and DialControl in the
	// Client's dialer keeps the guard at connection time. Its own Timeout,
	// if any, also applies.
	Client *http.Client
	// AllowInternal lets the Notifier reach internal addresses: this host
	// (localhost, 127.0.0.0/8, ::1), private networks (10.0.0.0/8,
	// 172.16.0.0/12, 192.168.0.0/16, fc00::/7), shared address space
	// (100.64.0.0/10), link-local addresses (169.254.0.0/16, fe80::/10,
	// where cloud metadata services answer), unspecified, multicast and
	// reserved addresses. By default New refuses a URL naming one
	// (url.forbidden_address) and the default client will not connect to
	// one, so that whoever may set a webhook URL cannot make the service
	// call its own internal network (server-side request forgery). Set it
	// for tests against a local server and for receivers on the internal
	// network.
	AllowInternal bool
	// Timeout bounds each attempt; DefaultTimeout when zero.
	Timeout time.Duration
	// Retries is how many times a failed attempt is repeated;
	// DefaultRetries when zero, none when negative.
	Retries int
	// MinBackoff is the wait before the first retry, doubled for each
	// later one up to MaxBackoff; the defaults when zero. Each wait is
	// jittered to between half and all of its value.
	MinBackoff, MaxBackoff time.Duration

	// Clock tells the time for the timestamp header and waits between
	// retries (an AlarmClock's After, when it is one); the system clock
	// when nil.
	Clock profilekit.Clock
}

// Notifier POSTs each Notification to one URL. It is a notify.Notifier and
// is safe for concurrent use. New makes one.
type Notifier struct {
	url        string
	secret     []byte
	client     *http.Client
	timeout    time.Duration
	retries    int
	minBackoff time.Duration
	maxBackoff time.Duration
	clock      profilekit.Clock
}

// New returns a Notifier that POSTs to endpoint, an absolute http or https
// URL without a user name or password (the secret signs the requests; a
// password in a URL ends up in logs), and signs with secret, at least
// MinSecretLength bytes (New keeps a copy). A bad endpoint or a short
// secret returns a *profilekit.ValidationError (codes url.invalid,
// url.forbidden_address for a host that is an internal address or
// localhost unless Options.AllowInternal, secret.too_short) that repeats
// neither.
func New(endpoint string, secret []byte, opts *Options) (*Notifier, error) {
	if opts == nil {
		opts = &Options{}
	}
	var problems kit.Collector
	if fe := checkURL(endpoint, opts.AllowInternal); fe != nil {
		problems.Add(*fe)
	}
	if len(secret) < MinSecretLength {
		problems.Addf(FieldSecret, profilekit.CodeSecretTooShort, kit.Params{"min_bytes": MinSecretLength},
			"must be at least %d bytes", MinSecretLength)
	}
	if err := problems.Err(domain); err != nil {
		return nil, err
	}
	n := &Notifier{
		url:        endpoint,
		secret:     bytes.Clone(secret),
		client:     opts.Client,
		timeout:    opts.Timeout,
		retries:    opts.Retries,
		minBackoff: opts.MinBackoff,
		maxBackoff: opts.MaxBackoff,
		clock:      kit.Clock(opts.Clock),
	}
	switch {
	case n.client != nil:
	case opts.AllowInternal:
		n.client = noRedirects
	default:
		n.client = guarded
	}
	if n.timeout <= 0 {
		n.timeout = DefaultTimeout
	}
	switch {
	case n.retries == 0:
		n.retries = DefaultRetries
	case n.retries < 0:
		n.retries = 0
	}
	if n.minBackoff <= 0 {
		n.minBackoff = DefaultMinBackoff
	}
	if n.maxBackoff <= 0 {
		n.maxBackoff = DefaultMaxBackoff
	}
	n.maxBackoff = max(n.maxBackoff, n.minBackoff)
	return n, nil
}

// String describes the Notifier without its secret, showing only the
// scheme, host and path of its URL: a user name, password or query there
// may hold a token.
func (n *Notifier) String() string {
	shown := ""
	if u, err := url.Parse(n.url); err == nil {
		shown = u.Scheme + "://" + u.Host + u.EscapedPath()
	}
	return "webhook.Notifier{url: " + strconv.Quote(shown) + "}"
}

// GoString is String.
func (n *Notifier) GoString() string { return n.String() }

// DeliveryError reports a Notification that did not reach the receiver.
// Its code is webhook.rejected for a 3xx or 4xx status,
// url.forbidden_address when the endpoint's name resolved to an internal
// address (ErrForbiddenAddress), and webhook.unavailable otherwise.
type DeliveryError struct {
	// Attempts is how many requests were made.
	Attempts int
	// Status is the last response's status code, 0 when there was none.
	Status int
	// Err is the last network error or timeout, if any.
	Err error
}

// Error says what happened on the last attempt.
func (e *DeliveryError) Error() string {
	s := "webhook: not delivered after " + strconv.Itoa(e.Attempts) + " attempt"
	if e.Attempts != 1 {
		s += "s"
	}
	if e.Status != 0 {
		s += ": status " + strconv.Itoa(e.Status)
	}
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	return s
}

// Unwrap returns Err.
func (e *DeliveryError) Unwrap() error { return e.Err }

// Code returns profilekit.CodeWebhookRejected for a 3xx or 4xx status,
// profilekit.CodeURLForbiddenAddress for a refused address and
// profilekit.CodeWebhookUnavailable otherwise.
func (e *DeliveryError) Code() profilekit.Code {
	if e.Status >= 300 && e.Status < 500 {
		return profilekit.CodeWebhookRejected
	}
	if isForbidden(e.Err) {
		return profilekit.CodeURLForbiddenAddress
	}
	return profilekit.CodeWebhookUnavailable
}

// Notify POSTs n, retrying as the package comment says, and returns nil
// once the receiver answers 2xx (a 1xx final status or a redirect is not
// a delivery), a *DeliveryError when it does not, or an error wrapping
// ctx.Err() when ctx ends first.
func (n *Notifier) Notify(ctx context.Context, note notify.Notification) error {
	body, err := json.Marshal(note)
	if err != nil {
		return fmt.Errorf("webhook: encode notification: %w", err)
	}
	id := newID()
	for attempt := 1; ; attempt++ {
		status, err := n.attempt(ctx, id, body)
		retry := (err != nil && !isForbidden(err)) || status >= 500
		if !retry && status >= 200 && status < 300 {
			return nil
		}
		if err := ctx.Err(); err != nil {
			return fmt.Errorf("webhook: notify: %w", err)
		}
		if !retry || attempt > n.retries {
			return &DeliveryError{Attempts: attempt, Status: status, Err: err}
		}
		select {
		case <-kit.After(n.clock, n.backoff(attempt)):
		case <-ctx.Done():
			return fmt.Errorf("webhook: notify: %w", ctx.Err())
		}
	}
}

// noRedirects is the default client with Options.AllowInternal:
// http.DefaultClient's transport, and a redirect answered as the final
// response.
var noRedirects = &http.Client{CheckRedirect: noRedirect}

// noRedirect answers a redirect as the final response.
func noRedirect(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }

// checkURL returns the problem of a Notifier's endpoint, or nil.
func checkURL(endpoint string, allowInternal bool) *profilekit.FieldError {
	u, err := url.Parse(endpoint)
	switch {
	case err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.Hostname() == "":
		return &profilekit.FieldError{Field: FieldURL, Code: profilekit.CodeURLInvalid, Message: profilekit.CodeURLInvalid.Message()}
	case u.User != nil:
		return &profilekit.FieldError{Field: FieldURL, Code: profilekit.CodeURLInvalid, Message: "must not hold a user name or password"}
	case !allowInternal && internalHost(u.Hostname()):
		return &profilekit.FieldError{Field: FieldURL, Code: profilekit.CodeURLForbiddenAddress, Message: profilekit.CodeURLForbiddenAddress.Message()}
	}
	return nil
}

// attempt makes one request and returns its status.
func (n *Notifier) attempt(ctx context.Context, id string, body []byte) (int, error) {
	ctx, cancel := context.WithTimeout(ctx, n.timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, n.url, bytes.NewReader(body))
	if err != nil {
		return 0, err
	}
	ts := strconv.FormatInt(n.clock.Now().Unix(), 10)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set(HeaderID, id)
	req.Header.Set(HeaderTimestamp, ts)
	req.Header.Set(HeaderSignature, signatureVersion+"="+hex.EncodeToString(sign(n.secret, id, ts, body)))
	resp, err := n.client.Do(req)
	if err != nil {
		var uerr *url.Error
		if errors.As(err, &uerr) {
			err = uerr.Err // url.Error repeats the URL, which may hold a token
		}
		return 0, err
	}
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10)) // lets the connection be reused
	_ = resp.Body.Close()
	return resp.StatusCode, nil
}

// backoff returns the wait before retry number attempt (1 for the
// first): MinBackoff doubled attempt-1 times, capped at MaxBackoff, then
// jittered to between half and all of it.
func (n *Notifier) backoff(attempt int) time.Duration {
	d := n.minBackoff
	for i := 1; i < attempt && d < n.maxBackoff; i++ {
		d *= 2
	}
	d = min(d, n.maxBackoff)
	half := d / 2
	return half + rand.N(d-half+1)
}

// sign returns HMAC-SHA256(secret, id + "." + timestamp + "." + body).
func sign(secret []byte, id, timestamp string, body []byte) []byte {
	m := hmac.New(sha256.New, secret)
	m.Write([]byte(id))
	m.Write([]byte{'.'})
	m.Write([]byte(timestamp))
	m.Write([]byte{'.'})
	m.Write(body)
	return m.Sum(nil)
}

// newID returns a random delivery ID.
func newID() string {
	b := make([]byte, 16)
	_, _ = crand.Read(b)
	return hex.EncodeToString(b)
}
