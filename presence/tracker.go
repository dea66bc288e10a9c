package presence

import (
	"context"
	"fmt"
	"time"
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
	// Clock tells the time; the system clock when nil.
	Clock Clock
}

// Tracker is the presence service: it records Busy and sessions, derives
// each agent's Presence and decides who may receive a new chat. Trackers in
// several processes sharing one store behave as one; see the package
// documentation for the guarantees.
//
// A Tracker is safe for concurrent use.
type Tracker struct {
	store Store
	ttl   time.Duration
	clock Clock
}

// New returns a Tracker over store. opts may be nil. New starts no
// goroutines.
func New(store Store, opts *Options) *Tracker {
	t := &Tracker{store: store, ttl: DefaultTTL, clock: systemClock{}}
	if opts != nil {
		if opts.TTL > 0 {
			t.ttl = opts.TTL
		}
		if opts.Clock != nil {
			t.clock = opts.Clock
		}
	}
	return t
}

// now reads the clock once for a call, in UTC to the microsecond, the
// precision every adapter keeps.
func (t *Tracker) now() time.Time {
	return t.clock.Now().UTC().Truncate(time.Microsecond)
}

// Get returns the agent's presence now. An agent never seen is Offline.
func (t *Tracker) Get(ctx context.Context, agent string) (Presence, error) {
	var p problems
	p.id("agent", agent)
	return t.apply(p, "get", agent, func(now time.Time) (Record, error) {
		return t.store.GetPresence(ctx, agent, now)
	})
}

// SetBusy makes the agent busy (without reason or expiry) or clears Busy,
// and returns the agent's new presence. Setting Busy on an agent already
// busy keeps BusySince and removes any reason or expiry. Once SetBusy(ctx,
// agent, true) has returned, no later Eligible or Claim on any Tracker
// sharing the store includes the agent.
func (t *Tracker) SetBusy(ctx context.Context, agent string, busy bool) (Presence, error) {
	var p problems
	p.id("agent", agent)
	return t.apply(p, "set busy", agent, func(now time.Time) (Record, error) {
		return t.store.SetBusy(ctx, agent, BusySetting{On: busy}, now)
	})
}

// SetBusyFor makes the agent busy with an optional reason, for d ("busy for
// 30 minutes"), and returns the agent's new presence. When d has passed the
// agent is no longer busy and watchers are told; d of 0 means until the
// agent clears it; d is rounded up to a whole microsecond, the precision
// of every store. d must not be negative nor exceed MaxBusyDuration, and
// reason must not exceed MaxReasonLength characters. The guarantee of
// SetBusy holds while the Busy is in force.
func (t *Tracker) SetBusyFor(ctx context.Context, agent, reason string, d time.Duration) (Presence, error) {
	var p problems
	p.id("agent", agent)
	p.reason(reason)
	switch {
	case d < 0:
		p.add("duration", "duration.negative", "duration %v is negative", d)
	case d > MaxBusyDuration:
		p.add("duration", "duration.too_long", "duration %v is longer than %v", d, MaxBusyDuration)
	}
	return t.apply(p, "set busy", agent, func(now time.Time) (Record, error) {
		b := BusySetting{On: true, Reason: reason}
		if d > 0 {
			// now is whole microseconds; rounding d up keeps Until after it.
			b.Until = now.Add(d + time.Microsecond - 1).Truncate(time.Microsecond)
		}
		return t.store.SetBusy(ctx, agent, b, now)
	})
}

// ToggleBusy atomically clears Busy if the agent is busy and otherwise
// makes the agent busy (without reason or expiry), and returns the new
// presence. Concurrent toggles are never lost. When it makes the agent
// busy, the guarantee of SetBusy holds.
func (t *Tracker) ToggleBusy(ctx context.Context, agent string) (Presence, error) {
	var p problems
	p.id("agent", agent)
	return t.apply(p, "toggle busy", agent, func(now time.Time) (Record, error) {
		return t.store.ToggleBusy(ctx, agent, BusySetting{On: true}, now)
	})
}

// Connect starts (or renews) a session of the agent, alive for the TTL,
// and returns the agent's presence. Connect leaves Busy as it was.
func (t *Tracker) Connect(ctx context.Context, agent, session string) (Presence, error) {
	var p problems
	p.id("agent", agent)
	p.id("session", session)
	return t.apply(p, "connect", agent, func(now time.Time) (Record, error) {
		return t.store.TouchSession(ctx, agent, session, now.Add(t.ttl), now)
	})
}

