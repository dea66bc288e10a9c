package feed_test

import (
	"context"
	"testing"

	"github.com/convrs/profilekit"
	"github.com/convrs/profilekit/feed"
	"github.com/convrs/profilekit/profile"
)

// BenchmarkObserveToSubscriber measures one event from Observe on one
// Feed to a subscription on another, through a Local: encoding, the
// outbox, the transport, decoding and delivery.
func BenchmarkObserveToSubscriber(b *testing.B) {
	tr := feed.NewLocal()
	a, c := feed.New(tr, &feed.Options{Buffer: 1 << 20}), feed.New(tr, &feed.Options{Buffer: 1 << 20})
	defer a.Close()
	defer c.Close()
	ctx := context.Background()
	s, err := c.Subscribe(ctx, "ada")
	if err != nil {
		b.Fatal(err)
	}
	e := profile.Saved{EventMeta: profilekit.EventMeta{AgentID: "ada", Instance: "a"}, Version: 2, Fields: []string{"name", "mobile"}}
	b.ReportAllocs()
	for b.Loop() {
		a.Observe(ctx, e)
		<-s.C()
	}
}

// BenchmarkObserve measures what a service pays under its per-agent lock:
// Observe queues the event and returns.
func BenchmarkObserve(b *testing.B) {
	a := feed.New(nil, &feed.Options{Outbox: 1 << 30})
	defer a.Close()
	ctx := context.Background()
	e := profile.Saved{EventMeta: profilekit.EventMeta{AgentID: "ada", Instance: "a"}, Version: 2, Fields: []string{"name", "mobile"}}
	b.ReportAllocs()
	for b.Loop() {
		a.Observe(ctx, e)
	}
}
