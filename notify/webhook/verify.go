package webhook

import (
	"bytes"
	"context"
	"crypto/hmac"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/convrs/profilekit/internal/kit"

	"github.com/convrs/profilekit"
	"github.com/convrs/profilekit/notify"
)

// Errors of a Verifier. Check them with errors.Is.
var (
	// ErrBadSignature reports a request without a valid signature: a
	// missing or malformed header, a wrong secret or a changed body.
	ErrBadSignature = profilekit.NewError(profilekit.CodeWebhookBadSignature, "webhook: bad signature")
	// ErrStale reports a request whose timestamp is further from the
	// receiver's clock than the tolerance: a replay, or a badly wrong
	// clock.
	ErrStale = profilekit.NewError(profilekit.CodeWebhookStale, "webhook: stale timestamp")
	// ErrReplayed reports a request whose delivery ID the Verifier's Guard
	// has seen: a replay of a request already received, or the sender's
	// retry of a delivery whose answer it did not get. Either way the
	// delivery was received once; a receiver answers it as a success
	// without acting on it again.
	ErrReplayed = profilekit.NewError(profilekit.CodeWebhookReplayed, "webhook: delivery already received")
)

// DefaultTolerance is how far a timestamp may be from the receiver's clock
// when Verifier.Tolerance is zero.
const DefaultTolerance = 5 * time.Minute

// MaxBody is the largest body Receive reads.
const MaxBody = 1 << 20

// Verifier checks webhook requests on the receiving side. The zero value
// needs Secret. A Verifier is safe for concurrent use.
type Verifier struct {
	// Secret is the secret the sender signs with. It is never marshalled
	// to JSON, nor printed by fmt.
	Secret []byte `json:"-"`
	// Tolerance is how far the timestamp may be from Clock, either way;
	// DefaultTolerance when zero.
	Tolerance time.Duration
	// Clock tells the time; the system clock when nil.
	Clock profilekit.Clock
	// Guard, when set, remembers the delivery ID of every request that
	// verifies until its timestamp leaves the tolerance, and a request
	// whose ID it has seen is refused with ErrReplayed: the receiver's
	// defence against a captured request sent again. Without it, a
	// request verifies as often as it is sent within the tolerance. See
	// ReplayGuard and MemoryGuard.
	Guard ReplayGuard
}

// String describes the Verifier without its secret. Its receiver is a
// value, so that fmt uses it for a Verifier as well as a *Verifier.
func (v Verifier) String() string {
	return "webhook.Verifier{tolerance: " + v.tolerance().String() + "}"
}

// GoString is String.
func (v Verifier) GoString() string { return v.String() }

// tolerance returns Tolerance, or DefaultTolerance when it is zero.
func (v *Verifier) tolerance() time.Duration {
	if v.Tolerance > 0 {
		return v.Tolerance
	}
	return DefaultTolerance
}

// Verify checks the delivery ID, signature and timestamp headers of a
// request against its body. It returns nil for a request signed with
// Secret over this ID, timestamp and body, within the tolerance, and not
// seen before by Guard (when set); an error wrapping ErrStale for a
// timestamp outside the tolerance, ErrReplayed for an ID Guard has seen,
// the error of Guard, and one wrapping ErrBadSignature otherwise (an ID
// of other than 1 to MaxIDLength letters, digits, '-' and '_' included).
// The signature header may hold several "v2=" values separated by commas
// (while a secret is being replaced); one match is enough. An empty Secret
// verifies nothing. ctx bounds Guard's call.
func (v *Verifier) Verify(ctx context.Context, h http.Header, body []byte) error {
	id := h.Get(HeaderID)
	if !validID(id) {
		return fmt.Errorf("webhook: delivery ID header: %w", ErrBadSignature)
	}
	ts := h.Get(HeaderTimestamp)
	secs, err := strconv.ParseInt(ts, 10, 64)
	if err != nil || len(ts) > 19 {
		return fmt.Errorf("webhook: timestamp header: %w", ErrBadSignature)
	}
	if len(v.Secret) == 0 {
		return fmt.Errorf("webhook: verifier has no secret: %w", ErrBadSignature)
	}
	want := sign(v.Secret, id, ts, body)
	ok := false
	for _, part := range strings.Split(h.Get(HeaderSignature), ",") {
		hexSig, found := strings.CutPrefix(strings.TrimSpace(part), signatureVersion+"=")
		if !found {
			continue
		}
		got, err := hex.DecodeString(hexSig)
		if err == nil && hmac.Equal(got, want) {
			ok = true
		}
	}
	if !ok {
		return ErrBadSignature
	}
	now := kit.Clock(v.Clock).Now()
	tol := int64(v.tolerance() / time.Second)
	if secs < now.Unix()-tol || secs > now.Unix()+tol {
		return fmt.Errorf("webhook: timestamp %d is more than %s from %d: %w", secs, v.tolerance(), now.Unix(), ErrStale)
	}
	if v.Guard == nil {
		return nil
	}
	// The request verifies until its timestamp leaves the tolerance.
	seen, err := v.Guard.Seen(ctx, id, now, time.Unix(secs+tol+1, 0))
	switch {
	case err != nil:
		return fmt.Errorf("webhook: replay guard: %w", err)
	case seen:
		return fmt.Errorf("webhook: delivery %s: %w", id, ErrReplayed)
	}
	return nil
}

// MaxIDLength is the longest delivery ID a Verifier accepts.
const MaxIDLength = 128

// validID reports whether id is 1 to MaxIDLength letters, digits, '-' and
// '_': nothing that could run into the timestamp in the signed text.
func validID(id string) bool {
	if id == "" || len(id) > MaxIDLength {
		return false
	}
	for _, c := range []byte(id) {
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '_') {
			return false
		}
	}
	return true
}

// Receive reads r's body (at most MaxBody bytes), verifies it as Verify
// does, with r's context, and decodes the Notification it carries.
func (v *Verifier) Receive(r *http.Request) (notify.Notification, error) {
	body, err := io.ReadAll(io.LimitReader(r.Body, MaxBody+1))
	if err != nil {
		return notify.Notification{}, fmt.Errorf("webhook: read body: %w", err)
	}
	if len(body) > MaxBody {
		return notify.Notification{}, fmt.Errorf("webhook: body over %d bytes: %w", MaxBody, ErrBadSignature)
	}
	if err := v.Verify(r.Context(), r.Header, body); err != nil {
		return notify.Notification{}, err
	}
	var n notify.Notification
	dec := json.NewDecoder(bytes.NewReader(body))
	if err := dec.Decode(&n); err != nil {
		return notify.Notification{}, fmt.Errorf("webhook: decode notification: %w", err)
	}
	return n, nil
}
