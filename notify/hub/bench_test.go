package hub_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/convrs/profilekit/notify"
	"github.com/convrs/profilekit/notify/hub"
)

const fanout = 1000

// BenchmarkFanout1000 measures one Notify to an agent with 1,000
// subscriptions whose readers never read, so every delivery drops the
// oldest Notification of a full buffer: the hub's worst steady state.
func BenchmarkFanout1000(b *testing.B) {
	h := hub.New(&hub.Options{Buffer: 16})
	for range fanout {
		_, err := h.Subscribe(context.Background(), "a1")
		require.NoError(b, err)
	}
	n := notify.Notification{AgentID: "a1", Kind: notify.NewMessage, ChatID: "c1", Title: "Ada", Body: "hello"}
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if err := h.Notify(ctx, n); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkFanout1000Baseline does BenchmarkFanout1000's work by hand: a
// non-blocking send to each of 1,000 full buffered channels, each under a
// mutex of its own, dropping the oldest value to make room.
func BenchmarkFanout1000Baseline(b *testing.B) {
	type sub struct {
		mu chan struct{}
		ch chan notify.Notification
	}
	subs := make([]sub, fanout)
	for i := range subs {
		subs[i] = sub{mu: make(chan struct{}, 1), ch: make(chan notify.Notification, 16)}
	}
	n := notify.Notification{AgentID: "a1", Kind: notify.NewMessage, ChatID: "c1", Title: "Ada", Body: "hello"}
	b.ReportAllocs()
	for b.Loop() {
		for _, s := range subs {
			s.mu <- struct{}{}
			select {
			case s.ch <- n:
			default:
				<-s.ch
				s.ch <- n
			}
			<-s.mu
		}
	}
}
