package notify_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/convrs/profilekit"
	"github.com/convrs/profilekit/notify"
)

func TestDefaultsForAnAgentWhoNeverSaved(t *testing.T) {
	r := newRig(t, nil)
	p, err := r.d.Preferences(context.Background(), "a1")
	require.NoError(t, err)
	assert.True(t, p.Default)
	assert.Zero(t, p.Version)
	assert.True(t, p.SavedAt.IsZero())
	assert.Equal(t, "a1", p.AgentID)
	msg, ok := p.Alert(notify.NewMessage)
	require.True(t, ok)
	chat, ok := p.Alert(notify.IncomingChat)
	require.True(t, ok)
	assert.True(t, msg.SoundOn)
	assert.True(t, chat.SoundOn)
	assert.NotEqual(t, msg.Sound, chat.Sound, "the two kinds have different default sounds")
	assert.False(t, msg.Browser, "browser notifications are off until enabled")
	assert.False(t, chat.Browser)
	assert.False(t, p.QuietWhileBusy)

	raw, err := json.Marshal(p)
	require.NoError(t, err)
	assert.Contains(t, string(raw), `"default":true`, "a client reads that these are defaults")
}

func TestSaveThenReadTheSameWay(t *testing.T) {
	r := newRig(t, nil)
	ctx := context.Background()
	saved, err := r.d.SavePreferences(ctx, "a1", 0, notify.Update{
		Alerts: map[notify.Kind]notify.Alert{
			notify.NewMessage: {SoundOn: true, Sound: "chime", Volume: 40, Browser: true, OnlyWhenUnfocused: true},
		},
		QuietWhileBusy: true,
	})
	require.NoError(t, err)
	assert.False(t, saved.Default)
	assert.Equal(t, int64(1), saved.Version)
	assert.Equal(t, fixed.Truncate(time.Microsecond), saved.SavedAt)

	got, err := r.d.Preferences(ctx, "a1")
	require.NoError(t, err)
	assert.Equal(t, saved, got)
	assert.Equal(t, notify.Alert{SoundOn: true, Sound: "chime", Volume: 40, Browser: true, OnlyWhenUnfocused: true}, got.Alerts[notify.NewMessage])
	def := notify.DefaultCatalogue().Kinds[1].Default
	assert.Equal(t, def, got.Alerts[notify.IncomingChat], "a kind left out of the update keeps its value")
	assert.True(t, got.QuietWhileBusy)
}

func TestEmptySoundMeansTheKindsDefault(t *testing.T) {
	r := newRig(t, nil)
	saved, err := r.d.SavePreferences(context.Background(), "a1", 0, notify.Update{
		Alerts: map[notify.Kind]notify.Alert{notify.IncomingChat: {SoundOn: true, Volume: 10}},
	})
	require.NoError(t, err)
	assert.Equal(t, notify.Sound("ring"), saved.Alerts[notify.IncomingChat].Sound)
}

