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
//	Profilekit-Webhook-Signature: v1=<hex HMAC-SHA256>
//
// The signature is HMAC-SHA256, keyed with the shared secret, over the
// timestamp, a full stop and the body ("1700000000.{...}"), so a receiver
// can tell the body was not changed and refuse a request replayed later.
// A receiver checks them with a Verifier (Verify, or Receive for an
// *http.Request), which rejects a wrong signature (ErrBadSignature) and a
// timestamp further than its tolerance from its clock (ErrStale).
//
// # Delivery
//
// Every attempt has a timeout. A network error, a timeout or a 5xx status
// is retried after a backoff that doubles from MinBackoff to MaxBackoff,
// with jitter (a random half of each wait) so that many senders do not
// retry in step; a 4xx status is the receiver's answer and is not retried.
// Only a 2xx status is a delivery: redirects are not followed (unless
// Options.Client does) and a 3xx is refused like a 4xx. A failure is a
// *DeliveryError, whose code is webhook.rejected (3xx, 4xx) or
// webhook.unavailable (anything else). The secret never appears in errors,
// String or GoString.
package webhook
