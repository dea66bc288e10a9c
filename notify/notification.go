package notify

import (
	"context"
	"time"
)

// Activity is a platform event that may alert an agent: a new message in a
// chat the agent holds, or a chat offered to the agent.
type Activity struct {
	// AgentID is the agent to alert.
	AgentID string `json:"agent_id"`
	// Kind is the kind of alert, one of the Catalogue's.
	Kind Kind `json:"kind"`
	// ChatID is the chat the activity happened in.
	ChatID string `json:"chat_id"`
	// Sender is the display name of whoever wrote; it becomes the title.
	// Markup and control characters are removed and it is cut to
	// MaxSenderLength characters.
	Sender string `json:"sender"`
	// Preview is the text to show; it becomes the body, cleaned and cut
	// as Preview does.
	Preview string `json:"preview"`
	// At is when the activity happened; zero means now, by the
	// Dispatcher's clock.
	At time.Time `json:"at"`
}

// MaxSenderLength is the most characters of Activity.Sender a title keeps.
const MaxSenderLength = 64

// Notification is what reaches an agent's live sessions: what to play and
// what to show. A Dispatcher makes one from an Activity, by the agent's
// preferences and availability, and one of kind PreferencesChanged when the
// agent saves preferences.
//
// Title and Body are plain text: a client must show them as text, never as
// HTML.
type Notification struct {
	// AgentID is the agent to alert.
	AgentID string `json:"agent_id"`
	// Kind is the kind of alert, or PreferencesChanged.
	Kind Kind `json:"kind"`
	// ChatID is the chat the alert is about; empty for PreferencesChanged.
	ChatID string `json:"chat_id,omitempty"`
	// Title is the sender's name, or the kind's label when there is none.
	Title string `json:"title,omitempty"`
	// Body is the cleaned, shortened preview.
	Body string `json:"body,omitempty"`
	// Sound is the sound to play; empty plays nothing.
	Sound Sound `json:"sound,omitempty"`
	// Volume is the volume to play Sound at, 1 to MaxVolume; 0 when Sound
	// is empty.
	Volume int `json:"volume,omitempty"`
	// Browser shows a browser notification.
	Browser bool `json:"browser,omitempty"`
	// OnlyWhenUnfocused shows the browser notification only while the
	// page's window is not focused.
	OnlyWhenUnfocused bool `json:"only_when_unfocused,omitempty"`
	// At is when the activity happened, or when the preferences were
	// saved, in UTC.
	At time.Time `json:"at"`
	// Instance names the service instance whose Dispatcher made the
	// Notification.
	Instance string `json:"instance,omitempty"`
	// Preferences holds the saved preferences in a Notification of kind
	// PreferencesChanged, and is nil otherwise. A session applies them at
	// once, ignoring ones whose Version is lower than what it has (two
	// saves may arrive out of order across instances). Receivers must not
	// change them: notifiers may share one value between subscribers.
	Preferences *Preferences `json:"preferences,omitempty"`
}

// Notifier delivers Notifications: to the live sessions of this process
// (notify/hub), to other instances (notify/natsnotify) or to another
// service (notify/webhook). Implementations must be safe for concurrent
// use and should honour ctx.
type Notifier interface {
	// Notify delivers n, or returns why it could not.
	Notify(ctx context.Context, n Notification) error
}

// NotifierFunc adapts a function to Notifier.
type NotifierFunc func(ctx context.Context, n Notification) error

// Notify calls f(ctx, n).
func (f NotifierFunc) Notify(ctx context.Context, n Notification) error { return f(ctx, n) }

// Availability tells the Dispatcher whether an agent is busy. The embedding
// service wires it to presence (notify does not import presence):
//
//	notify.AvailabilityFunc(func(ctx context.Context, agentID string) (bool, error) {
//		p, err := tracker.Get(ctx, agentID)
//		return p.Status == presence.Busy, err
//	})
type Availability interface {
	// Busy reports whether the agent is busy now.
	Busy(ctx context.Context, agentID string) (bool, error)
}

// AvailabilityFunc adapts a function to Availability.
type AvailabilityFunc func(ctx context.Context, agentID string) (bool, error)

// Busy calls f(ctx, agentID).
func (f AvailabilityFunc) Busy(ctx context.Context, agentID string) (bool, error) {
	return f(ctx, agentID)
}
