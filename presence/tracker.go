package presence

import (
	"context"
	"sync/atomic"
	"time"

	"github.com/convrs/profilekit/internal/kit"

	"github.com/convrs/profilekit"
	"github.com/convrs/profilekit/internal/stripe"
)

// DefaultTTL is how long a session stays alive after its last heartbeat
// when Options.TTL is zero.
const DefaultTTL = 30 * time.Second

// Options configures a Tracker. The zero value (or nil) means the defaults.
type Options struct {
	// TTL is how long a session stays alive after Connect or its last
	// Heartbeat; DefaultTTL when zero. Clients should heartbeat well within
	// it (every TTL/3, say).
	TTL time.Duration
	// Clock tells the time; the system clock when nil. Watch waits for
	// expiries with the clock's After when it is a profilekit.AlarmClock
	// (profilekittest.Clock is one), and with time.After otherwise.
	Clock profilekit.Clock
	// Observer receives the Tracker's events (StatusChanged,
	// SessionConnected, SessionEnded), after each change is stored and
	// before the call that made it returns; nil means none. Observer
	// events are local to this Tracker: for the changes every instance
	// makes, subscribe with Watch. The Tracker holds a lock while Observe runs
	// (that is how it keeps each agent's events in order; an agent shares its
	// lock with about 1 in 256 others), so Observe must return quickly and
	// must not call the Tracker, about any agent: hand slow work, or a call
	// back, to another goroutine.
	Observer profilekit.Observer
	// Instance names this service instance in the events it raises;
	// kit.DefaultInstance() ("host:pid") when empty.
	Instance string
}

// Tracker is the presence service: it records Busy and sessions, derives
// each agent's Presence and decides who may receive a new chat. Trackers in
// several processes sharing one store behave as one; see the package
// documentation for the guarantees.
//
// A Tracker is safe for concurrent use.
type Tracker struct {
	store    Store
	ttl      time.Duration
	clock    profilekit.Clock
	observer profilekit.Observer
	instance string
	// locks orders each agent's events: held across a write and the
	// Observe call that reports it. nil (locking nothing) without an
	// Observer.
	locks *stripe.Locks
	// routed counts the Route calls, whose count sets where each starts
	// in the eligible list.
	routed atomic.Uint64
}

// New returns a Tracker over store. opts may be nil. New starts no
// goroutines.
func New(store Store, opts *Options) *Tracker {
	if opts == nil {
		opts = &Options{}
	}
	t := &Tracker{
		store:    store,
		ttl:      opts.TTL,
		clock:    kit.Clock(opts.Clock),
		observer: opts.Observer,
		instance: opts.Instance,
	}
	if t.ttl <= 0 {
		t.ttl = DefaultTTL
	}
	if t.observer != nil {
		t.locks = stripe.New()
		if t.instance == "" {
			t.instance = kit.DefaultInstance()
		}
	}
	return t
}

// now reads the clock once for a call, in UTC to the microsecond, the
// precision every adapter keeps.
func (t *Tracker) now() time.Time {
	return t.clock.Now().UTC().Truncate(time.Microsecond)
}

// meta returns the EventMeta of an event about agent stored at at.
func (t *Tracker) meta(agent string, at time.Time) profilekit.EventMeta {
	return profilekit.EventMeta{AgentID: agent, At: at, Instance: t.instance}
}

// Get returns the agent's presence now. An agent never seen is Offline.
func (t *Tracker) Get(ctx context.Context, agent string) (Presence, error) {
	var p problems
	p.id(FieldAgentID, agent)
	if err := p.err(); err != nil {
		return Presence{}, err
	}
	now := t.now()
	r, err := t.store.GetPresence(ctx, agent, now)
	if err != nil {
		return Presence{}, err
	}
	return r.PresenceAt(now), nil
}

// SetBusy makes the agent busy (without reason or expiry) or clears Busy,
// and returns the agent's new presence. Setting Busy on an agent already
// busy keeps BusySince and removes any reason or expiry. Once SetBusy(ctx,
// agent, true) has returned, no later Eligible or Claim on any Tracker
// sharing the store includes the agent. It raises StatusChanged.
func (t *Tracker) SetBusy(ctx context.Context, agent string, busy bool) (Presence, error) {
	var p problems
	p.id(FieldAgentID, agent)
	return t.write(ctx, p, agent, func(now time.Time) (Record, error) {
		return t.store.SetBusy(ctx, agent, BusySetting{On: busy}, now)
	}, t.statusChanged)
}

