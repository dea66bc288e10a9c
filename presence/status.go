package presence

import (
	"github.com/convrs/profilekit"
	"github.com/convrs/profilekit/internal/kit"
)

// Status is what the UI shows next to an agent's name. The zero value is
// not a valid Status; use the constants.
type Status int

// The statuses, in the order of precedence the Tracker applies: a busy
// agent is Busy whether online or not.
const (
	// Available means the agent is online and not busy: new chats may be
	// assigned (capacity permitting).
	Available Status = iota + 1
	// Busy means the agent has chosen not to receive new chats.
	Busy
	// Offline means the agent has no live session and is not busy.
	Offline
)

// statusText is the text form of Status.
var statusText = kit.Enum[Status]{
	Type: "Status", Domain: domain, Field: FieldStatus, Code: profilekit.CodeStatusUnknown,
	Names: []string{Available: "available", Busy: "busy", Offline: "offline"},
}

// String returns the status in lower case ("available", "busy",
// "offline"), or "Status(n)" for a value that is not one of the constants.
func (s Status) String() string { return statusText.String(s) }

// MarshalText implements encoding.TextMarshaler with the String form. It
// fails with a *ValidationError (FieldStatus, profilekit.CodeStatusUnknown)
// for a value that is not one of the constants.
func (s Status) MarshalText() ([]byte, error) { return statusText.Marshal(s) }

// UnmarshalText implements encoding.TextUnmarshaler. It accepts exactly the
// String forms and fails with a *ValidationError (FieldStatus,
// profilekit.CodeStatusUnknown) for anything else, leaving s unchanged.
func (s *Status) UnmarshalText(text []byte) error { return statusText.Unmarshal(text, s) }

// Badge returns the badge the UI shows for the status: a green
// "Available", a red "Busy" or a grey "Offline" badge.
func (s Status) Badge() Badge {
	switch s {
	case Available:
		return Badge{Label: "Available", Colour: Green}
	case Busy:
		return Badge{Label: "Busy", Colour: Red}
	default:
		return Badge{Label: "Offline", Colour: Grey}
	}
}

// Badge is the label and colour shown next to an agent's name.
type Badge struct {
	// Label is the English text of the badge, for example "Busy".
	Label string `json:"label"`
	// Colour is the badge's colour.
	Colour Colour `json:"colour"`
}

// Colour is the colour of a Badge. The zero value is not a valid Colour.
type Colour int

// The badge colours.
const (
	// Green marks an available agent.
	Green Colour = iota + 1
	// Red marks a busy agent.
	Red
	// Grey marks an offline agent.
	Grey
)

// colourText is the text form of Colour.
var colourText = kit.Enum[Colour]{
	Type: "Colour", Domain: domain, Field: FieldColour, Code: profilekit.CodeColourUnknown,
	Names: []string{Green: "green", Red: "red", Grey: "grey"},
}

// String returns the colour's name in lower case ("green", "red",
// "grey"), or "Colour(n)" for a value that is not one of the constants.
func (c Colour) String() string { return colourText.String(c) }

// MarshalText implements encoding.TextMarshaler with the String form. It
// fails with a *ValidationError (FieldColour, profilekit.CodeColourUnknown)
// for a value that is not one of the constants.
func (c Colour) MarshalText() ([]byte, error) { return colourText.Marshal(c) }

// UnmarshalText implements encoding.TextUnmarshaler. It accepts exactly the
// String forms and fails with a *ValidationError (FieldColour,
// profilekit.CodeColourUnknown) for anything else, leaving c unchanged.
func (c *Colour) UnmarshalText(text []byte) error { return colourText.Unmarshal(text, c) }
