package feed

import (
	"encoding/json"
	"fmt"

	"github.com/convrs/profilekit"
	"github.com/convrs/profilekit/notify"
	"github.com/convrs/profilekit/password"
	"github.com/convrs/profilekit/presence"
	"github.com/convrs/profilekit/profile"
	"github.com/convrs/profilekit/session"
)

// Type tells a Feed how to turn one kind of event, as it crossed the
// transport, back into its Go type. Make one with TypeOf.
type Type struct {
	kind   profilekit.EventKind
	decode func(data []byte) (profilekit.Event, error)
}

// TypeOf returns the Type of the event type E, whose zero value's Kind
// names its kind. E's JSON must round-trip (json.Marshal of a value,
// decoded into an E, gives the value back), as it does for a struct that
// embeds profilekit.EventMeta and has exported, JSON-tagged fields.
//
//	feed.New(transport, &feed.Options{Types: []feed.Type{feed.TypeOf[SignedOut]()}})
func TypeOf[E profilekit.Event]() Type {
	var zero E
	return Type{kind: zero.Kind(), decode: func(data []byte) (profilekit.Event, error) {
		var e E
		if err := json.Unmarshal(data, &e); err != nil {
			return nil, err
		}
		return e, nil
	}}
}

// Kind returns the kind of event t decodes.
func (t Type) Kind() profilekit.EventKind { return t.kind }

// Types returns the Types of every event the SDK's services raise, a new
// slice on every call. A Feed knows them without being told; adding a
// domain's event type to the SDK is one line here.
func Types() []Type {
	return []Type{
		TypeOf[profile.Saved](),
		TypeOf[profile.AdminChanged](),
		TypeOf[password.Changed](),
		TypeOf[notify.PreferencesSaved](),
		TypeOf[presence.StatusChanged](),
		TypeOf[presence.SessionConnected](),
		TypeOf[presence.SessionEnded](),
		TypeOf[session.Created](),
		TypeOf[session.Revoked](),
	}
}

// Raw is an event of a kind the receiving Feed has no Type for (an
// application event published by an instance that knows it, a kind added
// in a later version): it arrives as its meta and JSON instead of being
// dropped. Publishing a Raw sends Data again as it came.
type Raw struct {
	profilekit.EventMeta
	// Type is the event's kind.
	Type profilekit.EventKind `json:"-"`
	// Data is the whole event as JSON, meta included.
	Data json.RawMessage `json:"-"`
}

// Kind returns r.Type.
func (r Raw) Kind() profilekit.EventKind { return r.Type }

// MarshalJSON returns Data, or the meta alone when Data is empty.
func (r Raw) MarshalJSON() ([]byte, error) {
	if len(r.Data) > 0 {
		return r.Data, nil
	}
	return json.Marshal(r.EventMeta)
}

// LostReason says why a Feed delivered a Lost.
type LostReason string

// The reasons of Lost.
const (
	// LostDisconnected: the Feed's connection to its transport was lost
	// and is back; what was published meanwhile is gone.
	LostDisconnected LostReason = "disconnected"
	// LostGap: messages of another instance went missing on the way (its
	// outbox overflowed, a publish failed, the transport dropped some).
	LostGap LostReason = "gap"
	// LostBehind: the subscription's reader fell more than Options.Buffer
	// events behind, and what it had not read was dropped.
	LostBehind LostReason = "behind"
	// LostTooLarge: an event about the agent was too large for the
	// transport, and this marker was sent in its place.
	LostTooLarge LostReason = "too_large"
	// LostPresence: the Feed's presence watch (WatchPresence) failed and
	// was restarted; expiries in between may have gone unreported.
	LostPresence LostReason = "presence"
)

// Lost is the marker a subscription delivers where events may be missing:
// what the reader shows may be stale, and it should read the state again
// (a page reloads). It is delivered once the Feed is live again, so a
// reload made on it sees every later event. AgentID is the agent whose
// events may be missing, or empty when they may be any agent's. Its error
// (Err) carries the code feed.lost.
type Lost struct {
	profilekit.EventMeta
	// Reason says why events may be missing.
	Reason LostReason `json:"reason"`
}

// Kind returns profilekit.EventFeedLost.
func (Lost) Kind() profilekit.EventKind { return profilekit.EventFeedLost }

// Err returns an error matching ErrLost that says why.
func (l Lost) Err() error { return fmt.Errorf("feed: %s: %w", l.Reason, ErrLost) }

var (
	_ profilekit.Event = Raw{}
	_ profilekit.Event = Lost{}
)
