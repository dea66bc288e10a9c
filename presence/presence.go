package presence

import "time"

// Presence is an agent's presence at one instant, as the UI shows it and
// the router uses it.
type Presence struct {
	// Agent identifies the agent.
	Agent string `json:"agent_id"`
	// Status is Busy while the agent is busy (online or not), otherwise
	// Available while online, otherwise Offline.
	Status Status `json:"status"`
	// Badge is Status.Badge(): a red "Busy" badge while busy.
	Badge Badge `json:"badge"`
	// Online reports whether a session of the agent is alive. A busy agent
	// may be online or not.
	Online bool `json:"online"`

	// BusySince is when the agent became busy, in UTC; zero unless Busy.
	BusySince time.Time `json:"busy_since,omitzero"`
	// BusyUntil is when Busy ends by itself, in UTC; zero unless Busy or
	// when Busy lasts until the agent clears it.
	BusyUntil time.Time `json:"busy_until,omitzero"`
	// BusyReason is the reason the agent gave; empty unless Busy.
	BusyReason string `json:"busy_reason,omitempty"`

	// Active is the number of chats the agent holds.
	Active int `json:"active"`
	// Capacity is the most chats the agent may hold at once; 0 means no
	// limit.
	Capacity int `json:"capacity"`

	// Version is the Record version this presence was derived from.
	Version int64 `json:"version"`
}

// PresenceAt derives the agent's Presence at t. Busy details are cleared
// when Busy is not in force at t (never set, cleared or expired).
func (r Record) PresenceAt(t time.Time) Presence {
	p := Presence{
		Agent:    r.Agent,
		Online:   r.OnlineAt(t),
		Active:   r.Active,
		Capacity: r.Capacity,
		Version:  r.Version,
	}
	switch {
	case r.BusyAt(t):
		p.Status = Busy
		p.BusySince, p.BusyUntil, p.BusyReason = r.BusySince, r.BusyUntil, r.BusyReason
	case p.Online:
		p.Status = Available
	default:
		p.Status = Offline
	}
	p.Badge = p.Status.Badge()
	return p
}

// Eligible reports whether the agent may receive a new chat: available
// (online and not busy) and below its capacity.
func (p Presence) Eligible() bool {
	return p.Status == Available && (p.Capacity == 0 || p.Active < p.Capacity)
}

// sameState reports whether a and b show the same presence, ignoring
// Version.
func sameState(a, b Presence) bool {
	return a.Agent == b.Agent && a.Status == b.Status && a.Online == b.Online &&
		a.BusySince.Equal(b.BusySince) && a.BusyUntil.Equal(b.BusyUntil) &&
		a.BusyReason == b.BusyReason && a.Active == b.Active && a.Capacity == b.Capacity
}
