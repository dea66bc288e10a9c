package presence

import (
	"context"
	"time"
)

// Store persists presence. It is the part of a storage adapter that the
// Tracker uses; storage.Store embeds it.
//
// Adapters only persist and load: the Tracker validates input and computes
// instants (session expiries, busy expiries) before it calls a Store. Every
// agent, session and chat ID a Tracker passes has passed profilekit.CheckID
// (1 to 128 bytes of visible ASCII), and a reason is at most MaxReasonBytes
// bytes. Every method takes now, the instant of the call by the Tracker's
// clock, and must judge liveness and expiry against it, never against the
// adapter's own clock: a session is alive at now when its expiry is after
// now, and Busy is in force at now when Record.BusyAt(now) holds.
//
// Every method must be safe for concurrent use, from one process or from
// many sharing a database, must honour ctx (a cancelled context returns an
// error that wraps ctx.Err() and changes nothing), and must neither keep
// nor share the values it is given or returns. An agent the store has never
// seen is not an error: it reads as the zero Record.
//
// Errors name the adapter and the operation and quote at most a prefix of
// an ID (storage/driver.QuoteID), because the Tracker returns them as they are;
// sentinels are wrapped with %w:
//
//	fmt.Errorf("sqlite: claim chat %s: %w", driver.QuoteID(chat), presence.ErrBusy)
//
// Package presencedriver holds the helpers adapters share (the claim rule,
// the queue and registry behind a ChangeFeed's subscriptions);
// storage/storagetest.RunPresenceStore checks an adapter against this
// contract.
//
// Each method that writes returns the agent's Record as of now after the
// write. A write that changes the Record (anything but a heartbeat that
// merely extends a session that is still alive) must increase Version by
// one, atomically with the change; writes to one agent must be serialised,
// so Versions of an agent are never reused. An adapter that implements
// ChangeFeed must publish exactly these Records, in Version order per
// agent.
type Store interface {
	// GetPresence returns the agent's Record as of now.
	GetPresence(ctx context.Context, agent string, now time.Time) (Record, error)

	// SetBusy records b. When b.On, the agent becomes busy with b.Reason
	// and b.Until; BusySince must keep its stored value if the agent was
	// already busy at now (Record.BusyAt), and become now otherwise. When
	// !b.On, Busy, BusySince, BusyUntil and BusyReason must be cleared.
	// Once SetBusy with b.On has returned, every later ClaimChat and
	// ListEligible, through any handle on the same store, must see the
	// agent as busy (until b.Until, if set).
	SetBusy(ctx context.Context, agent string, b BusySetting, now time.Time) (Record, error)

	// ToggleBusy atomically clears Busy if the agent is busy at now, and
	// otherwise records on as SetBusy would. on.On is true. Of two
	// concurrent toggles neither may be lost: the agent ends where it
	// started.
	ToggleBusy(ctx context.Context, agent string, on BusySetting, now time.Time) (Record, error)

	// TouchSession records that the agent's session is alive until
	// expires (which is after now), creating the session if it does not
	// exist. It must count as a change (Version increases) only when the
	// session did not exist or had expired at now; it may delete the
	// agent's other sessions that have expired at now. It must not change
	// Busy. When the session is alive with more than
	// (expires-now)/presencedriver.HeartbeatSkipDivisor to go, it must
	// instead leave the session's expiry as stored (a heartbeat then costs
	// no write), so that every adapter agrees on OnlineUntil.
	TouchSession(ctx context.Context, agent, session string, expires, now time.Time) (Record, error)

	// RemoveSession ends the agent's session at once. Removing a session
	// that does not exist changes nothing and is not an error. It must not
	// change Busy.
	RemoveSession(ctx context.Context, agent, session string, now time.Time) (Record, error)

	// SetChatCapacity sets the most chats the agent may hold at once; 0
	// means no limit. Lowering it below the chats held releases none.
	SetChatCapacity(ctx context.Context, agent string, capacity int, now time.Time) (Record, error)

	// ClaimChat records that the agent holds chat. In one atomic step it
	// must check, as of now and in this order, that the agent is not busy
	// (else fail wrapping ErrBusy) and online (else ErrOffline), as
	// presencedriver.ClaimError does; then, if
	// the agent already holds chat, succeed without change; else fail
	// wrapping ErrChatTaken if another agent holds chat, or ErrFull if a
	// capacity is set and the agent holds that many chats. No interleaving
	// of SetBusy and ClaimChat calls, from any number of processes, may
	// let a claim succeed that starts after a SetBusy with b.On returned
	// (while that Busy is in force). On failure nothing is changed.
	ClaimChat(ctx context.Context, agent, chat string, now time.Time) (Record, error)

	// ReleaseChat gives back the unit of capacity chat took. It must fail
	// wrapping ErrNotClaimed, changing nothing, when the agent does not
	// hold chat. It succeeds whether or not the agent is busy or online.
	ReleaseChat(ctx context.Context, agent, chat string, now time.Time) (Record, error)

	// ListEligible returns, in the order of candidates (a repeated
	// candidate as often as it appears), the candidates that at now are
	// online, not busy and below their capacity (presencedriver.Eligible). It
	// must read a consistent view: an agent whose SetBusy with b.On has
	// returned is never included.
	ListEligible(ctx context.Context, candidates []string, now time.Time) ([]string, error)
}

