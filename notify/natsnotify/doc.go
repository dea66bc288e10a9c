// Package natsnotify carries notify Notifications between service
// instances over NATS (github.com/nats-io/nats.go), so that an alert or a
// preferences change made on one instance reaches the agent's live
// sessions on every instance.
//
// # Subjects
//
// Each agent has a subject of its own: the prefix (DefaultPrefix unless
// Options.Prefix says otherwise), ".agent." and the agent's ID in
// unpadded base64url, because an ID may hold '.', '*' and '>', which mean
// something in a subject. The message is the Notification as JSON.
//
// # Wiring
//
// Every instance gives its Dispatcher the Notifier (alone, or in a Fanout
// with a webhook) and runs one Relay that subscribes to every agent's
// subject and hands what arrives to its local hub. A Notification made on
// any instance then reaches the sessions on all of them, the maker's
// included, once each. Subscribe follows one agent instead, for a
// process that holds few agents' sessions.
//
// # Delivery
//
// NATS core is at-most-once: a Notification published while no relay is
// subscribed is gone, which suits alerts (a missed sound is not worth
// replaying a minute later) and preferences (each carries the whole
// preferences and a version). The connection's own options decide
// reconnection: with nats.MaxReconnects and nats.ReconnectWait, a
// connection survives a server restart within the reconnect window,
// re-subscribes by itself, and buffers what is published meanwhile (up to
// nats.ReconnectBufSize).
//
// A Subscription (a Relay's or Subscribe's) has the shape of every
// subscription in profilekit but for C, since what it receives goes to
// its Notifier: Done is closed when it ends (its context ended, Close, or
// the connection closed for good), Err then says why, and Close is
// idempotent. notifytest.RunNotifier and RunRelay check both against a
// real server.
package natsnotify