func TestSaveRules(t *testing.T) {
	kinds := func(a map[notify.Kind]notify.Alert) notify.Update { return notify.Update{Alerts: a} }
	ok := notify.Alert{SoundOn: true, Sound: "bell", Volume: 50}
	cases := []struct {
		name   string
		agent  string
		update notify.Update
		fields []string
		codes  []profilekit.Code
	}{
		{"valid", "a1", kinds(map[notify.Kind]notify.Alert{notify.NewMessage: ok}), nil, nil},
		{"volume 0", "a1", kinds(map[notify.Kind]notify.Alert{notify.NewMessage: {Sound: "bell", Volume: 0}}), nil, nil},
		{"volume 100", "a1", kinds(map[notify.Kind]notify.Alert{notify.NewMessage: {Sound: "bell", Volume: 100}}), nil, nil},
		{"no alerts", "a1", notify.Update{}, nil, nil},
		{"volume 101", "a1", kinds(map[notify.Kind]notify.Alert{notify.NewMessage: {Sound: "bell", Volume: 101}}),
			[]string{"alerts.new_message.volume"}, []profilekit.Code{profilekit.CodeVolumeOutOfRange}},
		{"volume -1", "a1", kinds(map[notify.Kind]notify.Alert{notify.IncomingChat: {Sound: "bell", Volume: -1}}),
			[]string{"alerts.incoming_chat.volume"}, []profilekit.Code{profilekit.CodeVolumeOutOfRange}},
		{"unknown sound", "a1", kinds(map[notify.Kind]notify.Alert{notify.NewMessage: {Sound: "foghorn", Volume: 5}}),
			[]string{"alerts.new_message.sound"}, []profilekit.Code{profilekit.CodeSoundUnknown}},
		{"unknown sound with sound off", "a1", kinds(map[notify.Kind]notify.Alert{notify.NewMessage: {Sound: "Bell"}}),
			[]string{"alerts.new_message.sound"}, []profilekit.Code{profilekit.CodeSoundUnknown}},
		{"unknown kind", "a1", kinds(map[notify.Kind]notify.Alert{"mention": ok}),
			[]string{"alerts.mention"}, []profilekit.Code{profilekit.CodeEventKindUnknown}},
		{"reserved kind", "a1", kinds(map[notify.Kind]notify.Alert{notify.PreferencesChanged: ok}),
			[]string{"alerts.preferences_changed"}, []profilekit.Code{profilekit.CodeEventKindUnknown}},
		{"a kind that is no name", "a1", kinds(map[notify.Kind]notify.Alert{"Mention!": ok}),
			[]string{"alerts"}, []profilekit.Code{profilekit.CodeEventKindUnknown}},
		{"bad agent", "a 1", notify.Update{}, []string{"agent_id"}, []profilekit.Code{profilekit.CodeIDInvalidChars}},
		{"empty agent", "", notify.Update{}, []string{"agent_id"}, []profilekit.Code{profilekit.CodeIDRequired}},
		{"every problem at once", "", kinds(map[notify.Kind]notify.Alert{
			notify.NewMessage:   {Sound: "x", Volume: 200},
			"\xff<script>":      ok,
			notify.IncomingChat: {Sound: "ring", Volume: -5},
		}), []string{"agent_id", "alerts.incoming_chat.volume", "alerts.new_message.sound", "alerts.new_message.volume", "alerts"},
			[]profilekit.Code{profilekit.CodeIDRequired, profilekit.CodeVolumeOutOfRange,
				profilekit.CodeSoundUnknown, profilekit.CodeVolumeOutOfRange, profilekit.CodeEventKindUnknown}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := newRig(t, nil)
			_, err := r.d.SavePreferences(context.Background(), tc.agent, 0, tc.update)
			if tc.codes == nil {
				require.NoError(t, err)
				return
			}
			require.ErrorIs(t, err, notify.ErrInvalid)
			var verr *notify.ValidationError
			require.ErrorAs(t, err, &verr)
			assert.Equal(t, tc.codes, verr.Codes())
			var fields []string
			for _, f := range verr.Fields {
				fields = append(fields, f.Field)
				assert.NotContains(t, f.Message, "script", "a message never repeats hostile input")
			}
			assert.Equal(t, tc.fields, fields)
			for _, f := range verr.Fields {
				if f.Code == profilekit.CodeVolumeOutOfRange {
					assert.Equal(t, map[string]any{"min": 0, "max": notify.MaxVolume}, f.Params, f.Field)
				} else {
					assert.Nil(t, f.Params, f.Field)
				}
			}
			assert.Equal(t, "notify", verr.Domain)
			assert.Equal(t, profilekit.CodeInvalid, profilekit.CodeOf(err))
			assert.Empty(t, r.out.Notifications(), "a rejected save notifies nobody")
			assert.Empty(t, r.obs.Events(), "a rejected save raises no event")
			if tc.agent != "" && tc.agent != "a 1" {
				p, err := r.d.Preferences(context.Background(), tc.agent)
				require.NoError(t, err)
				assert.True(t, p.Default, "a rejected save stores nothing")
			}
		})
	}
}

