// Package pgfeed is a feed.Transport on PostgreSQL's LISTEN/NOTIFY, for
// services that run PostgreSQL (as storage/postgres) and no NATS: the
// events of every instance on one database reach every instance's Feed.
//
//	t, err := pgfeed.New(pool, nil) // the application's *pgxpool.Pool
//	if err != nil {
//		return err
//	}
//	f := feed.New(t, &feed.Options{Instance: name})
//
// # Reach
//
// Every Feed whose transport has the same Options.Channel on the same
// database (a channel is database-wide, whatever the schema): give
// services that share a database but not their agents different
// channels. New refuses a channel name PostgreSQL would cut short (over
// 63 bytes) or that is not an ID.
//
// # Connections
//
// Publishing runs NOTIFY on the pool, one statement per event, in the
// order a Feed queued them; outside a transaction it is delivered at once.
// Listening takes one connection out of the pool for good (LISTEN is a
// property of a connection, and a pooled one would be handed to other
// queries): one per Feed, however many subscriptions it has, closed when
// the Feed closes; the pool opens another in its place.
//
// # Delivery
//
// PostgreSQL delivers notifications in commit order, so each Feed's
// events arrive in the order it published them, on every instance. It is
// at most once for a listener that is not connected: when the listening
// connection fails (a restart, a dropped connection, the backend
// terminated), what is published until the Feed listens again (every
// feed.Options.RetryWait) is lost, and the Feed delivers a feed.Lost
// (LostDisconnected) to its subscriptions once it listens again. A NOTIFY
// that fails (the database is down) loses its event too; the listening
// Feeds see the gap in that Feed's sequence numbers and deliver a Lost
// (LostGap).
//
// # Size
//
// PostgreSQL refuses a payload of 8000 bytes or more, counting the bytes
// of the JSON message sent: MaxMessage is 7999 bytes, and a Feed refuses a
// larger event with a *profilekit.ValidationError, code payload.too_large,
// matching feed.ErrTooLarge (or, for an event it observes, sends a Lost
// about its agent instead). The
// SDK's events stay far below it: the largest, notify.PreferencesSaved
// with a catalogue of a few kinds, is about a kilobyte.
package pgfeed
