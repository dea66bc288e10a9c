package presence_test

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/convrs/profilekit/presence"
	"github.com/convrs/profilekit/profilekittest"
	"github.com/convrs/profilekit/storage/memory"
)

// A router routes a new chat with Route: Ada is busy, Bob is offline, Cy
// is full, so Dee gets it. Routing the same chat again names the same
// agent; when nobody can take a chat, Route says so with ErrNoAgent.
func ExampleTracker_Route() {
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

	candidates := []string{"ada", "bob", "cy", "dee"}
	agent, err := tracker.Route(ctx, candidates, "chat-2")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("chat-2 goes to", agent)
	again, _ := tracker.Route(ctx, candidates, "chat-2")
	fmt.Println("chat-2 again goes to", again)

	dee, _ := tracker.Get(ctx, "dee")
	fmt.Println("dee holds", dee.Active, "chat")

	_, _ = tracker.SetBusy(ctx, "dee", true)
	if _, err := tracker.Route(ctx, candidates, "chat-3"); errors.Is(err, presence.ErrNoAgent) {
		fmt.Println("chat-3: nobody can take it now")
	}
	// Output:
	// ada: Busy (red badge)
	// chat-2 goes to dee
	// chat-2 again goes to dee
	// dee holds 1 chat
	// chat-3: nobody can take it now
}

// Watch reports each change as it happens, including a Busy that ends by
// itself. The fake clock stands in for half an hour passing.
func ExampleTracker_Watch() {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	clock := profilekittest.NewClock(time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC))
	tracker := presence.New(memory.New(), &presence.Options{Clock: clock, TTL: time.Hour})

	w, err := tracker.Watch(ctx)
	if err != nil {
		fmt.Println(err)
		return
	}
	_, _ = tracker.Connect(ctx, "ada", "laptop")
	_, _ = tracker.SetBusyFor(ctx, "ada", "Lunch", 30*time.Minute)
	for range 2 {
		c := <-w.C()
		fmt.Printf("%s %s %s %q\n", c.At.Format("15:04"), c.Presence.Agent, c.Presence.Status, c.Presence.BusyReason)
	}

	clock.Advance(30 * time.Minute)
	c := <-w.C()
	fmt.Printf("%s %s %s (expired: %v)\n", c.At.Format("15:04"), c.Presence.Agent, c.Presence.Status, c.Expired)
	// Output:
	// 12:00 ada available ""
	// 12:00 ada busy "Lunch"
	// 12:30 ada available (expired: true)
}
