package storagetest

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/convrs/profilekit/notify"
)

// samplePreferences returns preferences with every field set, kinds
// beyond the two standard ones included (a store takes new kinds without a
// schema change).
func samplePreferences(id string) notify.Preferences {
	return notify.Preferences{
		AgentID: id,
		Alerts: map[notify.Kind]notify.Alert{
			notify.NewMessage:   {SoundOn: true, Sound: "ding", Volume: 70, Browser: true, OnlyWhenUnfocused: true},
			notify.IncomingChat: {SoundOn: false, Sound: "ring", Volume: 100, Browser: true},
			"mention.v2-beta":   {Sound: "x", Volume: 0, OnlyWhenUnfocused: true},
		},
		QuietWhileBusy: true,
		Version:        1,
		SavedAt:        base,
	}
}

// RunPreferenceStore runs the conformance suite of notify.PreferenceStore
// against the stores open returns, one per subtest. open should register
// any clean-up, closing the store included, with t.Cleanup. An adapter
// that implements only this store calls it from a test of its own:
//
//	func TestPreferenceStore(t *testing.T) {
//		storagetest.RunPreferenceStore(t, func(t *testing.T) notify.PreferenceStore { return newStore(t) })
//	}
func RunPreferenceStore(t *testing.T, open func(t *testing.T) notify.PreferenceStore) {
	ctx := context.Background()
	open = closing(open)
	t.Run("Closed", func(t *testing.T) { closedPreferences(t, open) })
	t.Run("HostileIDs", func(t *testing.T) { hostilePreferenceIDs(t, open) })

	t.Run("RoundTripEveryField", func(t *testing.T) {
		s := open(t)
		want := samplePreferences("a1")
		require.NoError(t, s.SetNotificationPreferences(ctx, want, 0))
		got, err := s.GetNotificationPreferences(ctx, "a1")
		require.NoError(t, err)
		assertSamePreferences(t, want, got)
	})

	t.Run("RoundTripLargestAcceptedValues", func(t *testing.T) {
		// The largest preferences the Dispatcher saves: an ID of
		// profilekit.MaxIDLength bytes, and kind and sound names of
		// notify.MaxNameLength bytes (notify.ValidName), for a catalogue
		// of 64 kinds (a service configures its own; nothing caps their
		// number, so an adapter must not cap the row either).
		s := open(t)
		id := longestID("a1")
		name := func(prefix string, i int) string {
			n := fmt.Sprintf("%s%d", prefix, i)
			return n + strings.Repeat("x", notify.MaxNameLength-len(n))
		}
		want := notify.Preferences{AgentID: id, Alerts: map[notify.Kind]notify.Alert{}, QuietWhileBusy: true, SavedAt: base, Version: 1}
		for i := range 64 {
			require.True(t, notify.ValidName(name("k", i)))
			want.Alerts[notify.Kind(name("k", i))] = notify.Alert{SoundOn: true, Sound: notify.Sound(name("s", i)),
				Volume: notify.MaxVolume, Browser: true, OnlyWhenUnfocused: true}
		}
		require.NoError(t, s.SetNotificationPreferences(ctx, want, 0))
		got, err := s.GetNotificationPreferences(ctx, id)
		require.NoError(t, err)
		assertSamePreferences(t, want, got)
	})

	t.Run("RoundTripEmptyAlerts", func(t *testing.T) {
		s := open(t)
		for i, alerts := range []map[notify.Kind]notify.Alert{nil, {}} {
			id := fmt.Sprintf("a%d", i)
			want := notify.Preferences{AgentID: id, Alerts: alerts, SavedAt: base, Version: 1}
			require.NoError(t, s.SetNotificationPreferences(ctx, want, 0))
			got, err := s.GetNotificationPreferences(ctx, id)
			require.NoError(t, err)
			assert.Empty(t, got.Alerts)
			assert.False(t, got.QuietWhileBusy)
			assertSamePreferences(t, want, got)
		}
	})

	t.Run("DefaultIsNotStored", func(t *testing.T) {
		s := open(t)
		p := samplePreferences("a1")
		p.Default = true
		require.NoError(t, s.SetNotificationPreferences(ctx, p, 0))
		got, err := s.GetNotificationPreferences(ctx, "a1")
		require.NoError(t, err)
		assert.False(t, got.Default, "saved preferences are never defaults")
	})

	t.Run("TimesAreUTCToTheMicrosecond", func(t *testing.T) {
		s := open(t)
		for i, at := range []time.Time{
			time.Date(1999, 12, 31, 23, 59, 59, 999999000, time.UTC),
			time.Date(2100, 1, 1, 0, 0, 0, 1000, time.UTC),
		} {
			p := samplePreferences(fmt.Sprintf("a%d", i))
			p.SavedAt = at
			require.NoError(t, s.SetNotificationPreferences(ctx, p, 0))
			got, err := s.GetNotificationPreferences(ctx, p.AgentID)
			require.NoError(t, err)
			assertSamePreferences(t, p, got)
		}
	})

	t.Run("GetMissing", func(t *testing.T) {
		s := open(t)
		_, err := s.GetNotificationPreferences(ctx, "nobody")
		assert.ErrorIs(t, err, notify.ErrNotFound)
	})

	t.Run("CreateExistingConflicts", func(t *testing.T) {
		s := open(t)
		require.NoError(t, s.SetNotificationPreferences(ctx, samplePreferences("a1"), 0))
		other := samplePreferences("a1")
		other.QuietWhileBusy = false
		assert.ErrorIs(t, s.SetNotificationPreferences(ctx, other, 0), notify.ErrConflict)
		got, err := s.GetNotificationPreferences(ctx, "a1")
		require.NoError(t, err)
		assert.True(t, got.QuietWhileBusy, "a failed create changed the stored preferences")
	})

	t.Run("UpdateMissing", func(t *testing.T) {
		s := open(t)
		p := samplePreferences("ghost")
		p.Version = 2
		assert.ErrorIs(t, s.SetNotificationPreferences(ctx, p, 1), notify.ErrNotFound)
		_, err := s.GetNotificationPreferences(ctx, "ghost")
		assert.ErrorIs(t, err, notify.ErrNotFound, "a failed update stored something")
	})

	t.Run("UpdateRoundTrip", func(t *testing.T) {
		s := open(t)
		require.NoError(t, s.SetNotificationPreferences(ctx, samplePreferences("a1"), 0))
		next := notify.Preferences{
			AgentID:        "a1",
			Alerts:         map[notify.Kind]notify.Alert{notify.NewMessage: {Sound: "bell", Volume: 5}},
			Version:        2,
			SavedAt:        base.Add(time.Hour),
			Default:        false,
			QuietWhileBusy: false,
		}
		require.NoError(t, s.SetNotificationPreferences(ctx, next, 1))
		got, err := s.GetNotificationPreferences(ctx, "a1")
		require.NoError(t, err)
		assertSamePreferences(t, next, got)
	})

	t.Run("UpdateStaleVersionConflicts", func(t *testing.T) {
		s := open(t)
		require.NoError(t, s.SetNotificationPreferences(ctx, samplePreferences("a1"), 0))
		first := samplePreferences("a1")
		first.Alerts[notify.NewMessage] = notify.Alert{Sound: "first"}
		first.Version = 2
		require.NoError(t, s.SetNotificationPreferences(ctx, first, 1))
		second := samplePreferences("a1")
		second.Alerts[notify.NewMessage] = notify.Alert{Sound: "second"}
		second.Version = 2
		assert.ErrorIs(t, s.SetNotificationPreferences(ctx, second, 1), notify.ErrConflict)
		third := samplePreferences("a1")
		third.Version = 4
		assert.ErrorIs(t, s.SetNotificationPreferences(ctx, third, 3), notify.ErrConflict, "a version from the future conflicts too")
		got, err := s.GetNotificationPreferences(ctx, "a1")
		require.NoError(t, err)
		assert.Equal(t, notify.Sound("first"), got.Alerts[notify.NewMessage].Sound)
		assert.Equal(t, int64(2), got.Version)
	})

	t.Run("IsolationBetweenAgents", func(t *testing.T) {
		s := open(t)
		a, b := samplePreferences("a1"), samplePreferences("a2")
		require.NoError(t, s.SetNotificationPreferences(ctx, a, 0))
		require.NoError(t, s.SetNotificationPreferences(ctx, b, 0))
		next := samplePreferences("a1")
		next.Alerts, next.QuietWhileBusy, next.Version = nil, false, 2
		require.NoError(t, s.SetNotificationPreferences(ctx, next, 1))
		got, err := s.GetNotificationPreferences(ctx, "a2")
		require.NoError(t, err)
		assertSamePreferences(t, b, got)
	})

	t.Run("IDsAreBytes", func(t *testing.T) {
		s := open(t)
		ids := []string{"A1", "a1", "a1 ", "a.b*c>d", "~!@#$%^&*()_+{}|:<>?"}
		for _, id := range ids {
			p := samplePreferences(id)
			p.Alerts = map[notify.Kind]notify.Alert{notify.NewMessage: {Sound: notify.Sound("s" + fmt.Sprint(len(id)))}}
			require.NoError(t, s.SetNotificationPreferences(ctx, p, 0), "%q", id)
		}
		for _, id := range ids {
			got, err := s.GetNotificationPreferences(ctx, id)
			require.NoError(t, err)
			assert.Equal(t, id, got.AgentID)
			assert.Equal(t, notify.Sound("s"+fmt.Sprint(len(id))), got.Alerts[notify.NewMessage].Sound)
		}
	})

	t.Run("ReturnedValuesAreCopies", func(t *testing.T) {
		s := open(t)
		p := samplePreferences("a1")
		require.NoError(t, s.SetNotificationPreferences(ctx, p, 0))
		p.Alerts[notify.NewMessage] = notify.Alert{Sound: "mutated after set"}
		got, err := s.GetNotificationPreferences(ctx, "a1")
		require.NoError(t, err)
		got.Alerts[notify.IncomingChat] = notify.Alert{Sound: "mutated after get"}
		got.Alerts["added"] = notify.Alert{}
		again, err := s.GetNotificationPreferences(ctx, "a1")
		require.NoError(t, err)
		assertSamePreferences(t, samplePreferences("a1"), again)
	})

	t.Run("CancelledContext", func(t *testing.T) {
		s := open(t)
		require.NoError(t, s.SetNotificationPreferences(ctx, samplePreferences("a1"), 0))
		cctx, cancel := context.WithCancel(ctx)
		cancel()
		_, err := s.GetNotificationPreferences(cctx, "a1")
		assert.ErrorIs(t, err, context.Canceled)
		assert.ErrorIs(t, s.SetNotificationPreferences(cctx, samplePreferences("a2"), 0), context.Canceled)
		next := samplePreferences("a1")
		next.Version = 2
		assert.ErrorIs(t, s.SetNotificationPreferences(cctx, next, 1), context.Canceled)
		got, err := s.GetNotificationPreferences(ctx, "a1")
		require.NoError(t, err)
		assert.Equal(t, int64(1), got.Version, "a cancelled update was applied")
		_, err = s.GetNotificationPreferences(ctx, "a2")
		assert.ErrorIs(t, err, notify.ErrNotFound, "a cancelled create was applied")
	})

	t.Run("ConcurrentWritersLoseNoUpdate", func(t *testing.T) {
		s := open(t)
		require.NoError(t, s.SetNotificationPreferences(ctx, notify.Preferences{AgentID: "a1", SavedAt: base, Version: 1}, 0))
		const writers = 30
		errs := concurrently(writers, func(i int) error {
			return retryOnConflict(notify.ErrConflict, func() error {
				p, err := s.GetNotificationPreferences(ctx, "a1")
				if err != nil {
					return err
				}
				expected := p.Version
				if p.Alerts == nil {
					p.Alerts = map[notify.Kind]notify.Alert{}
				}
				p.Alerts[notify.Kind(fmt.Sprintf("k%d", i))] = notify.Alert{Volume: i}
				p.Version++
				return s.SetNotificationPreferences(ctx, p, expected)
			})
		})
		for _, err := range errs {
			require.NoError(t, err)
		}
		got, err := s.GetNotificationPreferences(ctx, "a1")
		require.NoError(t, err)
		assert.Equal(t, int64(1+writers), got.Version)
		assert.Len(t, got.Alerts, writers)
	})

	t.Run("ConcurrentCreatesOneWinner", func(t *testing.T) {
		s := open(t)
		errs := concurrently(20, func(int) error {
			return s.SetNotificationPreferences(ctx, samplePreferences("a1"), 0)
		})
		assertOneWinner(t, errs, notify.ErrConflict)
	})
}

// runPreferences runs RunPreferenceStore on the stores newStore returns,
// for Run.
func runPreferences(t *testing.T, newStore NewStore) {
	RunPreferenceStore(t, func(t *testing.T) notify.PreferenceStore { return open(t, newStore) })
}

// assertSamePreferences compares two stored preferences: SavedAt by
// instant and in UTC, nil and empty Alerts alike, Default ignored.
func assertSamePreferences(t *testing.T, want, got notify.Preferences) {
	t.Helper()
	assert.True(t, want.SavedAt.Equal(got.SavedAt), "SavedAt: want %v, got %v", want.SavedAt, got.SavedAt)
	assert.Equal(t, time.UTC, got.SavedAt.Location(), "SavedAt must be UTC")
	if len(want.Alerts) == 0 {
		want.Alerts = nil
	}
	if len(got.Alerts) == 0 {
		got.Alerts = nil
	}
	want.SavedAt, got.SavedAt = time.Time{}, time.Time{}
	want.Default, got.Default = false, false
	assert.Equal(t, want, got)
}
