package notify

// Kind names a kind of alert: the page's "new messages" and "incoming
// chats", and any kind an embedding service adds to its Catalogue. Kinds
// are names (see ValidName), stored as text, so a new kind needs no schema
// change.
type Kind string

// The kinds of alert every Catalogue starts from.
const (
	// NewMessage is a new message in a chat the agent already holds. It
	// reaches a busy agent too (silently when the agent asked for quiet
	// while Busy).
	NewMessage Kind = "new_message"
	// IncomingChat is a new chat offered to the agent. It never reaches a
	// busy agent.
	IncomingChat Kind = "incoming_chat"
)

// PreferencesChanged is the Kind of the Notification a Dispatcher sends to
// every live session of an agent when the agent's preferences are saved;
// its Preferences field holds them. It is not a kind of alert: a Catalogue
// cannot hold it and an Activity cannot have it.
const PreferencesChanged Kind = "preferences_changed"

// String returns the kind as text.
func (k Kind) String() string { return string(k) }

// MarshalText returns the kind as text.
func (k Kind) MarshalText() ([]byte, error) { return []byte(k), nil }

// UnmarshalText sets k to text. Whether the kind is known is decided by
// the Dispatcher's Catalogue, not here.
func (k *Kind) UnmarshalText(text []byte) error {
	*k = Kind(text)
	return nil
}

// Sound names one sound of the Catalogue, such as "chime". The client maps
// the name to an audio file.
type Sound string

// String returns the sound's name.
func (s Sound) String() string { return string(s) }

// MaxNameLength is the longest Kind or Sound name, in bytes.
const MaxNameLength = 64

// ValidName reports whether name can name a Kind or a Sound: 1 to
// MaxNameLength bytes of lower-case ASCII letters, digits, '_', '-' and
// '.'. A Catalogue ignores entries with other names, so stores only ever
// see such names.
func ValidName(name string) bool {
	if name == "" || len(name) > MaxNameLength {
		return false
	}
	for i := 0; i < len(name); i++ {
		switch c := name[i]; {
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9', c == '_', c == '-', c == '.':
		default:
			return false
		}
	}
	return true
}
