// Package hub is an in-process notify.Notifier with per-agent
// subscriptions: what a server streams to each agent's open pages (by
// server-sent events or a WebSocket).
//
// Each Subscription has a bounded buffer. Notify never waits for a
// subscriber: when a buffer is full the subscription's oldest
// Notification is dropped to make room for the new one, and the drop is
// counted, both on the Subscription (Dropped) and on the Hub (Stats). A
// slow or stuck reader therefore loses only its own oldest alerts and
// never delays the Dispatcher or the other subscribers.
//
// A Subscription has the shape of every subscription in profilekit: C is
// closed when it ends (its context ended, Close, or the Hub's Close), Err
// then says why, and Close is idempotent. notifytest.RunNotifier checks
// the Hub.
//
// A Hub delivers within one process. To reach sessions on other
// instances, give the Dispatcher a cross-instance notifier
// (notify/natsnotify) and relay it into each instance's Hub.
package hub
