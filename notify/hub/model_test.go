package hub_test

import (
	"context"
	"math/rand/v2"
	"strconv"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/convrs/profilekit/notify"
	"github.com/convrs/profilekit/notify/hub"
)

// modelSub is the model of one subscription: a queue of at most buffer
// Notifications that drops its oldest when full.
type modelSub struct {
	agent   string
	queue   []string
	dropped uint64
	open    bool
}

// TestModel drives a Hub with random subscribes, closes, notifies and
// reads of a few Notifications at a time (most subscribers read rarely, so
// they are slow and their buffers overflow), and after every step compares
// what each subscription yields, its drop count and the Hub's Stats with a
// model that keeps a bounded queue per subscription. A closed
// subscription still yields what it held, then reports that it is closed.
func TestModel(t *testing.T) {
	for seed := range uint64(40) {
		t.Run(strconv.FormatUint(seed, 10), func(t *testing.T) {
			rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
			buffer := 1 + rng.IntN(6)
			h := hub.New(&hub.Options{Buffer: buffer})
			agents := []string{"a1", "a2", "a3"}
			var subs []*hub.Subscription
			var model []*modelSub
			var notified, delivered, dropped uint64
			for step := range 400 {
				switch op := rng.IntN(10); {
				case op == 0 || len(subs) == 0: // subscribe
					agent := agents[rng.IntN(len(agents))]
					s, err := h.Subscribe(context.Background(), agent)
					require.NoError(t, err)
					subs = append(subs, s)
					model = append(model, &modelSub{agent: agent, open: true})
				case op == 1: // close one
					i := rng.IntN(len(subs))
					subs[i].Close()
					model[i].open = false
				case op <= 6: // notify
					agent := agents[rng.IntN(len(agents))]
					id := strconv.Itoa(step)
					require.NoError(t, h.Notify(context.Background(), notify.Notification{AgentID: agent, ChatID: id}))
					notified++
					for _, m := range model {
						if !m.open || m.agent != agent {
							continue
						}
						delivered++
						if len(m.queue) == buffer {
							m.queue = m.queue[1:]
							m.dropped++
							dropped++
						}
						m.queue = append(m.queue, id)
					}
				default: // one subscriber reads a few
					i := rng.IntN(len(subs))
					k := 1 + rng.IntN(3)
					for range k {
						m := model[i]
						select {
						case n, ok := <-subs[i].C():
							if !ok {
								require.False(t, m.open, "step %d: an open subscription's channel closed", step)
								require.Empty(t, m.queue, "step %d: a closed channel yields what it held first", step)
								continue
							}
							require.NotEmpty(t, m.queue, "step %d: got %s, model has nothing", step, n.ChatID)
							require.Equal(t, m.queue[0], n.ChatID, "step %d", step)
							m.queue = m.queue[1:]
						default:
							require.True(t, m.open && len(m.queue) == 0, "step %d: nothing to read, model has %v", step, m.queue)
						}
					}
				}
				open := 0
				for i, m := range model {
					assert.Equal(t, m.dropped, subs[i].Dropped(), "step %d sub %d", step, i)
					if m.open {
						open++
					}
				}
				require.Equal(t, hub.Stats{Subscriptions: open, Notified: notified, Delivered: delivered, Dropped: dropped}, h.Stats(), "step %d", step)
			}
		})
	}
}

// TestConcurrentSlowAndFastReaders checks the delivery invariants while
// notifiers and readers run at once: each subscription sees its agent's
// Notifications in order, with none duplicated, and what it received plus
// what it dropped is everything sent to it.
func TestConcurrentSlowAndFastReaders(t *testing.T) {
	const perNotifier, notifiers = 500, 4
	h := hub.New(&hub.Options{Buffer: 4})
	type reader struct {
		s    *hub.Subscription
		slow bool
		got  []notify.Notification
	}
	var readers []*reader
	for i := range 12 {
		s, err := h.Subscribe(context.Background(), "a"+strconv.Itoa(i%3))
		require.NoError(t, err)
		readers = append(readers, &reader{s: s, slow: i%2 == 0})
	}
	var rwg sync.WaitGroup
	for _, r := range readers {
		rwg.Go(func() {
			for n := range r.s.C() {
				r.got = append(r.got, n)
				if r.slow {
					for range 2000 { // dawdle
						_ = strconv.Itoa(len(r.got))
					}
				}
			}
		})
	}
	var nwg sync.WaitGroup
	for w := range notifiers {
		nwg.Go(func() {
			for i := range perNotifier {
				agent := "a" + strconv.Itoa(i%3)
				_ = h.Notify(context.Background(), notify.Notification{AgentID: agent, Title: strconv.Itoa(w), ChatID: strconv.Itoa(i)})
			}
		})
	}
	nwg.Wait()
	require.NoError(t, h.Close())
	rwg.Wait()

	sent := map[string]int{}
	for i := range perNotifier {
		sent["a"+strconv.Itoa(i%3)] += notifiers
	}
	for _, r := range readers {
		last := map[string]int{}
		for _, n := range r.got {
			i, _ := strconv.Atoi(n.ChatID)
			prev, seen := last[n.Title]
			assert.True(t, !seen || i > prev, "out of order or duplicated from notifier %s", n.Title)
			last[n.Title] = i
			assert.Equal(t, r.s.AgentID(), n.AgentID)
		}
		assert.Equal(t, sent[r.s.AgentID()], len(r.got)+int(r.s.Dropped()))
	}
	st := h.Stats()
	assert.Equal(t, uint64(perNotifier*notifiers), st.Notified)
}
