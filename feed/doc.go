// Package feed carries the events of every service instance to the live
// pages on every instance: profile saved, admin changes, password changed,
// notification preferences saved, presence changes, and an application's
// own events. It is what a server streams to a page (server-sent events, a
// WebSocket) instead of a bus of its own.
//
// A Feed is a profilekit.Observer. Name it in the Options of every
// service; it publishes each event to a Transport, and every instance's
// Feed on that transport delivers it to its subscriptions, decoded back
// into its Go type:
//
//	t, err := pgfeed.New(pool, nil) // or natsfeed.New(conn, nil), or feed.NewLocal()
//	if err != nil {
//		return err
//	}
//	f := feed.New(t, &feed.Options{Instance: name})
//	defer f.Close()
//	profiles := profile.New(store, &profile.Options{Observer: f, Instance: name})
//	passwords := password.New(store, &password.Options{Observer: f, Instance: name})
//	tracker := presence.New(store, &presence.Options{Observer: f, Instance: name})
//	_ = f.WatchPresence(ctx, tracker) // presence expiries, once per subscriber
//
//	sub, err := f.Subscribe(ctx, agentID) // or SubscribeAll
//	if err != nil {
//		return err
//	}
//	defer sub.Close()
//	for e := range sub.C() {
//		switch e := e.(type) {
//		case profile.Saved:
//			fmt.Println("saved", e.Fields)
//		case presence.StatusChanged:
//			fmt.Println("status", e.Presence.Status)
//		case feed.Lost:
//			fmt.Println("reload:", e.Reason) // events may be missing
//		}
//	}
//
// # Transports
//
//   - Local (feed.NewLocal, or a nil Transport): within one process, for
//     tests and a single instance; nothing is lost.
//   - feed/pgfeed: every instance on one PostgreSQL database, with
//     LISTEN/NOTIFY on the application's *pgxpool.Pool (one connection per
//     Feed taken out of it to listen); messages under 8000 bytes.
//   - feed/natsfeed: every instance on one NATS system, on the
//     application's *nats.Conn.
//
// Each Feed hears its own events through the transport too, so every
// instance delivers them in the same order. feed/feedtest.RunTransport is
// the conformance suite every transport passes.
//
// # Order and delivery
//
// The events one instance raises about one agent arrive in the order it
// raised them (Observers are called under the services' per-agent lock,
// and a Feed publishes one message at a time). Delivery across instances
// is at most once: a transport may lose messages (a lost connection, a
// failed publish, a full outbox), and a Feed never replays. It never loses
// them silently either: each Feed numbers its messages, a listening Feed
// that sees a gap delivers a Lost (LostGap), and one whose connection was
// lost delivers a Lost (LostDisconnected) once it listens again, so that a
// reload made on the Lost sees every later event. Lost carries the code
// feed.lost, as storage/redis's lost presence feed does.
//
// # Slow readers
//
// Nothing waits for a reader: Observe only queues the event (the outbox,
// Options.Outbox, published by a goroutine of the Feed's), and each
// subscription holds up to Options.Buffer events its reader has not
// taken. A reader further behind loses what it holds, replaced by one
// Lost (LostBehind); the publisher and the other subscriptions never
// notice.
//
// # Stream limits
//
// Each subscription a server streams to a page costs a connection, a
// goroutine and a buffer, so a client must not open them without end.
// Streams counts the streams an instance serves, per session, per agent
// and in all (StreamLimits, defaults DefaultStreamsPerSession,
// DefaultStreamsPerAgent, DefaultStreamsTotal), and refuses one more with
// a *StreamLimitError (code feed.too_many_streams, ErrTooManyStreams); its
// CloseAll ends every stream at shutdown:
//
//	st, err := streams.Open(agentID, sessionID)
//	if err != nil {
//		return err // 429 for ErrTooManyStreams
//	}
//	defer st.Close()
//	// serve until st.Done() is closed or the client leaves
//
// # Presence
//
// Presence writes raise their events on the instance that made them, and
// travel like any other event. The changes time makes (a Busy expiring,
// the last session expiring) are noticed by every instance's presence
// Watch at once, so the Feed does not carry them: WatchPresence reports
// them to the Feed's own subscribers from one Watch per instance, and
// Observe drops the expiry events a Tracker raises. Each subscriber sees
// each expiry once, however many instances run.
//
// # Application events
//
// An application publishes its own events (a sign-out, a catalogue
// change) with Publish: any type that implements profilekit.Event and
// whose JSON round-trips. Feeds that are given its Type (Options.Types,
// TypeOf) deliver it as that type; others deliver a Raw with its meta and
// JSON, so no event of a kind unknown to an instance (an older version
// during a rolling deploy) is dropped.
//
// A Feed imports the domain packages to decode their events; no domain
// package imports it.
package feed
