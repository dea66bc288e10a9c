package notify_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/convrs/profilekit"
	"github.com/convrs/profilekit/notify"
)

func TestDispatchDecisions(t *testing.T) {
	at := time.Date(2026, 3, 1, 10, 0, 0, 0, time.FixedZone("CET", 3600))
	loud := notify.Alert{SoundOn: true, Sound: "bell", Volume: 60, Browser: true, OnlyWhenUnfocused: true}
	cases := []struct {
		name      string
		kind      notify.Kind
		alert     notify.Alert
		quiet     bool
		busy      bool
		sent      bool
		sound     notify.Sound
		volume    int
		browser   bool
		unfocused bool
	}{
		{"message, available", notify.NewMessage, loud, false, false, true, "bell", 60, true, true},
		{"message, busy", notify.NewMessage, loud, false, true, true, "bell", 60, true, true},
		{"message, busy, quiet while busy", notify.NewMessage, loud, true, true, true, "", 0, true, true},
		{"message, available, quiet while busy", notify.NewMessage, loud, true, false, true, "bell", 60, true, true},
		{"message, sound off", notify.NewMessage, notify.Alert{Sound: "bell", Volume: 60}, false, false, true, "", 0, false, false},
		{"message, volume 0", notify.NewMessage, notify.Alert{SoundOn: true, Sound: "bell"}, false, false, true, "", 0, false, false},
		{"message, unfocused without browser", notify.NewMessage, notify.Alert{OnlyWhenUnfocused: true, Sound: "bell"}, false, false, true, "", 0, false, false},
		{"chat, available", notify.IncomingChat, loud, false, false, true, "bell", 60, true, true},
		{"chat, busy", notify.IncomingChat, loud, false, true, false, "", 0, false, false},
		{"chat, busy, quiet while busy", notify.IncomingChat, loud, true, true, false, "", 0, false, false},
		{"chat, available, quiet while busy", notify.IncomingChat, loud, true, false, true, "bell", 60, true, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := newRig(t, nil)
			ctx := context.Background()
			_, err := r.d.SavePreferences(ctx, "a1", 0, notify.Update{
				Alerts: map[notify.Kind]notify.Alert{tc.kind: tc.alert}, QuietWhileBusy: tc.quiet})
			require.NoError(t, err)
			r.out.Reset()
			r.avail.SetBusy("a1", tc.busy)

			n, sent, err := r.d.Dispatch(ctx, notify.Activity{
				AgentID: "a1", Kind: tc.kind, ChatID: "c1", Sender: "Ada", Preview: "hello", At: at})
			require.NoError(t, err)
			assert.Equal(t, tc.sent, sent)
			if !tc.sent {
				assert.Empty(t, r.out.Notifications(), "nothing reaches the notifier")
				return
			}
			assert.Equal(t, notify.Notification{
				AgentID: "a1", Kind: tc.kind, ChatID: "c1", Title: "Ada", Body: "hello",
				Sound: tc.sound, Volume: tc.volume, Browser: tc.browser, OnlyWhenUnfocused: tc.unfocused,
				At: at.UTC(), Instance: "test-1",
			}, n)
			assert.Equal(t, []notify.Notification{n}, r.out.Notifications())
		})
	}
}

func TestDispatchWithDefaults(t *testing.T) {
	r := newRig(t, nil)
	n, sent, err := r.d.Dispatch(context.Background(), notify.Activity{
		AgentID: "a1", Kind: notify.IncomingChat, ChatID: "c1", Preview: "<b>Hi</b> there"})
	require.NoError(t, err)
	require.True(t, sent)
	assert.Equal(t, notify.Sound("ring"), n.Sound)
	assert.Equal(t, 100, n.Volume)
	assert.False(t, n.Browser)
	assert.Equal(t, "Incoming chat", n.Title, "no sender: the kind's label")
	assert.Equal(t, "Hi there", n.Body)
	assert.Equal(t, fixed.Truncate(time.Microsecond), n.At, "no time: the clock's")
}