// ChangeFeed is an optional interface of a Store: one that implements it
// delivers the Records its writes return to every subscriber. The Tracker
// detects it with a type assertion; see Tracker.Watch.
//
// Which writes a subscriber sees is the adapter's to say, in its
// SubscribePresence documentation: the writes made through the same Store
// value (storage/memory, in one process), or the writes of every process
// sharing the database (storage/sqlite, storage/postgres). An adapter that
// delivers only some writers' Records must say so; storagetest checks the
// promise it makes.
type ChangeFeed interface {
	// SubscribePresence starts delivering Records written after it
	// returns, in Version order per agent, until ctx is done, the
	// subscription is closed or the feed fails. It must deliver every
	// Record a write it covers returned (a
	// subscriber that falls behind is buffered, never skipped; an adapter
	// that cannot buffer without bound ends the subscription with an
	// error instead of skipping) and must not block writers on a slow
	// subscriber indefinitely.
	SubscribePresence(ctx context.Context) (Subscription, error)
}

// ChatLookup is an optional interface of a Store: one that implements it
// tells which agent holds a chat. Tracker.Route detects it with a type
// assertion and uses it to return the holder of a chat routed before,
// whatever the holder's presence now; over a Store without it, Route
// finds the holder only while the holder may still claim (see Route).
// Every adapter of profilekit implements it (storage/memory,
// storage/sqlite, storage/postgres, storage/redis), and
// storage/storagetest checks it.
type ChatLookup interface {
	// GetChatHolder returns the agent that holds chat (ClaimChat
	// succeeded and ReleaseChat has not since), or "" when no agent does;
	// a chat the store has never seen is not an error. It must see every
	// ClaimChat and ReleaseChat that returned before it was called,
	// through any handle on the same store.
	GetChatHolder(ctx context.Context, chat string) (string, error)
}

// Subscription is a live subscription to a ChangeFeed. It has the shape of
// every subscription in profilekit: C, Err and Close.
// presencedriver.Subscription implements it for adapters.
type Subscription interface {
	// C returns the channel on which Records arrive. It is closed when the
	// subscription ends.
	C() <-chan Record
	// Err reports why C was closed: an error wrapping ctx.Err() when the
	// subscription's context ended, one matching profilekit.ErrClosed
	// after Close (or the store's Close), or the feed's failure. It
	// returns nil while the subscription is live.
	Err() error
	// Close ends the subscription and returns once C is closed. Closing
	// twice does nothing.
	Close() error
}
