package session

import "github.com/convrs/profilekit"

// Created reports that an agent signed in: Create stored a new session. It
// carries the Session (its ID, instants and expiries), never the token or
// its hash: a security notice ("a new sign-in") or a live "where you're
// signed in" list can use it as it is.
type Created struct {
	profilekit.EventMeta
	// Session is the session created.
	Session Session `json:"session"`
}

// Kind returns profilekit.EventSessionCreated.
func (Created) Kind() profilekit.EventKind { return profilekit.EventSessionCreated }

// Revoked reports that sessions of an agent ended: signed out, revoked
// ("sign out everywhere else" after a password change, an administrator)
// or found expired. It names the sessions by ID, never by token or hash, so
// that it may travel between instances: a page or a stream tied to one of
// the sessions closes when it sees it.
type Revoked struct {
	profilekit.EventMeta
	// SessionIDs lists the sessions that ended, at least one, sorted.
	SessionIDs []string `json:"session_ids"`
	// Reason says why they ended.
	Reason Reason `json:"reason"`
}

// Kind returns profilekit.EventSessionRevoked.
func (Revoked) Kind() profilekit.EventKind { return profilekit.EventSessionRevoked }

var (
	_ profilekit.Event = Created{}
	_ profilekit.Event = Revoked{}
)