func TestDispatchAsksAvailabilityOnlyWhenItMatters(t *testing.T) {
	r := newRig(t, nil)
	ctx := context.Background()
	msg := notify.Activity{AgentID: "a1", Kind: notify.NewMessage, ChatID: "c1"}
	_, _, err := r.d.Dispatch(ctx, msg)
	require.NoError(t, err)
	assert.Zero(t, r.avail.Calls(), "a new message without quiet while busy does not depend on presence")
	_, _, err = r.d.Dispatch(ctx, notify.Activity{AgentID: "a1", Kind: notify.IncomingChat, ChatID: "c1"})
	require.NoError(t, err)
	assert.Equal(t, 1, r.avail.Calls())
}

func TestIncomingChatFailsClosedWhenAvailabilityFails(t *testing.T) {
	r := newRig(t, nil)
	r.avail.Fail(errors.New("redis down"))
	_, sent, err := r.d.Dispatch(context.Background(), notify.Activity{AgentID: "a1", Kind: notify.IncomingChat, ChatID: "c1"})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "redis down")
	assert.False(t, sent)
	assert.Empty(t, r.out.Notifications())
}

func TestNewMessageIsDeliveredSilentlyWhenAvailabilityFails(t *testing.T) {
	// With QuietWhileBusy the sound depends on whether the agent is busy;
	// when that cannot be read, the alert still goes out, without sound,
	// as it would to a busy agent: the agent sees the chat either way.
	r := newRig(t, nil)
	ctx := context.Background()
	_, err := r.d.SavePreferences(ctx, "a1", 0, notify.Update{QuietWhileBusy: true,
		Alerts: map[notify.Kind]notify.Alert{notify.NewMessage: {SoundOn: true, Sound: "bell", Volume: 60, Browser: true}}})
	require.NoError(t, err)
	r.out.Reset()
	r.avail.Fail(errors.New("redis down"))
	n, sent, err := r.d.Dispatch(ctx, notify.Activity{AgentID: "a1", Kind: notify.NewMessage, ChatID: "c1", Sender: "Ada"})
	require.NoError(t, err)
	assert.True(t, sent)
	assert.Equal(t, 1, r.avail.Calls())
	assert.Empty(t, n.Sound)
	assert.Zero(t, n.Volume)
	assert.True(t, n.Browser)
	assert.Equal(t, []notify.Notification{n}, r.out.Notifications())
}

func TestDispatchReturnsTheNotifiersError(t *testing.T) {
	r := newRig(t, nil)
	boom := errors.New("boom")
	r.out.Fail(boom)
	n, sent, err := r.d.Dispatch(context.Background(), notify.Activity{AgentID: "a1", Kind: notify.NewMessage, ChatID: "c1"})
	require.ErrorIs(t, err, boom)
	assert.False(t, sent)
	assert.Equal(t, "a1", n.AgentID, "the notification is still returned")
}

func TestDispatchRejectsMalformedActivity(t *testing.T) {
	cases := []struct {
		name  string
		a     notify.Activity
		codes []profilekit.Code
	}{
		{"empty agent", notify.Activity{Kind: notify.NewMessage, ChatID: "c1"}, []profilekit.Code{profilekit.CodeIDRequired}},
		{"empty chat", notify.Activity{AgentID: "a1", Kind: notify.NewMessage}, []profilekit.Code{profilekit.CodeIDRequired}},
		{"unknown kind", notify.Activity{AgentID: "a1", Kind: "typing", ChatID: "c1"}, []profilekit.Code{profilekit.CodeEventKindUnknown}},
		{"preferences kind", notify.Activity{AgentID: "a1", Kind: notify.PreferencesChanged, ChatID: "c1"}, []profilekit.Code{profilekit.CodeEventKindUnknown}},
		{"all", notify.Activity{AgentID: "a\x00", ChatID: string(make([]byte, 200))},
			[]profilekit.Code{profilekit.CodeIDInvalidChars, profilekit.CodeIDTooLong, profilekit.CodeEventKindUnknown}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := newRig(t, nil)
			_, sent, err := r.d.Dispatch(context.Background(), tc.a)
			var verr *notify.ValidationError
			require.ErrorAs(t, err, &verr)
			assert.Equal(t, tc.codes, verr.Codes())
			assert.False(t, sent)
			assert.Empty(t, r.out.Notifications())
		})
	}
}

