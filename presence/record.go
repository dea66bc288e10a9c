package presence

import "time"

// Record is an agent's stored presence as a Store returns it: the raw state
// from which the Tracker derives a Presence at a given instant. An agent the
// store has never seen has the zero Record (with Agent and AsOf set):
// offline, not busy, no chats, no capacity limit, Version 0.
type Record struct {
	// Agent identifies the agent.
	Agent string

	// Busy reports whether the agent set Busy and has not cleared it. A
	// Busy whose BusyUntil has passed is kept until the next write; see
	// BusyAt.
	Busy bool
	// BusySince is when the agent became busy, in UTC; zero when not Busy.
	BusySince time.Time
	// BusyUntil is when Busy expires by itself, in UTC; zero when it lasts
	// until the agent clears it (or when not Busy).
	BusyUntil time.Time
	// BusyReason is the optional reason the agent gave; empty when not Busy.
	BusyReason string

	// OnlineUntil is the latest expiry among the agent's sessions that are
	// alive at AsOf, in UTC; zero when none is alive.
	OnlineUntil time.Time

	// Active is the number of chats the agent holds.
	Active int
	// Capacity is the most chats the agent may hold at once; 0 means no
	// limit.
	Capacity int

	// Version counts the writes that changed this record; see Store.
	Version int64
	// AsOf is the instant the record was read or written at: the now the
	// caller passed to the Store.
	AsOf time.Time
}

// BusyAt reports whether the agent is busy at t: Busy is set and has no
// expiry or expires after t.
func (r Record) BusyAt(t time.Time) bool {
	return r.Busy && (r.BusyUntil.IsZero() || t.Before(r.BusyUntil))
}

// OnlineAt reports whether a session of the agent is alive at t.
func (r Record) OnlineAt(t time.Time) bool {
	return t.Before(r.OnlineUntil)
}

// BusySetting is what a Tracker asks a Store to record about Busy.
type BusySetting struct {
	// On is true to make the agent busy and false to clear Busy.
	On bool
	// Reason is the optional reason, already validated; empty when !On.
	Reason string
	// Until is when Busy expires by itself, in UTC; zero for never. It is
	// after the now of the call when set.
	Until time.Time
}
