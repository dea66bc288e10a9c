package notify

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/convrs/profilekit/internal/kit"

	"github.com/convrs/profilekit"
	"github.com/convrs/profilekit/internal/stripe"
)

// DefaultPreviewLength is the most characters of a preview a Notification
// body holds when Options.PreviewLength is zero.
const DefaultPreviewLength = 120

// Options configures a Dispatcher. The zero value, and a nil *Options, mean
// the defaults.
type Options struct {
	// Catalogue is the sounds and kinds of alert offered, with their
	// defaults; the zero Catalogue means DefaultCatalogue().
	Catalogue Catalogue
	// PreviewLength is the most characters (grapheme clusters) of a
	// Notification's body; DefaultPreviewLength when zero or negative.
	PreviewLength int

	// Clock tells the time, for SavedAt and for activities without a
	// time; the system clock when nil.
	Clock profilekit.Clock
	// Observer receives the Dispatcher's events (PreferencesSaved, from
	// SavePreferences), after each change is stored and before the call
	// that made it returns; nil means none. Observer events are local to
	// this Dispatcher (the Notifier carries the change to other
	// instances); see profilekit.Observer. The Dispatcher holds a lock
	// while Observe runs (that is how it keeps each agent's events in
	// order; an agent shares its lock with about 1 in 256 others), so
	// Observe must return quickly and must not call the Dispatcher, about
	// any agent: hand slow work, or a call back, to another goroutine.
	Observer profilekit.Observer
	// Instance names this service instance in the events it raises
	// (profilekit.EventMeta.Instance) and in Notifications;
	// kit.DefaultInstance() ("host:pid") when empty.
	Instance string
}

// Dispatcher is the notify service: it reads and saves agents'
// notification preferences and turns platform activity into Notifications
// by those preferences and the agent's availability. New makes one.
//
// A Dispatcher is safe for concurrent use.
type Dispatcher struct {
	store    PreferenceStore
	avail    Availability
	out      Notifier
	cat      *catalogue
	preview  int
	clock    profilekit.Clock
	observer profilekit.Observer
	instance string
	locks    *stripe.Locks
}

// New returns a Dispatcher that keeps preferences in store, asks avail
// whether an agent is busy and hands Notifications to out (a hub, a
// cross-instance notifier or a Fanout of several). avail and out are
// required: a Dispatcher given nil for either returns an error from the
// calls that need it. opts may be nil. New starts no goroutines.
func New(store PreferenceStore, avail Availability, out Notifier, opts *Options) *Dispatcher {
	if opts == nil {
		opts = &Options{}
	}
	d := &Dispatcher{
		store:    store,
		avail:    avail,
		out:      out,
		cat:      newCatalogue(opts.Catalogue),
		preview:  DefaultPreviewLength,
		clock:    kit.Clock(opts.Clock),
		observer: opts.Observer,
		instance: cmp.Or(opts.Instance, kit.DefaultInstance()),
	}
	if opts.PreviewLength > 0 {
		d.preview = opts.PreviewLength
	}
	if opts.Observer != nil || out != nil {
		d.locks = stripe.New()
	}
	return d
}

// errNoAvailability and errNoNotifier report a Dispatcher built without
// a required argument.
var (
	errNoAvailability = errors.New("notify: dispatcher has no Availability")
	errNoNotifier     = errors.New("notify: dispatcher has no Notifier")
)

// Catalogue returns the catalogue in use, as cleaned by New, for a page to
// list the sounds and kinds it offers.
func (d *Dispatcher) Catalogue() Catalogue { return d.cat.copy() }

// now reads the clock in UTC to the microsecond, the precision every
// adapter keeps.
func (d *Dispatcher) now() time.Time { return d.clock.Now().UTC().Truncate(time.Microsecond) }

// Preferences returns the agent's preferences: the saved ones, fitted to
// today's Catalogue (a kind added since gets its default), or, for an agent
// who never saved, the Catalogue's defaults with Default set and Version
// 0. Either way there is one entry per kind.
func (d *Dispatcher) Preferences(ctx context.Context, agentID string) (Preferences, error) {
	if fe := profilekit.CheckID(FieldAgentID, agentID); fe != nil {
		return Preferences{}, kit.Invalid(domain, *fe)
	}
	return d.preferences(ctx, agentID)
}

// preferences is Preferences for a checked ID.
func (d *Dispatcher) preferences(ctx context.Context, agentID string) (Preferences, error) {
	p, err := d.store.GetNotificationPreferences(ctx, agentID)
	switch {
	case errors.Is(err, ErrNotFound):
		return d.cat.defaults(agentID), nil
	case err != nil:
		return Preferences{}, err
	}
	return d.cat.fit(p), nil
}

