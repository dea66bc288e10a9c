package notify

import "github.com/convrs/profilekit"

// ValidationError lists every problem of a rejected input; it is
// profilekit.ValidationError, the type every domain returns. Read it with
// errors.As.
type ValidationError = profilekit.ValidationError

// FieldError is one rejected input field: profilekit.FieldError.
type FieldError = profilekit.FieldError

// domain names this package in its *ValidationError values (see
// profilekit.ValidationError.Domain); the notifiers below it (hub,
// webhook, pgnotify, natsnotify) report under the same name.
const domain = "notify"

// Field names used in FieldError.Field, in the snake case of the JSON.
const (
	// FieldAgentID is the agent whose preferences or activity are given.
	FieldAgentID = "agent_id"
	// FieldChatID is the chat an Activity is about.
	FieldChatID = "chat_id"
	// FieldKind is the kind of alert of an Activity.
	FieldKind = "kind"
	// FieldAlerts is the alerts of an Update. A problem with one alert
	// names its field below it: "alerts.new_message.sound",
	// "alerts.incoming_chat.volume", and an unknown kind its name,
	// "alerts.mention" (or "alerts" alone when the kind is not a valid
	// name).
	FieldAlerts = "alerts"
)

// Sentinel errors of the PreferenceStore contract, of the notifiers and of
// the Dispatcher. Check them with errors.Is: adapters wrap them with
// detail. Each is a *profilekit.Error with a code of the catalogue.
var (
	// ErrInvalid reports rejected input; every *ValidationError matches
	// it. It is profilekit.ErrInvalid.
	ErrInvalid = profilekit.ErrInvalid
	// ErrNotFound reports that an agent has never saved preferences. Only
	// a PreferenceStore returns it: the Dispatcher answers with the
	// defaults instead.
	ErrNotFound = profilekit.NewError(profilekit.CodePreferencesNotFound, "notify: preferences not found")
	// ErrConflict reports that a save was based on a stale version: the
	// preferences changed since they were read (another tab saved first).
	ErrConflict = profilekit.NewError(profilekit.CodePreferencesConflict, "notify: version conflict")
	// ErrClosed reports a notifier or subscription used after Close.
	ErrClosed = profilekit.NewError(profilekit.CodeNotifierClosed, "notify: closed")
	// ErrUndelivered reports that Dispatcher.SavePreferences stored the
	// preferences but the Notifier failed to tell every live session. The
	// returned Preferences are the saved ones; a reload shows them.
	ErrUndelivered = profilekit.NewError(profilekit.CodeNotifyUndelivered, "notify: saved but not delivered")
)
