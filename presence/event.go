package presence

import "github.com/convrs/profilekit"

// StatusChanged reports that an agent's Busy flag, reason or expiry was
// written (SetBusy, SetBusyFor, ToggleBusy), or that a Busy reached its
// expiry (Expired, raised by a running Watch). Presence is the agent's
// presence right after the change: its Badge is what the UI shows.
type StatusChanged struct {
	profilekit.EventMeta
	// Presence is the agent's presence right after the change.
	Presence Presence `json:"presence"`
	// Expired is true when time made the change (the Busy expiry the agent
	// chose), which a Watch of the Tracker noticed, rather than a write.
	Expired bool `json:"expired"`
}

// Kind returns profilekit.EventStatusChanged.
func (StatusChanged) Kind() profilekit.EventKind { return profilekit.EventStatusChanged }

// SessionConnected reports a successful Connect: a session of the agent
// started, or was renewed by a reconnect. A Heartbeat raises no event.
type SessionConnected struct {
	profilekit.EventMeta
	// SessionID is the session that connected. Session IDs name a tab or a
	// device; they are not credentials.
	SessionID string `json:"session_id"`
	// Presence is the agent's presence right after the connect.
	Presence Presence `json:"presence"`
}

// Kind returns profilekit.EventSessionConnected.
func (SessionConnected) Kind() profilekit.EventKind { return profilekit.EventSessionConnected }

// SessionEnded reports that a session of the agent ended: a successful
// Disconnect (SessionID set), or the agent's last live session expiring
// (Expired, SessionID empty), which a running Watch of the Tracker noticed.
type SessionEnded struct {
	profilekit.EventMeta
	// SessionID is the session Disconnect ended; empty for an expiry, which
	// the store does not attribute to one session.
	SessionID string `json:"session_id,omitempty"`
	// Presence is the agent's presence right after the session ended;
	// Presence.Online tells whether another session is still alive.
	Presence Presence `json:"presence"`
	// Expired is true when the agent's last session expired by itself
	// rather than by Disconnect.
	Expired bool `json:"expired"`
}

// Kind returns profilekit.EventSessionEnded.
func (SessionEnded) Kind() profilekit.EventKind { return profilekit.EventSessionEnded }

var (
	_ profilekit.Event = StatusChanged{}
	_ profilekit.Event = SessionConnected{}
	_ profilekit.Event = SessionEnded{}
)