// SavePreferences applies u to the agent's preferences, which must still be
// at version (0 for an agent who has never saved, as Preferences reports),
// and returns the saved preferences. Kinds u leaves out keep their values.
//
// Input that breaks a rule returns a *ValidationError listing every
// problem, at most MaxFieldErrors of them (codes event_kind.unknown for
// "alerts.<kind>", sound.unknown, volume.out_of_range), and changes
// nothing; an Update naming more kinds than MaxUpdateKinds, or than the
// Catalogue has if it has more, is refused whole before any is checked
// (alerts.too_many on "alerts"); a stale version returns an error wrapping
// ErrConflict. Once the save is stored, the Observer gets a
// PreferencesSaved event and the Notifier a Notification of kind
// PreferencesChanged for every live session of the agent; if the Notifier
// fails, the save stands and the error wraps ErrUndelivered. Both are
// called while the agent's saves are held in order, so the Notifier
// should be quick: a hub or a cross-instance notifier (a slow one, such as
// a webhook, holds up the agent's next save until it returns).
func (d *Dispatcher) SavePreferences(ctx context.Context, agentID string, version int64, u Update) (Preferences, error) {
	var problems kit.Collector
	problems.Check(FieldAgentID, profilekit.CheckID(FieldAgentID, agentID))
	alerts := d.cat.check(&problems, u)
	if err := problems.Err(domain); err != nil {
		return Preferences{}, err
	}
	if d.out == nil {
		return Preferences{}, errNoNotifier
	}

	current, err := d.preferences(ctx, agentID)
	if err != nil {
		return Preferences{}, err
	}
	if current.Version != version {
		return Preferences{}, fmt.Errorf("notify: save preferences of %s at version %d (current %d): %w",
			kit.QuoteID(agentID), version, current.Version, ErrConflict)
	}
	for k, a := range alerts {
		current.Alerts[k] = a
	}
	next := Preferences{
		AgentID:        agentID,
		Alerts:         current.Alerts,
		QuietWhileBusy: u.QuietWhileBusy,
		Version:        version + 1,
		SavedAt:        d.now(),
	}

	unlock := d.locks.Lock(agentID)
	defer unlock()
	if err := d.store.SetNotificationPreferences(ctx, next.Clone(), version); err != nil {
		return Preferences{}, err
	}
	meta := profilekit.EventMeta{AgentID: agentID, At: next.SavedAt, Instance: d.instance}
	kit.Notify(ctx, d.observer, PreferencesSaved{EventMeta: meta, Preferences: next.Clone()})
	sent := next.Clone()
	err = d.out.Notify(ctx, Notification{
		AgentID: agentID, Kind: PreferencesChanged, At: next.SavedAt, Instance: d.instance, Preferences: &sent,
	})
	if err != nil {
		return next, fmt.Errorf("%w: %w", ErrUndelivered, err)
	}
	return next, nil
}

// Decide returns the Notification that activity a should give its agent,
// by the agent's preferences and availability, and whether there is one to
// send. It sends nothing; Dispatch does.
//
// An alert of a kind that offers a chat (IncomingChat) is never for a busy
// agent: Decide returns false, and false with an error when availability
// cannot be read. Other alerts (NewMessage) reach a busy agent too, without
// sound when the agent chose QuietWhileBusy; when availability cannot be
// read for such an alert, it is sent without sound, as to a busy agent, and
// no error is returned: the agent still sees the chat's new message. The
// sound is the kind's, at its volume, unless the agent turned it off or set
// volume 0; the browser flags are the kind's; the title is the sender name
// cleaned as Preview does (or the kind's label, cleaned by New) and the
// body the Preview of the text.
//
// A malformed activity (an ID that fails profilekit.CheckID, a kind not in
// the Catalogue) returns a *ValidationError.
func (d *Dispatcher) Decide(ctx context.Context, a Activity) (Notification, bool, error) {
	var problems kit.Collector
	problems.Check(FieldAgentID, profilekit.CheckID(FieldAgentID, a.AgentID))
	problems.Check(FieldChatID, profilekit.CheckID(FieldChatID, a.ChatID))
	cfg, ok := d.cat.kinds[a.Kind]
	if !ok {
		problems.Add(FieldError{Field: FieldKind, Code: profilekit.CodeEventKindUnknown,
			Message: profilekit.CodeEventKindUnknown.Message()})
	}
	if err := problems.Err(domain); err != nil {
		return Notification{}, false, err
	}

	prefs, err := d.store.GetNotificationPreferences(ctx, a.AgentID)
	switch {
	case errors.Is(err, ErrNotFound):
		prefs = Preferences{}
	case err != nil:
		return Notification{}, false, err
	}
	alert := d.cat.alert(prefs, a.Kind) // the default when none is stored
	sound := alert.SoundOn && alert.Volume > 0 && alert.Sound != ""
	busy := false
	if cfg.OffersChat || (sound && prefs.QuietWhileBusy) { // ask only when the answer matters
		if d.avail == nil {
			return Notification{}, false, errNoAvailability
		}
		if busy, err = d.avail.Busy(ctx, a.AgentID); err != nil {
			if cfg.OffersChat {
				return Notification{}, false, fmt.Errorf("notify: availability of %s: %w", kit.QuoteID(a.AgentID), err)
			}
			busy = true // fail toward the agent seeing the chat: sent, without sound
		}
	}
	if cfg.OffersChat && busy {
		return Notification{}, false, nil
	}

	n := Notification{
		AgentID:           a.AgentID,
		Kind:              a.Kind,
		ChatID:            a.ChatID,
		Title:             cmp.Or(Preview(a.Sender, MaxSenderLength), cfg.Label),
		Body:              Preview(a.Preview, d.preview),
		Browser:           alert.Browser,
		OnlyWhenUnfocused: alert.Browser && alert.OnlyWhenUnfocused,
		At:                a.At.UTC(),
		Instance:          d.instance,
	}
	if a.At.IsZero() {
		n.At = d.now()
	}
	if sound && !(busy && prefs.QuietWhileBusy) {
		n.Sound, n.Volume = alert.Sound, alert.Volume
	}
	return n, true, nil
}

// Dispatch decides as Decide does and, when there is a Notification to
// send, hands it to the Notifier. It returns the Notification, whether the
// Notifier took it, and the Notifier's error, if any.
func (d *Dispatcher) Dispatch(ctx context.Context, a Activity) (Notification, bool, error) {
	n, ok, err := d.Decide(ctx, a)
	if err != nil || !ok {
		return n, false, err
	}
	if d.out == nil {
		return n, false, errNoNotifier
	}
	if err := d.out.Notify(ctx, n); err != nil {
		return n, false, err
	}
	return n, true, nil
}
