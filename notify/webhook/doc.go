// Package webhook delivers notify Notifications to another service as
// signed HTTP POST requests, and verifies them on the receiving side.
//
// # Requests
//
// Each Notification is POSTed as JSON (Content-Type: application/json)
// with three headers:
//
//	Profilekit-Webhook-Id:        a random ID, the same on every retry of one delivery
//	Profilekit-Webhook-Timestamp: the time of the attempt, in Unix seconds
//	Profilekit-Webhook-Signature: v2=<hex HMAC-SHA256>
//
// The signature is HMAC-SHA256, keyed with the shared secret, over the
// delivery ID, a full stop, the timestamp, a full stop and the body
// ("3f2a….1700000000.{...}"), so a receiver can tell that none of the
// three was changed. A receiver checks them with a Verifier (Verify, or
// Receive for an *http.Request), which rejects a wrong signature
// (ErrBadSignature) and a timestamp further than its tolerance from its
// clock (ErrStale).
//
// # Replays
//
// A request captured on its way (by a proxy that logs bodies, say)
// verifies again for as long as its timestamp is within the tolerance (5
// minutes by default), and the signature makes its ID unchangeable. The
// receiver's defence is the Verifier's Guard: a ReplayGuard remembers the
// ID of each request that verifies until its timestamp leaves the
// tolerance, and the second request with an ID is refused with
// ErrReplayed. MemoryGuard serves a receiver in one process; several
// instances share a store. A replayed ID is also the sender's retry of a
// delivery whose answer it lost, so a receiver answers ErrReplayed as a
// success without acting again.
//
// # Delivery
//
// Every attempt has a timeout. A network error, a timeout or a 5xx status
// is retried after a backoff that doubles from MinBackoff to MaxBackoff,
// with jitter (a random half of each wait) so that many senders do not
// retry in step; a 4xx status is the receiver's answer and is not retried.
// Only a 2xx status is a delivery: redirects are not followed (unless
// Options.Client does) and a 3xx is refused like a 4xx. A failure is a
// *DeliveryError, whose code is webhook.rejected (3xx, 4xx),
// url.forbidden_address (see below) or webhook.unavailable (anything
// else). The secret never appears in errors, String or GoString.
//
// # Internal addresses
//
// Whoever sets a webhook URL chooses where the service sends requests
// from inside its network. By default New refuses a URL whose host is
// localhost or an internal address (loopback, private and shared
// networks, link-local addresses such as the cloud metadata service at
// 169.254.169.254, unspecified, multicast or reserved, in IPv4 and IPv6)
// or that holds a user name or password, and the default client checks
// each address a name resolves to just before it connects (DialControl),
// so a name that resolves elsewhere later (DNS rebinding) is refused too,
// with ErrForbiddenAddress and no retry. Options.AllowInternal allows
// them, for tests and receivers on the internal network.
package webhook
