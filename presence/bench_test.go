package presence_test

import (
	"context"
	"testing"

	"github.com/convrs/profilekit/presence"
	"github.com/convrs/profilekit/presence/presencetest"
	"github.com/convrs/profilekit/storage"
	"github.com/convrs/profilekit/storage/memory"
	"github.com/convrs/profilekit/storage/storagetest"
)

// BenchmarkTracker runs the presence benchmarks (Eligible over 10,000
// agents, ToggleBusy, Claim from 64 goroutines, each beside a plain-map
// baseline) over the memory store. The SQL adapters run the same ones.
func BenchmarkTracker(b *testing.B) {
	storagetest.BenchmarkPresence(b, func(b *testing.B) storage.Store { return memory.New() })
}

// BenchmarkWatch measures a write through one Tracker until another
// Tracker's Watch on the same memory store delivers it.
func BenchmarkWatch(b *testing.B) {
	store := memory.New()
	a, w := presence.New(store, nil), presence.New(store, nil)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	watcher, err := w.Watch(ctx)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := a.ToggleBusy(ctx, "ada"); err != nil {
			b.Fatal(err)
		}
		presencetest.Next(b, watcher)
	}
}
