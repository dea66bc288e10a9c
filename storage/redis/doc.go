// Package redis is a presence store on Redis (github.com/redis/go-redis/v9),
// for teams whose presence traffic (a heartbeat from every open agent tab,
// an eligibility query for every new chat) outgrows a relational database.
// It holds presence alone: profiles, credentials and preferences stay in a
// SQL store, and a service wires each domain to the store it needs.
//
//	sql, err := sqlite.Open(ctx, "profilekit.db", nil)
//	if err != nil {
//		fmt.Println(err)
//		return
//	}
//	defer sql.Close()
//	pres, err := redis.Open(ctx, "redis://127.0.0.1:6379/0", &redis.Options{Durable: sql})
//	if err != nil {
//		fmt.Println(err)
//		return
//	}
//	defer pres.Close()
//	profiles := profile.New(sql, nil)
//	tracker := presence.New(pres, nil)
//
// A Store is a presence.Store, a presence.ChangeFeed and a
// presence.ChatLookup (one HGET); it passes
// storage/storagetest.RunPresenceStore.
//
// # Guarantees across instances
//
// Every operation is one Lua script run with EVALSHA, and Redis runs no
// other command while a script runs. A claim checks Busy, the sessions,
// the chat's holder and the capacity and takes the chat in one script; a
// busy write and an eligibility query are one script each. So once SetBusy
// (or a toggle to busy) has returned on any instance, no later ClaimChat
// or ListEligible on any instance includes the agent, which
// storagetest.RaceTogglesAgainstClaims checks with two clients. The
// scripts build key names from the prefix, so the store needs one Redis
// server (with replicas or Sentinel if wanted), not Redis Cluster.
//
// Commands must not be retried: a script whose reply was lost may have
// run, and running a toggle twice loses it. Open turns go-redis's retries
// off; give New a client with MaxRetries: -1.
//
// # Time
//
// presence.Store passes each call the Tracker's now and asks the store to
// judge liveness and expiry against it; the conformance suite relies on
// that to move time forward without waiting. Options.Time chooses:
//
//   - CallerTime (the default) does as presence.Store says. Instances then
//     assume their clocks agree to well within the TTL (NTP gives
//     milliseconds; the default TTL is 30 seconds): an instance whose clock
//     runs ahead by d sees every session end d early.
//   - ServerTime judges by Redis's clock, read with TIME inside each
//     script, so skewed instances still agree. Each call shifts the
//     instants it is given by the offset between its now and Redis's, and
//     shifts the Record's instants back, so a Tracker sees durations as it
//     set them, in its own timeline.
//
// In both modes Redis deletes an agent's sessions key by its own clock
// (PEXPIRE), a minute after the latest session's expiry, so agents that
// vanish leave no sessions behind.
//
// # Change feed
//
// Each changing write publishes its Record on one pub/sub channel from
// inside its script, so subscribers on every instance receive Records in
// the order Redis ran the writes (each agent's in Version order).
// Heartbeats of live sessions publish nothing. Redis pub/sub delivers at
// most once: what is published while a subscriber's connection is down is
// lost. A subscription therefore never reconnects by itself: it ends with
// ErrFeedLost (code feed.lost, the code of every lost feed in profilekit),
// and the subscriber subscribes again and reads the agents it shows
// (GetPresence, Tracker.Get) before trusting the feed.
//
// # When Redis loses its data
//
// Presence is ephemeral by nature: after Redis restarts without
// persistence (or fails over to a replica that lagged, or is flushed),
// sessions and the chats held are gone; agents' tabs reconnect with their
// next heartbeat and the router claims chats again. What an agent set by
// hand must not be lost, so a Store needs Options.Durable (the SQL store
// that holds the profiles): every Busy (with its reason and expiry) and
// capacity is copied there after Redis has it, and an agent Redis no
// longer knows is loaded from there by the first call about it, before
// that call decides anything: a busy agent whose tab reconnects is still
// busy, and a claim for it still fails with presence.ErrBusy, as
// presence.Tracker promises. Its Version restarts at Redis's clock in
// microseconds, above any Version it had. The copy is ordered per agent
// within one process; two instances writing one agent's Busy at the same
// moment may reach the durable store in either order, and the durable
// copy is read only after a loss.
//
// New and Open refuse Options without Durable (ErrNotDurable) unless
// Options.Ephemeral accepts that a loss clears Busy: then an agent
// confirmed busy is available again once its tab reconnects, and a Claim
// for it may succeed. Run Redis with persistence (appendonly yes) then.
//
// # Keys
//
// Under Options.Prefix: a:AGENT, a hash of the agent's Busy, latest
// session expiry, chats held, capacity and Version; s:AGENT, a sorted set
// of the agent's sessions by expiry; chats, a hash of chat to holder; and
// the channel changes.
//
// A Store is safe for concurrent use.
package redis
