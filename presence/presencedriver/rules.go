package presencedriver

import (
	"time"

	"github.com/convrs/profilekit/presence"
)

// Full reports whether the agent of r holds as many chats as its capacity
// allows. A capacity of 0 means no limit.
func Full(r presence.Record) bool {
	return r.Capacity > 0 && r.Active >= r.Capacity
}

// Eligible reports whether the agent of r may receive a new chat at t:
// online, not busy and not full. presence.Store's ListEligible returns the
// candidates for which it holds.
func Eligible(r presence.Record, t time.Time) bool {
	return r.OnlineAt(t) && !r.BusyAt(t) && !Full(r)
}

// ClaimError returns the sentinel a claim at t must fail with, checked in
// this order: presence.ErrBusy while the agent is busy, presence.ErrOffline
// while it has no live session; nil otherwise. Capacity (presence.ErrFull,
// see Full) is checked after the chat itself, because a chat the agent
// already holds takes no new unit.
func ClaimError(r presence.Record, t time.Time) error {
	switch {
	case r.BusyAt(t):
		return presence.ErrBusy
	case !r.OnlineAt(t):
		return presence.ErrOffline
	}
	return nil
}

// HeartbeatSkipDivisor sets how far from expiry a session must be for an
// adapter to skip a heartbeat's write: a TouchSession(expires, now) of a
// session whose stored expiry is more than (expires-now)/HeartbeatSkipDivisor
// after now may leave the session as stored and return the agent's Record
// unchanged (storage/sqlite and storage/postgres do). The session then
// stays alive at least half a TTL after each heartbeat, and a client that
// heartbeats every TTL/3, as presence.Options advises, is never seen
// offline; each session costs at most one write per half TTL.
const HeartbeatSkipDivisor = 2
