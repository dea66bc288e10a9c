package notify

import (
	"fmt"
	"maps"
	"slices"
	"time"

	"github.com/convrs/profilekit"
	"github.com/convrs/profilekit/internal/kit"
)

// MaxVolume is the loudest Volume; 0 is silent.
const MaxVolume = 100

// Alert is how one kind of alert sounds and shows for an agent.
type Alert struct {
	// SoundOn plays Sound when an alert of this kind arrives.
	SoundOn bool `json:"sound_on"`
	// Sound is the sound to play, one of the Catalogue's. In an Update,
	// empty means the kind's default sound.
	Sound Sound `json:"sound"`
	// Volume is the sound's volume, 0 (silent) to MaxVolume.
	Volume int `json:"volume"`
	// Browser shows a browser notification for the alert.
	Browser bool `json:"browser"`
	// OnlyWhenUnfocused shows the browser notification only while the
	// page's window is not focused; the browser decides, the Notification
	// carries the flag.
	OnlyWhenUnfocused bool `json:"only_when_unfocused"`
}

// Preferences are an agent's notification preferences, as saved or, for an
// agent who never saved, as the Catalogue's defaults.
//
// A PreferenceStore keeps AgentID, Alerts, QuietWhileBusy, Version and
// SavedAt; Default is never stored.
type Preferences struct {
	// AgentID is the agent whose preferences these are.
	AgentID string `json:"agent_id"`
	// Alerts holds one entry per kind of the Catalogue.
	Alerts map[Kind]Alert `json:"alerts"`
	// QuietWhileBusy silences the sound of alerts that reach a busy agent
	// (new messages); browser notifications still show. When whether the
	// agent is busy cannot be read, such an alert is silent too, and still
	// sent.
	QuietWhileBusy bool `json:"quiet_while_busy"`
	// Default reports that the agent never saved: every value is the
	// Catalogue's default, Version is 0 and SavedAt is zero.
	Default bool `json:"default"`
	// Version counts the saves; a save names the version it was based on.
	Version int64 `json:"version"`
	// SavedAt is when the preferences were last saved, in UTC to the
	// microsecond; zero for defaults.
	SavedAt time.Time `json:"saved_at,omitzero"`
}

// Alert returns the agent's preferences for kind k.
func (p Preferences) Alert(k Kind) (Alert, bool) {
	a, ok := p.Alerts[k]
	return a, ok
}

// Clone returns p with an Alerts map of its own.
func (p Preferences) Clone() Preferences {
	p.Alerts = maps.Clone(p.Alerts)
	return p
}

// Update is what an agent saves from the notifications page.
type Update struct {
	// Alerts holds the kinds being changed; a kind it leaves out keeps its
	// current preferences. Each Alert is taken whole.
	Alerts map[Kind]Alert `json:"alerts"`
	// QuietWhileBusy replaces the current setting.
	QuietWhileBusy bool `json:"quiet_while_busy"`
}

// Bounds of an Update's checking.
const (
	// MaxUpdateKinds is the most kinds an Update may name, unless the
	// Catalogue has more: an Update naming more is refused before any of
	// its kinds is checked.
	MaxUpdateKinds = 64
	// MaxFieldErrors is the most problems a refused Update lists; the
	// first, in the order of the kinds' names, are listed.
	MaxFieldErrors = 100
)

// check validates u against the catalogue and returns its alerts with
// every empty sound set to the kind's default. Problems go to problems, in
// the order of the kinds' names, while it holds fewer than MaxFieldErrors; the alerts
// are then to be discarded. An Update naming more kinds than
// max(MaxUpdateKinds, the Catalogue's) is one problem, found before any
// kind is checked.
func (c *catalogue) check(problems *kit.Collector, u Update) map[Kind]Alert {
	if most := max(MaxUpdateKinds, len(c.order)); len(u.Alerts) > most {
		problems.Addf(FieldAlerts, profilekit.CodeAlertsTooMany, kit.Params{"max": most},
			"names %d kinds of notification; the most is %d", len(u.Alerts), most)
		return nil
	}
	add := func(fe FieldError) { // the first MaxFieldErrors problems are listed
		if problems.Len() < MaxFieldErrors {
			problems.Add(fe)
		}
	}
	out := make(map[Kind]Alert, len(u.Alerts))
	for _, k := range slices.Sorted(maps.Keys(u.Alerts)) {
		a := u.Alerts[k]
		cfg, ok := c.kinds[k]
		if !ok {
			field := FieldAlerts // a kind that is no name is not repeated
			if ValidName(string(k)) {
				field += "." + string(k)
			}
			add(FieldError{Field: field, Code: profilekit.CodeEventKindUnknown,
				Message: "names a kind of notification that is not known"})
			continue
		}
		field := FieldAlerts + "." + string(k) + "."
		if a.Sound == "" {
			a.Sound = cfg.Default.Sound
		} else if !c.hasSound(a.Sound) {
			add(FieldError{Field: field + "sound", Code: profilekit.CodeSoundUnknown,
				Message: profilekit.CodeSoundUnknown.Message()})
		}
		if a.Volume < 0 || a.Volume > MaxVolume {
			add(FieldError{Field: field + "volume", Code: profilekit.CodeVolumeOutOfRange, Params: kit.Params{"min": 0, "max": MaxVolume},
				Message: fmt.Sprintf("must be between 0 and %d", MaxVolume)})
		}
		out[k] = a
	}
	return out
}
