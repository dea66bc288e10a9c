package notify_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/convrs/profilekit/notify"
	"github.com/convrs/profilekit/storage/memory"
	"github.com/convrs/profilekit/storage/sqlite"
)

// noop is a Notifier that does nothing.
var noop = notify.NotifierFunc(func(context.Context, notify.Notification) error { return nil })

// benchStores returns the stores the dispatch benchmarks run on.
func benchStores(b *testing.B) map[string]notify.PreferenceStore {
	mem := memory.New()
	b.Cleanup(func() { _ = mem.Close() })
	lite, err := sqlite.Open(context.Background(), filepath.Join(b.TempDir(), "bench.db"), nil)
	require.NoError(b, err)
	b.Cleanup(func() { _ = lite.Close() })
	return map[string]notify.PreferenceStore{"memory": mem, "sqlite": lite}
}

// BenchmarkDispatch measures Dispatcher.Dispatch of a new message for one
// agent with saved preferences (validation, the preference lookup, the
// decision, the preview, a no-op Notifier); BenchmarkPreferenceLookup is
// its baseline, the bare store read.
func BenchmarkDispatch(b *testing.B) {
	ctx := context.Background()
	for name, store := range benchStores(b) {
		avail := notify.AvailabilityFunc(func(context.Context, string) (bool, error) { return false, nil })
		d := notify.New(store, avail, noop, &notify.Options{Instance: "bench"})
		_, err := d.SavePreferences(ctx, "agent-1", 0, notify.Update{QuietWhileBusy: true})
		require.NoError(b, err)
		b.Run(name, func(b *testing.B) {
			a := notify.Activity{AgentID: "agent-1", Kind: notify.NewMessage, ChatID: "chat-1", Sender: "Ada Lovelace",
				Preview: "Could you check the <b>analytical engine</b> order for tomorrow? 🙏"}
			b.ReportAllocs()
			for b.Loop() {
				if _, _, err := d.Dispatch(ctx, a); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkPreferenceLookup is BenchmarkDispatch's baseline: the same
// store read by hand.
func BenchmarkPreferenceLookup(b *testing.B) {
	ctx := context.Background()
	for name, store := range benchStores(b) {
		d := notify.New(store, nil, noop, nil)
		_, err := d.SavePreferences(ctx, "agent-1", 0, notify.Update{QuietWhileBusy: true})
		require.NoError(b, err)
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := store.GetNotificationPreferences(ctx, "agent-1"); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
