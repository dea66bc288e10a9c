package notify

import (
	"cmp"
	"slices"
)

// Catalogue is what an embedding service offers on the notifications
// page: the sounds an agent may choose from and the kinds of alert, each
// with the preferences an agent has until they save their own. Give it in
// Options.Catalogue; the zero Catalogue means DefaultCatalogue.
//
// Entries whose names fail ValidName are ignored, as are a second entry for
// the same kind and an entry for PreferencesChanged; labels are cleaned
// (see KindConfig.Label). A kind's default sound
// counts as part of the catalogue even when Sounds omits it.
type Catalogue struct {
	// Sounds lists the sounds an agent may choose, in the order a page
	// shows them.
	Sounds []Sound `json:"sounds"`
	// Kinds lists the kinds of alert, in the order a page shows them.
	Kinds []KindConfig `json:"kinds"`
}

// KindConfig describes one kind of alert in a Catalogue.
type KindConfig struct {
	// Kind names the kind.
	Kind Kind `json:"kind"`
	// Label is the kind's name for people ("New message"); a Notification
	// without a sender name uses it as its title. New cleans it as a title
	// is cleaned (Preview, at most MaxSenderLength characters: no markup,
	// control, bidirectional or invisible characters); a label with
	// nothing left is the kind's name.
	Label string `json:"label"`
	// Default is how alerts of this kind sound and show for an agent who
	// has not saved preferences. An empty or unknown Sound means the first
	// of Catalogue.Sounds; a Volume outside 0 to 100 is clamped.
	Default Alert `json:"default"`
	// OffersChat marks alerts that offer the agent a new chat: they never
	// reach a busy agent. Other alerts (new messages in chats the agent
	// holds) reach a busy agent too.
	OffersChat bool `json:"offers_chat"`
}

// DefaultCatalogue returns the catalogue a Dispatcher uses when its Options
// name none: six sounds, and NewMessage and IncomingChat with different
// default sounds, sound on and browser notifications off.
func DefaultCatalogue() Catalogue {
	return Catalogue{
		Sounds: []Sound{"chime", "ding", "bell", "pop", "ring", "knock"},
		Kinds: []KindConfig{
			{Kind: NewMessage, Label: "New message", Default: Alert{SoundOn: true, Sound: "ding", Volume: 70}},
			{Kind: IncomingChat, Label: "Incoming chat", Default: Alert{SoundOn: true, Sound: "ring", Volume: 100}, OffersChat: true},
		},
	}
}

// catalogue is a Catalogue checked and indexed by New.
type catalogue struct {
	public Catalogue            // the cleaned catalogue, for Dispatcher.Catalogue
	sounds map[Sound]struct{}   // every sound an agent may choose
	kinds  map[Kind]*KindConfig // by kind, pointing into public.Kinds
	order  []Kind               // kinds in the catalogue's order
}

// newCatalogue cleans c as the Catalogue comment says.
func newCatalogue(c Catalogue) *catalogue {
	if len(c.Kinds) == 0 {
		c = DefaultCatalogue()
	}
	cat := &catalogue{sounds: make(map[Sound]struct{}), kinds: make(map[Kind]*KindConfig)}
	for _, s := range c.Sounds {
		if _, dup := cat.sounds[s]; ValidName(string(s)) && !dup {
			cat.sounds[s] = struct{}{}
			cat.public.Sounds = append(cat.public.Sounds, s)
		}
	}
	seen := make(map[Kind]bool, len(c.Kinds))
	for _, k := range c.Kinds {
		if seen[k.Kind] || !ValidName(string(k.Kind)) || k.Kind == PreferencesChanged {
			continue
		}
		k.Label = cmp.Or(Preview(k.Label, MaxSenderLength), string(k.Kind))
		k.Default.Volume = min(max(k.Default.Volume, 0), MaxVolume)
		if !ValidName(string(k.Default.Sound)) {
			k.Default.Sound = ""
			if len(cat.public.Sounds) > 0 {
				k.Default.Sound = cat.public.Sounds[0]
			}
		}
		if _, ok := cat.sounds[k.Default.Sound]; !ok && k.Default.Sound != "" {
			cat.sounds[k.Default.Sound] = struct{}{}
			cat.public.Sounds = append(cat.public.Sounds, k.Default.Sound)
		}
		seen[k.Kind] = true
		cat.public.Kinds = append(cat.public.Kinds, k)
		cat.order = append(cat.order, k.Kind)
	}
	for i := range cat.public.Kinds {
		cat.kinds[cat.public.Kinds[i].Kind] = &cat.public.Kinds[i]
	}
	return cat
}

// copy returns the cleaned catalogue with slices of its own.
func (c *catalogue) copy() Catalogue {
	return Catalogue{Sounds: slices.Clone(c.public.Sounds), Kinds: slices.Clone(c.public.Kinds)}
}

// defaults returns the preferences of an agent who never saved.
func (c *catalogue) defaults(agentID string) Preferences {
	alerts := make(map[Kind]Alert, len(c.order))
	for _, k := range c.order {
		alerts[k] = c.kinds[k].Default
	}
	return Preferences{AgentID: agentID, Alerts: alerts, Default: true}
}

// fit returns stored preferences as the catalogue sees them today: a kind
// the store lacks gets its default, a kind the catalogue no longer has is
// left out, and a sound no longer offered becomes the kind's default.
func (c *catalogue) fit(p Preferences) Preferences {
	alerts := make(map[Kind]Alert, len(c.order))
	for _, k := range c.order {
		alerts[k] = c.alert(p, k)
	}
	p.Alerts = alerts
	p.Default = false
	return p
}

// alert returns the agent's Alert for k, a kind of the catalogue, fitted
// as fit does.
func (c *catalogue) alert(p Preferences, k Kind) Alert {
	a, ok := p.Alerts[k]
	switch {
	case !ok:
		return c.kinds[k].Default
	case !c.hasSound(a.Sound):
		a.Sound = c.kinds[k].Default.Sound
	}
	a.Volume = min(max(a.Volume, 0), MaxVolume)
	return a
}

// hasSound reports whether s is in the catalogue.
func (c *catalogue) hasSound(s Sound) bool {
	_, ok := c.sounds[s]
	return ok
}
