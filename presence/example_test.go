package presence_test

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/convrs/profilekit/presence"
	"github.com/convrs/profilekit/presence/presencetest"
	"github.com/convrs/profilekit/storage/memory"
)

// assign is a chat router's core: ask who is eligible, then claim the chat
// for the first candidate whose claim succeeds. A claim can still fail when
// the agent turned busy, went offline or filled up after Eligible answered;
// the router then tries the next one. It returns "" when nobody can take
// the chat.
func assign(ctx context.Context, tr *presence.Tracker, candidates []string, chat string) (string, error) {
	eligible, err := tr.Eligible(ctx, candidates)
	if err != nil {
		return "", err
	}
	for _, agent := range eligible {
		err := tr.Claim(ctx, agent, chat)
		switch {
		case err == nil:
			return agent, nil
		case errors.Is(err, presence.ErrBusy), errors.Is(err, presence.ErrOffline), errors.Is(err, presence.ErrFull):
			continue // lost a race with the agent; try the next
		default:
			return "", err
		}
	}
	return "", nil
}

// A router picks an eligible agent for a new chat: Ada is busy, Bob is
// offline, Cy is full, so Dee gets it.
func Example_router() {
	ctx := context.Background()
	tracker := presence.New(memory.New(), nil)

	for _, agent := range []string{"ada", "cy", "dee"} {
		if _, err := tracker.Connect(ctx, agent, agent+"-browser"); err != nil {
			fmt.Println(err)
			return
		}
	}
	busy, _ := tracker.SetBusy(ctx, "ada", true)
	fmt.Printf("ada: %s (%s badge)\n", busy.Badge.Label, busy.Badge.Colour)

	_, _ = tracker.SetCapacity(ctx, "cy", 1)
	_ = tracker.Claim(ctx, "cy", "chat-1")

	agent, err := assign(ctx, tracker, []string{"ada", "bob", "cy", "dee"}, "chat-2")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("chat-2 goes to", agent)

	dee, _ := tracker.Get(ctx, "dee")
	fmt.Println("dee holds", dee.Active, "chat")
	// Output:
	// ada: Busy (red badge)
	// chat-2 goes to dee
	// dee holds 1 chat
}

// Watch reports each change as it happens, including a Busy that ends by
// itself. The fake clock stands in for half an hour passing.
func ExampleTracker_Watch() {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	clock := presencetest.NewClock(time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC))
	tracker := presence.New(memory.New(), &presence.Options{Clock: clock, TTL: time.Hour})

	w, err := tracker.Watch(ctx)
	if err != nil {
		fmt.Println(err)
		return
	}
	_, _ = tracker.Connect(ctx, "ada", "laptop")
	_, _ = tracker.SetBusyFor(ctx, "ada", "Lunch", 30*time.Minute)
	for range 2 {
		c := <-w.Changes()
		fmt.Printf("%s %s %s %q\n", c.At.Format("15:04"), c.Presence.Agent, c.Presence.Status, c.Presence.BusyReason)
	}

	clock.Advance(30 * time.Minute)
	c := <-w.Changes()
	fmt.Printf("%s %s %s (expired: %v)\n", c.At.Format("15:04"), c.Presence.Agent, c.Presence.Status, c.Expired)
	// Output:
	// 12:00 ada available ""
	// 12:00 ada busy "Lunch"
	// 12:30 ada available (expired: true)
}
