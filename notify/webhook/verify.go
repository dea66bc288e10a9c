package webhook

import (
	"bytes"
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

// Verify checks the signature and timestamp headers of a request against
// its body. It returns nil for a request signed with Secret over this body
// within the tolerance, an error wrapping ErrStale for a timestamp outside
// it, and one wrapping ErrBadSignature otherwise. The signature header may
// hold several "v1=" values separated by commas (while a secret is being
// replaced); one match is enough. An empty Secret verifies nothing.
func (v *Verifier) Verify(h http.Header, body []byte) error {
	ts := h.Get(HeaderTimestamp)
	secs, err := strconv.ParseInt(ts, 10, 64)
	if err != nil || len(ts) > 19 {
		return fmt.Errorf("webhook: timestamp header: %w", ErrBadSignature)
	}
	if len(v.Secret) == 0 {
		return fmt.Errorf("webhook: verifier has no secret: %w", ErrBadSignature)
	}
	want := sign(v.Secret, ts, body)
	ok := false
	for _, part := range strings.Split(h.Get(HeaderSignature), ",") {
		hexSig, found := strings.CutPrefix(strings.TrimSpace(part), "v1=")
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
	now := kit.Clock(v.Clock).Now().Unix()
	if tol := int64(v.tolerance() / time.Second); secs < now-tol || secs > now+tol {
		return fmt.Errorf("webhook: timestamp %d is more than %s from %d: %w", secs, v.tolerance(), now, ErrStale)
	}
	return nil
}

// Receive reads r's body (at most MaxBody bytes), verifies it as Verify
// does and decodes the Notification it carries.
func (v *Verifier) Receive(r *http.Request) (notify.Notification, error) {
	body, err := io.ReadAll(io.LimitReader(r.Body, MaxBody+1))
	if err != nil {
		return notify.Notification{}, fmt.Errorf("webhook: read body: %w", err)
	}
	if len(body) > MaxBody {
		return notify.Notification{}, fmt.Errorf("webhook: body over %d bytes: %w", MaxBody, ErrBadSignature)
	}
	if err := v.Verify(r.Header, body); err != nil {
		return notify.Notification{}, err
	}
	var n notify.Notification
	dec := json.NewDecoder(bytes.NewReader(body))
	if err := dec.Decode(&n); err != nil {
		return notify.Notification{}, fmt.Errorf("webhook: decode notification: %w", err)
	}
	return n, nil
}
