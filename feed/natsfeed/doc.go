// Package natsfeed is a feed.Transport on NATS (github.com/nats-io/nats.go),
// for services that run NATS: the events of every instance connected to
// one NATS system reach every instance's Feed.
//
//	t := natsfeed.New(conn, nil) // the application's *nats.Conn
//	f := feed.New(t, &feed.Options{Instance: name})
//
// # Reach
//
// Every Feed whose transport has the same Options.Subject on the same NATS
// system; services that share a NATS server but not their agents use
// different subjects. All events share one subject, so that one Feed's
// messages reach every listener in the order it published them.
//
// # Delivery
//
// NATS core is at most once. The connection's own options decide
// reconnection (nats.MaxReconnects, nats.ReconnectWait): while it is
// disconnected, what other instances publish is lost to this one, and
// what this one publishes waits in the client's reconnect buffer (up to
// nats.ReconnectBufSize). A Feed's listener ends when the connection
// drops; the Feed listens again once the connection is back and then
// delivers a feed.Lost (LostDisconnected) to its subscriptions. Messages
// the client drops for a slow consumer show as a gap in the sender's
// sequence numbers, and a Lost (LostGap). A closed connection ends the
// Feed's subscriptions (profilekit.ErrClosed).
//
// # Size
//
// MaxMessage is the server's max_payload (1 MB unless configured), far
// above the SDK's events.
package natsfeed
