package natsnotify_test

import (
	"context"
	"encoding/json"
	"slices"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/stretchr/testify/require"

	"github.com/convrs/profilekit/notify"
	"github.com/convrs/profilekit/notify/hub"
	"github.com/convrs/profilekit/notify/natsnotify"
)

// benchNote is the Notification both end-to-end benchmarks carry.
var benchNote = notify.Notification{AgentID: "agent-1", Kind: notify.NewMessage, ChatID: "chat-1", Title: "Ada Lovelace",
	Body: "Could you check the analytical engine order for tomorrow? 🙏", Sound: "ding", Volume: 70, Browser: true,
	At: time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC), Instance: "instance-a"}

// reportLatency reports the p50 and p99 of the delays, in microseconds.
func reportLatency(b *testing.B, delays []time.Duration) {
	slices.Sort(delays)
	at := func(q float64) float64 {
		return float64(delays[int(q*float64(len(delays)-1))]) / float64(time.Microsecond)
	}
	b.ReportMetric(at(0.50), "p50-µs")
	b.ReportMetric(at(0.99), "p99-µs")
}

// BenchmarkEndToEnd measures the delay from Notify on instance A to the
// Notification's receipt by a hub subscriber on instance B (A's
// connection, the server, B's connection, B's Relay decoding it into B's
// hub, the session's channel), one Notification in flight at a time, and
// reports p50 and p99. BenchmarkBareRoundTrip is its baseline.
func BenchmarkEndToEnd(b *testing.B) {
	url := testURL(b)
	ctx := context.Background()
	opts := &natsnotify.Options{Prefix: prefix(b)}
	a := natsnotify.New(connect(b, url, "instance-a"), opts)
	connB := connect(b, url, "instance-b")
	hubB := hub.New(nil)
	relay, err := natsnotify.New(connB, opts).Relay(ctx, hubB)
	require.NoError(b, err)
	defer relay.Close()
	session, err := hubB.Subscribe(ctx, benchNote.AgentID)
	require.NoError(b, err)
	require.NoError(b, connB.Flush())

	var delays []time.Duration
	b.ReportAllocs()
	for b.Loop() {
		start := time.Now()
		if err := a.Notify(ctx, benchNote); err != nil {
			b.Fatal(err)
		}
		<-session.C()
		delays = append(delays, time.Since(start))
	}
	reportLatency(b, delays)
}

// BenchmarkBareRoundTrip does the same by hand with nats.go alone: publish
// the same JSON on one connection, receive it on another's subscription
// and decode it.
func BenchmarkBareRoundTrip(b *testing.B) {
	url := testURL(b)
	connA := connect(b, url, "instance-a")
	connB := connect(b, url, "instance-b")
	subject := prefix(b) + ".bare"
	received := make(chan notify.Notification, 64)
	sub, err := connB.Subscribe(subject, func(m *nats.Msg) {
		var n notify.Notification
		if json.Unmarshal(m.Data, &n) == nil {
			received <- n
		}
	})
	require.NoError(b, err)
	defer sub.Unsubscribe()
	require.NoError(b, connB.Flush())

	var delays []time.Duration
	b.ReportAllocs()
	for b.Loop() {
		start := time.Now()
		data, err := json.Marshal(benchNote)
		if err != nil {
			b.Fatal(err)
		}
		if err := connA.Publish(subject, data); err != nil {
			b.Fatal(err)
		}
		<-received
		delays = append(delays, time.Since(start))
	}
	reportLatency(b, delays)
}
