// Package pgnotify carries notify Notifications between service instances
// through PostgreSQL's LISTEN/NOTIFY, for teams that run PostgreSQL (as
// storage/postgres) and no NATS. It is the same wiring as
// notify/natsnotify: every instance gives its Dispatcher the Notifier and
// runs one Relay into its local hub.
//
// # Channel
//
// All agents share one channel (Options.Channel): PostgreSQL channel names
// are identifiers, too short for an ID, and one LISTEN per agent would
// cost a round trip per subscription. The Relay filters nothing; the hub
// it feeds delivers each Notification to its agent's subscriptions. New
// refuses a channel name PostgreSQL would cut short (over 63 bytes) or
// that is not an ID. A payload must stay under PostgreSQL's limit of 8000
// bytes, counted as PostgreSQL counts them, in the JSON sent; Notify
// refuses a larger one with a *profilekit.ValidationError, code
// payload.too_large (a Notification holds a preview of bounded length, so
// only a huge catalogue of kinds comes near it).
//
// # Delivery
//
// NOTIFY is at-most-once for a listener that is not connected: while a
// Relay reconnects (after a server restart or a dropped connection, every
// Options.RetryWait until it succeeds) what is sent is lost, which suits
// alerts and preferences, as for NATS. Once connected, notifications
// arrive in commit order.
//
// A Relay has the shape of every subscription in profilekit but for C,
// since what it receives goes to its Notifier: Done is closed when it ends
// (its context ended, or Close), Err then says why, and Close is
// idempotent. A Notifier on a closed pool fails wrapping notify.ErrClosed.
// notifytest.RunNotifier and RunRelay check both against a real server.
package pgnotify
