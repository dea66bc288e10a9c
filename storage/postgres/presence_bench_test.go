package postgres_test

import (
	"context"
	"testing"
	"time"

	"github.com/convrs/profilekit/presence"
	"github.com/convrs/profilekit/storage"
	"github.com/convrs/profilekit/storage/storagetest"
)

func BenchmarkPresence(b *testing.B) {
	storagetest.BenchmarkPresence(b, func(b *testing.B) storage.Store {
		s, _, _ := openTest(b)
		return s
	})
}

// BenchmarkPresenceCrossInstanceDelay measures a toggle on instance A until
// instance B's Watch reports it: the write, NOTIFY at commit, delivery to
// B's LISTEN connection and the Watch. ns-after-commit/op is the part from
// ToggleBusy's return (the commit) to the change reaching B's reader.
func BenchmarkPresenceCrossInstanceDelay(b *testing.B) {
	sa, sb := openPair(b)
	a, tb := presence.New(sa, nil), presence.New(sb, nil)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	w, err := tb.Watch(ctx)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	var afterCommit time.Duration
	for b.Loop() {
		if _, err := a.ToggleBusy(ctx, "ada"); err != nil {
			b.Fatal(err)
		}
		committed := time.Now()
		if _, ok := <-w.C(); !ok {
			b.Fatal(w.Err())
		}
		afterCommit += time.Since(committed)
	}
	b.ReportMetric(float64(afterCommit.Nanoseconds())/float64(b.N), "ns-after-commit/op")
}