// SetBusyFor makes the agent busy with an optional reason, for d ("busy for
// 30 minutes"), and returns the agent's new presence. When d has passed the
// agent is no longer busy and watchers are told; d of 0 means until the
// agent clears it; d is rounded up to a whole microsecond, the precision
// of every store. d must not be negative nor exceed MaxBusyDuration. The
// reason is prepared as ParseReason does (so Presence.BusyReason may differ
// from the text given, by spaces or width forms); a reason of only white
// space is no reason. The guarantee of SetBusy holds while the Busy is in
// force. It raises StatusChanged.
func (t *Tracker) SetBusyFor(ctx context.Context, agent, reason string, d time.Duration) (Presence, error) {
	var p problems
	p.id(FieldAgentID, agent)
	reason = p.reason(reason)
	p.duration(d)
	return t.write(ctx, p, agent, func(now time.Time) (Record, error) {
		b := BusySetting{On: true, Reason: reason}
		if d > 0 {
			// now is whole microseconds; rounding d up keeps Until after it.
			b.Until = now.Add(d + time.Microsecond - 1).Truncate(time.Microsecond)
		}
		return t.store.SetBusy(ctx, agent, b, now)
	}, t.statusChanged)
}

// ToggleBusy atomically clears Busy if the agent is busy and otherwise
// makes the agent busy (without reason or expiry), and returns the new
// presence. Concurrent toggles are never lost. When it makes the agent
// busy, the guarantee of SetBusy holds. It raises StatusChanged.
func (t *Tracker) ToggleBusy(ctx context.Context, agent string) (Presence, error) {
	var p problems
	p.id(FieldAgentID, agent)
	return t.write(ctx, p, agent, func(now time.Time) (Record, error) {
		return t.store.ToggleBusy(ctx, agent, BusySetting{On: true}, now)
	}, t.statusChanged)
}

// Connect starts (or renews) a session of the agent, alive for the TTL,
// and returns the agent's presence. Connect leaves Busy as it was. It
// raises SessionConnected.
func (t *Tracker) Connect(ctx context.Context, agent, session string) (Presence, error) {
	var p problems
	p.id(FieldAgentID, agent)
	p.id(FieldSessionID, session)
	return t.write(ctx, p, agent, func(now time.Time) (Record, error) {
		return t.store.TouchSession(ctx, agent, session, now.Add(t.ttl), now)
	}, func(m profilekit.EventMeta, pr Presence) profilekit.Event {
		return SessionConnected{EventMeta: m, SessionID: session, Presence: pr}
	})
}

// Heartbeat keeps the agent's session alive for another TTL. A heartbeat
// of a session with more than half its TTL to go changes nothing (the
// stores skip that write, which is most heartbeats' cost), so a session
// stays alive at least half a TTL after each heartbeat: heartbeat every
// TTL/3. A heartbeat for a session that has expired or was never
// connected starts it again, as Connect does. Heartbeat leaves Busy as it was and raises no event.
func (t *Tracker) Heartbeat(ctx context.Context, agent, session string) error {
	var p problems
	p.id(FieldAgentID, agent)
	p.id(FieldSessionID, session)
	_, err := t.write(ctx, p, agent, func(now time.Time) (Record, error) {
		return t.store.TouchSession(ctx, agent, session, now.Add(t.ttl), now)
	}, nil)
	return err
}

// Disconnect ends the agent's session at once and returns the agent's
// presence; the agent goes offline if it was the last live session.
// Disconnecting an unknown session is not an error. Disconnect leaves Busy
// as it was. It raises SessionEnded.
func (t *Tracker) Disconnect(ctx context.Context, agent, session string) (Presence, error) {
	var p problems
	p.id(FieldAgentID, agent)
	p.id(FieldSessionID, session)
	return t.write(ctx, p, agent, func(now time.Time) (Record, error) {
		return t.store.RemoveSession(ctx, agent, session, now)
	}, func(m profilekit.EventMeta, pr Presence) profilekit.Event {
		return SessionEnded{EventMeta: m, SessionID: session, Presence: pr}
	})
}

