package presencedriver

import "github.com/convrs/profilekit/internal/kit"

// Op names a presence.Store operation and the IDs it concerns, for the
// error an adapter returns when the operation fails, so that every adapter
// words its errors alike and quotes at most a prefix of each ID
// (storage/driver.QuoteID). An Op is a plain value: building one on every call
// costs nothing, and String runs only on failure.
type Op struct {
	// Name is the operation: "claim chat", "touch session", "set busy".
	Name string
	// Agent is the agent's ID; empty for operations on many agents.
	Agent string
	// Session is the session's ID, for session operations.
	Session string
	// Chat is the chat's ID, for chat operations.
	Chat string
}

// String returns the operation as an error names it: `set busy "ada"`,
// `touch session "tab1" of "ada"`, `claim chat "c1" for "ada"`, or the
// bare Name when no ID is set.
func (o Op) String() string {
	s := o.Name
	switch {
	case o.Session != "":
		s += " " + kit.QuoteID(o.Session) + " of"
	case o.Chat != "":
		s += " " + kit.QuoteID(o.Chat) + " for"
	}
	if o.Agent != "" {
		s += " " + kit.QuoteID(o.Agent)
	}
	return s
}
