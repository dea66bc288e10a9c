package notify

import "github.com/convrs/profilekit"

// PreferencesSaved is the event a Dispatcher raises, through
// Options.Observer, when an agent's preferences have been saved. Like every
// Observer event it is local to the instance that stored the change (a
// feed.Feed as the Observer carries it to every instance); the live
// sessions on every instance also learn of the save from the Notification
// of kind PreferencesChanged that the Dispatcher sends to its Notifier.
type PreferencesSaved struct {
	profilekit.EventMeta
	// Preferences are the saved preferences. They carry no secret.
	Preferences Preferences `json:"preferences"`
}

// Kind returns profilekit.EventPreferencesSaved.
func (PreferencesSaved) Kind() profilekit.EventKind { return profilekit.EventPreferencesSaved }

var _ profilekit.Event = PreferencesSaved{}