func TestTitleAndBodyAreCleaned(t *testing.T) {
	r := newRig(t, &notify.Options{PreviewLength: 10})
	n, _, err := r.d.Decide(context.Background(), notify.Activity{
		AgentID: "a1", Kind: notify.NewMessage, ChatID: "c1",
		Sender:  "<i>Eve</i>\u202e\x07 " + string(make([]byte, 0)),
		Preview: "Hello <a href='x'>world</a>, this is long",
	})
	require.NoError(t, err)
	assert.Equal(t, "Eve", n.Title)
	assert.Equal(t, "Hello wor…", n.Body)
}

func TestCatalogueLabelsAreCleaned(t *testing.T) {
	cat := notify.DefaultCatalogue()
	cat.Kinds[0].Label = "<b>L</b>\u202e\u200b\x07 " // new_message
	cat.Kinds[1].Label = "<i></i>\u200b"             // incoming_chat: nothing left
	r := newRig(t, &notify.Options{Catalogue: cat})
	got := r.d.Catalogue()
	assert.Equal(t, "L", got.Kinds[0].Label)
	assert.Equal(t, "incoming_chat", got.Kinds[1].Label, "a label with nothing to show is the kind's name")
	n, _, err := r.d.Decide(context.Background(), notify.Activity{AgentID: "a1", Kind: notify.NewMessage, ChatID: "c1"})
	require.NoError(t, err)
	assert.Equal(t, "L", n.Title, "a title from the label is as clean as one from a sender")
	n, _, err = r.d.Decide(context.Background(), notify.Activity{AgentID: "a1", Kind: notify.IncomingChat, ChatID: "c1", Sender: "\u200b"})
	require.NoError(t, err)
	assert.Equal(t, "incoming_chat", n.Title)
}

func TestNilArgumentsAreErrorsNotPanics(t *testing.T) {
	r := newRig(t, nil)
	d := notify.New(r.store, nil, nil, nil)
	_, _, err := d.Dispatch(context.Background(), notify.Activity{AgentID: "a1", Kind: notify.IncomingChat, ChatID: "c1"})
	assert.Error(t, err)
	_, _, err = d.Dispatch(context.Background(), notify.Activity{AgentID: "a1", Kind: notify.NewMessage, ChatID: "c1"})
	assert.Error(t, err)
	_, err = d.SavePreferences(context.Background(), "a1", 0, notify.Update{})
	assert.Error(t, err)
}

func TestCancelledContext(t *testing.T) {
	r := newRig(t, nil)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, _, err := r.d.Dispatch(ctx, notify.Activity{AgentID: "a1", Kind: notify.NewMessage, ChatID: "c1"})
	assert.ErrorIs(t, err, context.Canceled)
	_, err = r.d.SavePreferences(ctx, "a1", 0, notify.Update{})
	assert.ErrorIs(t, err, context.Canceled)
}

// Concurrent saves of one agent: at most one wins per version, and the
// events and notifications of the winners arrive in version order.
func TestConcurrentSavesAreOrdered(t *testing.T) {
	r := newRig(t, nil)
	ctx := context.Background()
	var wg sync.WaitGroup
	for i := range 20 {
		wg.Go(func() {
			for {
				p, err := r.d.Preferences(ctx, "a1")
				if err != nil {
					t.Error(err)
					return
				}
				_, err = r.d.SavePreferences(ctx, "a1", p.Version, notify.Update{QuietWhileBusy: i%2 == 0})
				if !errors.Is(err, notify.ErrConflict) {
					assert.NoError(t, err)
					return
				}
			}
		})
	}
	wg.Wait()
	evs := r.obs.Events()
	require.Len(t, evs, 20)
	for i, ev := range evs {
		assert.Equal(t, int64(i+1), ev.(notify.PreferencesSaved).Preferences.Version)
	}
	for i, n := range r.out.Notifications() {
		assert.Equal(t, int64(i+1), n.Preferences.Version)
	}
}
