package profilekit

import (
	"context"
	"time"
)

// EventKind names a kind of event, in the form "<domain>.<what happened>".
// Kinds never change once published.
type EventKind string

// String returns the kind as text.
func (k EventKind) String() string { return string(k) }

// The kinds of event the services raise. Each is a type in its domain
// package (profile.Saved, password.Changed, presence.StatusChanged, …).
const (
	// EventProfileSaved is raised when an agent saved their own profile,
	// settings or photo (profile.Saved).
	EventProfileSaved EventKind = "profile.saved"
	// EventProfileAdminChanged is raised when an administrator created an
	// agent or changed a profile (profile.AdminChanged).
	EventProfileAdminChanged EventKind = "profile.admin_changed"
	// EventPasswordChanged is raised when an agent's password was changed
	// or set (password.Changed).
	EventPasswordChanged EventKind = "password.changed"
	// EventStatusChanged is raised when an agent's Busy flag, reason or
	// expiry changed (presence.StatusChanged).
	EventStatusChanged EventKind = "presence.status_changed"
	// EventSessionConnected is raised when an agent's session connected
	// (presence.SessionConnected).
	EventSessionConnected EventKind = "presence.session_connected"
	// EventSessionEnded is raised when an agent's session disconnected or
	// expired (presence.SessionEnded).
	EventSessionEnded EventKind = "presence.session_ended"
	// EventPreferencesSaved is raised when an agent saved notification
	// preferences (notify.PreferencesSaved).
	EventPreferencesSaved EventKind = "notify.preferences_saved"
	// EventSessionCreated is raised when an agent signed in: a sign-in
	// session was created (session.Created).
	EventSessionCreated EventKind = "session.created"
	// EventSessionRevoked is raised when sign-in sessions of an agent
	// ended: signed out, revoked or expired (session.Revoked).
	EventSessionRevoked EventKind = "session.revoked"
)

// EventFeedLost is the kind of the marker a live feed delivers where
// events may be missing (feed.Lost): a lost connection, a reader that fell
// behind. What the reader shows may be stale; it reloads.
const EventFeedLost EventKind = "feed.lost"

// EventMeta is what every event carries: whom it is about, when, and which
// service instance raised it. Event types embed it.
type EventMeta struct {
	// AgentID is the agent the event is about.
	AgentID string `json:"agent_id"`
	// At is when the change was stored, in UTC to the microsecond.
	At time.Time `json:"at"`
	// Instance names the service instance that raised the event (its
	// Options.Instance).
	Instance string `json:"instance"`
}

// Meta returns m itself; embedding EventMeta gives an event type this
// method of Event.
func (m EventMeta) Meta() EventMeta { return m }

// Event is a change a service has stored. Events carry no secret.
type Event interface {
	// Kind names the kind of event.
	Kind() EventKind
	// Meta says whom the event is about, when and where it was raised.
	Meta() EventMeta
}

// Observer receives the events of the services whose Options name it.
//
// A service calls Observe once per stored change, after the change is
// stored and before the call that made it returns, with that call's
// context; events about one agent from one service value arrive in the
// order their changes were stored. Observe must be safe for concurrent use
// and should return quickly (hand slow work to a queue): the change is
// already stored, so Observe cannot undo it and returns nothing.
//
// Observers are local: they see the events raised by this instance. To
// see every instance's events, name a feed.Feed as the Observer of every
// service and subscribe to it: it carries the events across instances
// (in-process, PostgreSQL LISTEN/NOTIFY or NATS), with presence changes of
// every instance, which is what a live page subscribes to.
type Observer interface {
	Observe(ctx context.Context, e Event)
}

// ObserverFunc adapts a function to Observer.
type ObserverFunc func(ctx context.Context, e Event)

// Observe calls f(ctx, e).
func (f ObserverFunc) Observe(ctx context.Context, e Event) { f(ctx, e) }

// Observers returns an Observer that passes each event to every one of
// observers in turn, skipping nil ones.
func Observers(observers ...Observer) Observer {
	list := make([]Observer, 0, len(observers))
	for _, o := range observers {
		if o != nil {
			list = append(list, o)
		}
	}
	return ObserverFunc(func(ctx context.Context, e Event) {
		for _, o := range list {
			o.Observe(ctx, e)
		}
	})
}