func TestSaveRefusesAnUpdateWithTooManyKindsBeforeCheckingThem(t *testing.T) {
	r := newRig(t, nil)
	ctx := context.Background()
	many := map[notify.Kind]notify.Alert{}
	for i := range 200_000 {
		many[notify.Kind(fmt.Sprintf("kind-%d", i))] = notify.Alert{Sound: "nope", Volume: 500}
	}
	_, err := r.d.SavePreferences(ctx, "a1", 0, notify.Update{Alerts: many})
	var verr *notify.ValidationError
	require.ErrorAs(t, err, &verr)
	require.Len(t, verr.Fields, 1)
	assert.Equal(t, notify.FieldError{Field: "alerts", Code: profilekit.CodeAlertsTooMany,
		Message: "names 200000 kinds of notification; the most is 64", Params: map[string]any{"max": 64}}, verr.Fields[0])
	assert.Less(t, len(err.Error()), 200)

	// At the cap, every kind is checked, and the problems listed stop at
	// MaxFieldErrors.
	atCap := map[notify.Kind]notify.Alert{}
	for i := range notify.MaxUpdateKinds {
		atCap[notify.Kind(fmt.Sprintf("kind-%02d", i))] = notify.Alert{}
	}
	_, err = r.d.SavePreferences(ctx, "", 0, notify.Update{Alerts: atCap})
	require.ErrorAs(t, err, &verr)
	assert.Len(t, verr.Fields, notify.MaxUpdateKinds+1)
	assert.Equal(t, "agent_id", verr.Fields[0].Field)
	assert.Equal(t, "alerts.kind-00", verr.Fields[1].Field)

	cat := notify.DefaultCatalogue()
	for i := range 60 {
		cat.Kinds = append(cat.Kinds, notify.KindConfig{Kind: notify.Kind(fmt.Sprintf("extra-%02d", i)), Label: "Extra"})
	}
	r = newRig(t, &notify.Options{Catalogue: cat})
	bad := map[notify.Kind]notify.Alert{}
	for _, k := range r.d.Catalogue().Kinds {
		bad[k.Kind] = notify.Alert{Sound: "nope", Volume: -1} // two problems each
	}
	_, err = r.d.SavePreferences(ctx, "", 0, notify.Update{Alerts: bad})
	require.ErrorAs(t, err, &verr)
	assert.Len(t, verr.Fields, notify.MaxFieldErrors)
	assert.Equal(t, "agent_id", verr.Fields[0].Field)
}

func TestSecondTabSavingFirstConflicts(t *testing.T) {
	r := newRig(t, nil)
	ctx := context.Background()
	tab1, err := r.d.Preferences(ctx, "a1")
	require.NoError(t, err)
	tab2 := tab1
	_, err = r.d.SavePreferences(ctx, "a1", tab2.Version, notify.Update{QuietWhileBusy: true})
	require.NoError(t, err)
	_, err = r.d.SavePreferences(ctx, "a1", tab1.Version, notify.Update{QuietWhileBusy: false})
	require.ErrorIs(t, err, notify.ErrConflict)
	assert.Equal(t, profilekit.CodePreferencesConflict, profilekit.CodeOf(err))
	_, err = r.d.SavePreferences(ctx, "a1", 7, notify.Update{})
	require.ErrorIs(t, err, notify.ErrConflict, "a version from the future conflicts too")
	got, err := r.d.Preferences(ctx, "a1")
	require.NoError(t, err)
	assert.True(t, got.QuietWhileBusy, "the losing save changed nothing")
	assert.Equal(t, int64(1), got.Version)
}

func TestSaveRaisesAnEventAndTellsEveryLiveSession(t *testing.T) {
	r := newRig(t, nil)
	saved, err := r.d.SavePreferences(context.Background(), "a1", 0, notify.Update{QuietWhileBusy: true})
	require.NoError(t, err)

	evs := r.obs.Events()
	require.Len(t, evs, 1)
	ev, ok := evs[0].(notify.PreferencesSaved)
	require.True(t, ok, "event type %T", evs[0])
	assert.Equal(t, profilekit.EventPreferencesSaved, ev.Kind())
	assert.Equal(t, profilekit.EventMeta{AgentID: "a1", At: saved.SavedAt, Instance: "test-1"}, ev.Meta())
	assert.Equal(t, saved, ev.Preferences)

	got := r.out.Notifications()
	require.Len(t, got, 1)
	assert.Equal(t, notify.PreferencesChanged, got[0].Kind)
	assert.Equal(t, "a1", got[0].AgentID)
	assert.Equal(t, "test-1", got[0].Instance)
	require.NotNil(t, got[0].Preferences)
	assert.Equal(t, saved, *got[0].Preferences)
	assert.Empty(t, got[0].Sound, "a preferences message plays nothing")
	got[0].Preferences.Alerts[notify.NewMessage] = notify.Alert{}
	again, err := r.d.Preferences(context.Background(), "a1")
	require.NoError(t, err)
	assert.Equal(t, saved, again, "the notification's preferences are a copy")
}

