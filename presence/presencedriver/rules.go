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
