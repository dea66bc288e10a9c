package storagetest

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/convrs/profilekit/presence"
)

// chatLookupOf returns s as a presence.ChatLookup, or skips t.
func chatLookupOf(t *testing.T, s presence.Store) presence.ChatLookup {
	t.Helper()
	l, ok := s.(presence.ChatLookup)
	if !ok {
		t.Skipf("%T does not implement presence.ChatLookup: Tracker.Route finds a chat's holder only while it is eligible", s)
	}
	return l
}

// presenceChatLookup checks that GetChatHolder names the agent holding a
// chat from its claim to its release, and "" for a chat never claimed or
// released, whatever the holder's presence.
func presenceChatLookup(t *testing.T, open openPresence) {
	ctx := context.Background()
	now := base
	s := open(t)
	l := chatLookupOf(t, s)
	holder := func(chat string) string {
		t.Helper()
		agent, err := l.GetChatHolder(ctx, chat)
		require.NoError(t, err)
		return agent
	}
	assert.Empty(t, holder("never-seen"))
	online(t, s, "a1", now)
	online(t, s, "a2", now)
	require.NoError(t, claim(ctx, s, "a1", "c1", now))
	require.NoError(t, claim(ctx, s, "a2", "c2", now))
	assert.Equal(t, "a1", holder("c1"))
	assert.Equal(t, "a2", holder("c2"))
	assert.ErrorIs(t, claim(ctx, s, "a2", "c1", now), presence.ErrChatTaken)
	assert.Equal(t, "a1", holder("c1"), "a refused claim changed the holder")

	_, err := s.SetBusy(ctx, "a1", presence.BusySetting{On: true}, now)
	require.NoError(t, err)
	assert.Equal(t, "a1", holder("c1"), "a busy agent still holds its chats")

	_, err = s.ReleaseChat(ctx, "a1", "c1", now)
	require.NoError(t, err)
	assert.Empty(t, holder("c1"))
	require.NoError(t, claim(ctx, s, "a2", "c1", now))
	assert.Equal(t, "a2", holder("c1"))

	cctx, cancel := context.WithCancel(ctx)
	cancel()
	_, err = l.GetChatHolder(cctx, "c1")
	assert.ErrorIs(t, err, context.Canceled)
}

// presenceRouteRacesToggles checks RaceRoutes through two Trackers on the
// store.
func presenceRouteRacesToggles(t *testing.T, open openPresence) {
	s := open(t)
	opts := &presence.Options{TTL: time.Hour} // outlives a slow race
	a, b := presence.New(s, opts), presence.New(s, opts)
	RaceRoutes(t, a, 20, a, b)
}

// RaceRoutes checks presence.Tracker.Route under racing Busy toggles, as
// chat routers in several service instances meet agents who toggle Busy:
// toggler connects four agents, "route-0" to "route-3" (the store must not
// know them yet), then turns each busy and back rounds times, one
// goroutine per agent, checking that no router finds the agent eligible
// while it is busy, while two goroutines per router route chats to the
// four: chats of their own, and chats every goroutine routes at once. No
// Route may give a chat of its own to an agent whose Busy was confirmed
// before the Route started and still held when it returned; the Routes of
// one shared chat that succeed must all name the same agent; and the
// agents must hold exactly the chats that were routed, each once.
func RaceRoutes(t *testing.T, toggler *presence.Tracker, rounds int, routers ...*presence.Tracker) {
	t.Helper()
	ctx := context.Background()
	agents := []string{"route-0", "route-1", "route-2", "route-3"}
	for _, a := range agents {
		_, err := toggler.Connect(ctx, a, "s")
		require.NoError(t, err)
	}
	// epochs[i] is odd while a confirmed Busy of agents[i] is in force.
	epochs := make([]atomic.Int64, len(agents))
	index := map[string]int{"route-0": 0, "route-1": 1, "route-2": 2, "route-3": 3}

	var routed sync.Map // chat -> agent, for every successful Route
	var violations, disagreements, noAgent, taken, total atomic.Int64
	done := make(chan struct{})
	var wg sync.WaitGroup
	const maxPerGoroutine = 2000 // bounds the race however the toggles go
	for g := range 2 * len(routers) {
		router := routers[g/2]
		wg.Go(func() {
			for i := 0; i < maxPerGoroutine; i++ {
				select {
				case <-done:
					return
				default:
				}
				own := i%2 == 0
				chat := fmt.Sprintf("own-%d-%d", g, i)
				if !own {
					chat = fmt.Sprintf("shared-%d", i/16) // routed again and again, by every goroutine
				}
				var before [4]int64
				for k := range epochs {
					before[k] = epochs[k].Load()
				}
				agent, err := router.Route(ctx, agents, chat)
				total.Add(1)
				switch {
				case errors.Is(err, presence.ErrNoAgent):
					noAgent.Add(1)
					continue
				case !own && errors.Is(err, presence.ErrChatTaken):
					// Over a store without presence.ChatLookup, a
					// shared chat whose holder is not eligible now.
					taken.Add(1)
					continue
				case !assert.NoError(t, err):
					continue
				}
				k, ok := index[agent]
				if !assert.True(t, ok, "routed to %q, not a candidate", agent) {
					continue
				}
				if own && before[k]%2 == 1 && before[k] == epochs[k].Load() {
					violations.Add(1)
				}
				if prev, loaded := routed.LoadOrStore(chat, agent); loaded && prev != agent {
					disagreements.Add(1)
				}
			}
		})
	}
	var togglers sync.WaitGroup
	for k, a := range agents {
		togglers.Go(func() {
			for range rounds {
				_, err := toggler.SetBusy(ctx, a, true)
				assert.NoError(t, err)
				epochs[k].Add(1) // odd: busy confirmed
				for _, r := range routers {
					eligible, err := r.Eligible(ctx, []string{a})
					assert.NoError(t, err)
					assert.Empty(t, eligible, "eligible after SetBusy returned")
				}
				epochs[k].Add(1) // even: about to clear
				_, err = toggler.SetBusy(ctx, a, false)
				assert.NoError(t, err)
			}
		})
	}
	togglers.Wait()
	close(done)
	wg.Wait()

	assert.Zero(t, violations.Load(), "chats were routed to an agent whose Busy was confirmed")
	assert.Zero(t, disagreements.Load(), "one chat was routed to two agents")
	chats := 0
	routed.Range(func(_, _ any) bool { chats++; return true })
	held := 0
	for _, a := range agents {
		p, err := toggler.Get(ctx, a)
		require.NoError(t, err)
		held += p.Active
	}
	assert.Equal(t, chats, held, "the agents hold other chats than were routed")
	t.Logf("%d routes: %d chats routed, %d found no agent, %d found the chat taken, over %d toggles of each agent",
		total.Load(), chats, noAgent.Load(), taken.Load(), rounds)
}