// SetCapacity sets the most chats the agent may hold at once (0 means no
// limit, at most MaxCapacity) and returns the agent's presence. Lowering
// it below the chats the agent holds releases none; the agent just
// receives no new chat until enough are released.
func (t *Tracker) SetCapacity(ctx context.Context, agent string, capacity int) (Presence, error) {
	var p problems
	p.id(FieldAgentID, agent)
	p.capacity(capacity)
	return t.write(ctx, p, agent, func(now time.Time) (Record, error) {
		return t.store.SetChatCapacity(ctx, agent, capacity, now)
	}, nil)
}

// Eligible returns the candidates that may receive a new chat now: online,
// not busy and below their capacity. The result keeps the candidates' order
// (a repeated candidate appears as often as it was given). An agent whose
// SetBusy(true) has returned, on any Tracker sharing the store, is never
// included. The answer can be stale by the time the caller acts on it:
// assign a chat only after Claim succeeds.
func (t *Tracker) Eligible(ctx context.Context, candidates []string) ([]string, error) {
	var p problems
	p.candidates(candidates)
	if err := p.err(); err != nil {
		return nil, err
	}
	if len(candidates) == 0 {
		return []string{}, nil
	}
	return t.store.ListEligible(ctx, candidates, t.now())
}

// Claim atomically takes one unit of the agent's capacity for chat. It
// fails wrapping ErrBusy if the agent is busy, ErrOffline if no session is
// alive, ErrChatTaken if another agent holds chat and ErrFull if the agent
// holds as many chats as its capacity allows; then nothing changes. Claiming
// a chat the agent already holds succeeds without taking another unit
// (unless the agent is now busy or offline). No Claim that starts after
// SetBusy(ctx, agent, true) returned succeeds, on any Tracker sharing the
// store, while the store keeps what it confirmed (see the package
// documentation, Guarantees).
func (t *Tracker) Claim(ctx context.Context, agent, chat string) error {
	var p problems
	p.id(FieldAgentID, agent)
	p.id(FieldChatID, chat)
	if err := p.err(); err != nil {
		return err
	}
	_, err := t.store.ClaimChat(ctx, agent, chat, t.now())
	return err
}

// Release gives back the unit of capacity that Claim took for chat. It
// fails wrapping ErrNotClaimed when the agent does not hold chat, and
// succeeds whether or not the agent is busy or online.
func (t *Tracker) Release(ctx context.Context, agent, chat string) error {
	var p problems
	p.id(FieldAgentID, agent)
	p.id(FieldChatID, chat)
	if err := p.err(); err != nil {
		return err
	}
	_, err := t.store.ReleaseChat(ctx, agent, chat, t.now())
	return err
}

// statusChanged builds the StatusChanged event of a busy write.
func (t *Tracker) statusChanged(m profilekit.EventMeta, p Presence) profilekit.Event {
	return StatusChanged{EventMeta: m, Presence: p}
}

// write is the common path of a write: it returns the problems found while
// validating, if any; otherwise it reads the clock once, runs do with that
// instant and derives the agent's presence at it from the Record do
// returns. When event is not nil and the Tracker has an Observer, it
// reports event's result while still holding the agent's stripe lock, so
// that the agent's events arrive in the order of their writes. Store
// errors are returned as they are: the adapter has named the operation.
func (t *Tracker) write(ctx context.Context, p problems, agent string, do func(now time.Time) (Record, error),
	event func(profilekit.EventMeta, Presence) profilekit.Event) (Presence, error) {
	if err := p.err(); err != nil {
		return Presence{}, err
	}
	if event != nil {
		unlock := t.locks.Lock(agent)
		defer unlock()
	}
	now := t.now()
	r, err := do(now)
	if err != nil {
		return Presence{}, err
	}
	pr := r.PresenceAt(now)
	if event != nil && t.observer != nil {
		t.observer.Observe(ctx, event(t.meta(agent, now), pr))
	}
	return pr, nil
}
