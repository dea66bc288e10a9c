package presence_test

import (
	"context"
	"errors"
	"fmt"

	"github.com/convrs/profilekit/presence"
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
			panic(err)
		}
	}
	busy, _ := tracker.SetBusy(ctx, "ada", true)
	fmt.Printf("ada: %s (%s badge)\n", busy.Badge.Label, busy.Badge.Colour)

	_, _ = tracker.SetCapacity(ctx, "cy", 1)
	_ = tracker.Claim(ctx, "cy", "chat-1")

	agent, err := assign(ctx, tracker, []string{"ada", "bob", "cy", "dee"}, "chat-2")
	if err != nil {
		panic(err)
	}
	fmt.Println("chat-2 goes to", agent)

	dee, _ := tracker.Get(ctx, "dee")
	fmt.Println("dee holds", dee.Active, "chat")
	// Output:
	// ada: Busy (red badge)
	// chat-2 goes to dee
	// dee holds 1 chat
}