func TestSaveStandsWhenTheNotifierFails(t *testing.T) {
	r := newRig(t, nil)
	r.out.Fail(errors.New("network down"))
	saved, err := r.d.SavePreferences(context.Background(), "a1", 0, notify.Update{QuietWhileBusy: true})
	require.ErrorIs(t, err, notify.ErrUndelivered)
	assert.Equal(t, profilekit.CodeNotifyUndelivered, profilekit.CodeOf(err))
	assert.Contains(t, err.Error(), "network down")
	assert.Equal(t, int64(1), saved.Version)
	got, err := r.d.Preferences(context.Background(), "a1")
	require.NoError(t, err)
	assert.Equal(t, saved, got)
}

func TestStoreErrorsPassThroughUnwrapped(t *testing.T) {
	r := newRig(t, nil)
	require.NoError(t, r.store.Close())
	_, err := r.d.Preferences(context.Background(), "a1")
	require.Error(t, err)
	assert.Equal(t, 1, countOf(err.Error(), "a1"), "the ID is named once: %v", err)
}

func countOf(s, sub string) int {
	n := 0
	for i := 0; i+len(sub) <= len(s); i++ {
		if s[i:i+len(sub)] == sub {
			n++
		}
	}
	return n
}

func TestCatalogueChangesApplyToSavedPreferences(t *testing.T) {
	ctx := context.Background()
	r := newRig(t, nil)
	_, err := r.d.SavePreferences(ctx, "a1", 0, notify.Update{Alerts: map[notify.Kind]notify.Alert{
		notify.NewMessage: {SoundOn: true, Sound: "pop", Volume: 30},
	}})
	require.NoError(t, err)

	// A later release drops "pop" and adds a kind, with no schema change.
	cat := notify.Catalogue{
		Sounds: []notify.Sound{"chime", "Bad Name", "chime"},
		Kinds: []notify.KindConfig{
			{Kind: notify.NewMessage, Label: "New message", Default: notify.Alert{SoundOn: true, Sound: "chime", Volume: 70}},
			{Kind: "mention", Label: "Mention", Default: notify.Alert{SoundOn: true, Sound: "tick", Volume: 500}},
			{Kind: notify.NewMessage, Label: "dup"},
			{Kind: notify.PreferencesChanged},
			{Kind: "Not Valid"},
		},
	}
	d := notify.New(r.store, r.avail, r.out, &notify.Options{Catalogue: cat})
	assert.Equal(t, notify.Catalogue{
		Sounds: []notify.Sound{"chime", "tick"},
		Kinds: []notify.KindConfig{
			{Kind: notify.NewMessage, Label: "New message", Default: notify.Alert{SoundOn: true, Sound: "chime", Volume: 70}},
			{Kind: "mention", Label: "Mention", Default: notify.Alert{SoundOn: true, Sound: "tick", Volume: 100}},
		},
	}, d.Catalogue())
	p, err := d.Preferences(ctx, "a1")
	require.NoError(t, err)
	assert.Equal(t, notify.Alert{SoundOn: true, Sound: "chime", Volume: 30}, p.Alerts[notify.NewMessage], "a sound no longer offered becomes the default")
	assert.Equal(t, notify.Alert{SoundOn: true, Sound: "tick", Volume: 100}, p.Alerts["mention"], "a new kind gets its default")
	assert.NotContains(t, p.Alerts, notify.IncomingChat, "a kind no longer offered is left out")
	assert.False(t, p.Default)
}

func TestPreferencesChecksTheID(t *testing.T) {
	r := newRig(t, nil)
	_, err := r.d.Preferences(context.Background(), "")
	assert.ErrorIs(t, err, notify.ErrInvalid)
}

func TestValidName(t *testing.T) {
	for name, want := range map[string]bool{
		"ding": true, "new_message": true, "a.b-c_1": true, "": false, "Ding": false, "a b": false,
		"é": false, string(make([]byte, 65)): false, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa": true,
	} {
		assert.Equal(t, want, notify.ValidName(name), "%q", name)
	}
}
