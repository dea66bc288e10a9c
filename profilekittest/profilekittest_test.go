package profilekittest_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/convrs/profilekit"
	"github.com/convrs/profilekit/profilekittest"
)

func TestClockAdvancesAndFiresDueWaiters(t *testing.T) {
	c := profilekittest.NewClock(profilekittest.Start)
	assert.Equal(t, profilekittest.Start, c.Now())
	now := c.After(0)
	soon, later := c.After(time.Minute), c.After(time.Hour)
	require.Len(t, now, 1)
	assert.Equal(t, profilekittest.Start, <-now, "After(0) fires at once, with the clock's time")
	c.Advance(59 * time.Second)
	assert.Empty(t, soon)
	c.Advance(time.Second)
	require.Len(t, soon, 1)
	assert.Equal(t, profilekittest.Start.Add(time.Minute), <-soon)
	assert.Empty(t, later)
	c.Set(profilekittest.Start.Add(2 * time.Hour))
	require.Len(t, later, 1)
	assert.Equal(t, profilekittest.Start.Add(2*time.Hour), <-later)
	c.Advance(-3 * time.Hour)
	assert.Equal(t, profilekittest.Start.Add(-time.Hour), c.Now())
}

func TestClockIsSafeForConcurrentUse(t *testing.T) {
	c := profilekittest.NewClock(profilekittest.Start)
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 100 {
				c.Advance(time.Millisecond)
				_ = c.Now()
				_ = c.After(time.Millisecond)
			}
		})
	}
	wg.Wait()
	assert.Equal(t, profilekittest.Start.Add(800*time.Millisecond), c.Now())
}

type saved struct{ profilekit.EventMeta }

func (saved) Kind() profilekit.EventKind { return profilekit.EventProfileSaved }

type changed struct{ profilekit.EventMeta }

func (changed) Kind() profilekit.EventKind { return profilekit.EventPasswordChanged }

func TestRecorder(t *testing.T) {
	var r profilekittest.Recorder
	ctx := context.Background()
	r.Observe(ctx, saved{profilekit.EventMeta{AgentID: "a"}})
	r.Observe(ctx, changed{profilekit.EventMeta{AgentID: "b"}})
	r.Observe(ctx, saved{profilekit.EventMeta{AgentID: "c"}})
	assert.Equal(t, []profilekit.EventKind{profilekit.EventProfileSaved, profilekit.EventPasswordChanged, profilekit.EventProfileSaved}, r.Kinds())
	s := profilekittest.EventsOf[saved](&r)
	require.Len(t, s, 2)
	assert.Equal(t, "c", s[1].AgentID)
	events := r.Events()
	events[0] = nil
	assert.NotNil(t, r.Events()[0], "Events returns a copy")
	r.Reset()
	assert.Empty(t, r.Events())
}

func ExampleRecorder() {
	var rec profilekittest.Recorder
	rec.Observe(context.Background(), saved{profilekit.EventMeta{AgentID: "agent-ada"}})
	for _, e := range profilekittest.EventsOf[saved](&rec) {
		fmt.Println(e.Kind(), e.AgentID)
	}
	// Output: profile.saved agent-ada
}