// Heartbeat keeps the agent's session alive for another TTL. A heartbeat
// for a session that has expired or was never connected starts it again,
// as Connect does. Heartbeat leaves Busy as it was.
func (t *Tracker) Heartbeat(ctx context.Context, agent, session string) error {
	_, err := t.Connect(ctx, agent, session)
	return err
}

// Disconnect ends the agent's session at once and returns the agent's
// presence; the agent goes offline if it was the last live session.
// Disconnecting an unknown session is not an error. Disconnect leaves Busy
// as it was.
func (t *Tracker) Disconnect(ctx context.Context, agent, session string) (Presence, error) {
	var p problems
	p.id("agent", agent)
	p.id("session", session)
	return t.apply(p, "disconnect", agent, func(now time.Time) (Record, error) {
		return t.store.RemoveSession(ctx, agent, session, now)
	})
}

// SetCapacity sets the most chats the agent may hold at once (0 means no
// limit, at most MaxCapacity) and returns the agent's presence. Lowering
// it below the chats the agent holds releases none; the agent just
// receives no new chat until enough are released.
func (t *Tracker) SetCapacity(ctx context.Context, agent string, capacity int) (Presence, error) {
	var p problems
	p.id("agent", agent)
	if capacity < 0 || capacity > MaxCapacity {
		p.add("capacity", "capacity.out_of_range", "capacity %d is not between 0 and %d", capacity, MaxCapacity)
	}
	return t.apply(p, "set capacity", agent, func(now time.Time) (Record, error) {
		return t.store.SetChatCapacity(ctx, agent, capacity, now)
	})
}

// Eligible returns the candidates that may receive a new chat now: online,
// not busy and below their capacity. The result keeps the candidates' order
// (a repeated candidate appears as often as it was given). An agent whose
// SetBusy(true) has returned, on any Tracker sharing the store, is never
// included. The answer can be stale by the time the caller acts on it:
// assign a chat only after Claim succeeds.
func (t *Tracker) Eligible(ctx context.Context, candidates []string) ([]string, error) {
	var p problems
	if len(candidates) > MaxCandidates {
		p.add("candidates", "candidates.too_many", "%d candidates, more than %d", len(candidates), MaxCandidates)
	} else {
		for _, c := range candidates {
			p.id("agent", c)
		}
	}
	if err := p.err(); err != nil {
		return nil, err
	}
	if len(candidates) == 0 {
		return []string{}, nil
	}
	now := t.now()
	ids, err := t.store.ListEligible(ctx, candidates, now)
	if err != nil {
		return nil, fmt.Errorf("presence: eligible: %w", err)
	}
	return ids, nil
}

// Claim atomically takes one unit of the agent's capacity for chat. It
// fails wrapping ErrBusy if the agent is busy, ErrOffline if no session is
// alive, ErrChatTaken if another agent holds chat and ErrFull if the agent
// holds as many chats as its capacity allows; then nothing changes. Claiming
// a chat the agent already holds succeeds without taking another unit
// (unless the agent is now busy or offline). No Claim that starts after
// SetBusy(ctx, agent, true) returned succeeds, on any Tracker sharing the
// store.
func (t *Tracker) Claim(ctx context.Context, agent, chat string) error {
	var p problems
	p.id("agent", agent)
	p.id("chat", chat)
	if err := p.err(); err != nil {
		return err
	}
	if _, err := t.store.ClaimChat(ctx, agent, chat, t.now()); err != nil {
		return fmt.Errorf("presence: claim %q for %q: %w", chat, agent, err)
	}
	return nil
}

// Release gives back the unit of capacity that Claim took for chat. It
// fails wrapping ErrNotClaimed when the agent does not hold chat, and
// succeeds whether or not the agent is busy or online.
func (t *Tracker) Release(ctx context.Context, agent, chat string) error {
	var p problems
	p.id("agent", agent)
	p.id("chat", chat)
	if err := p.err(); err != nil {
		return err
	}
	if _, err := t.store.ReleaseChat(ctx, agent, chat, t.now()); err != nil {
		return fmt.Errorf("presence: release %q for %q: %w", chat, agent, err)
	}
	return nil
}

// apply is the common path of a write: it returns the problems found while
// validating, if any; otherwise it reads the clock once, runs do with that
// instant and derives the agent's presence at it from the Record do
// returns. op and agent name the call in errors.
func (t *Tracker) apply(p problems, op, agent string, do func(now time.Time) (Record, error)) (Presence, error) {
	if err := p.err(); err != nil {
		return Presence{}, err
	}
	now := t.now()
	r, err := do(now)
	if err != nil {
		return Presence{}, fmt.Errorf("presence: %s %q: %w", op, agent, err)
	}
	return r.PresenceAt(now), nil
}
