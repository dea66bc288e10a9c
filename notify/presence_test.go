package notify_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/convrs/profilekit/notify"
	"github.com/convrs/profilekit/notify/notifytest"
	"github.com/convrs/profilekit/presence"
	"github.com/convrs/profilekit/storage/memory"
)

// The embedding service wires notify to presence; notify itself never
// imports presence.
func TestWiredToPresenceTracker(t *testing.T) {
	ctx := context.Background()
	store := memory.New()
	defer store.Close()
	tracker := presence.New(store, nil)
	avail := notify.AvailabilityFunc(func(ctx context.Context, agentID string) (bool, error) {
		p, err := tracker.Get(ctx, agentID)
		return p.Status == presence.Busy, err
	})
	var out notifytest.Recorder
	d := notify.New(store, avail, &out, nil)

	chat := notify.Activity{AgentID: "a1", Kind: notify.IncomingChat, ChatID: "c1"}
	msg := notify.Activity{AgentID: "a1", Kind: notify.NewMessage, ChatID: "c0"}
	_, sent, err := d.Dispatch(ctx, chat)
	require.NoError(t, err)
	assert.True(t, sent, "an available agent is offered the chat")

	_, err = tracker.SetBusy(ctx, "a1", true)
	require.NoError(t, err)
	_, sent, err = d.Dispatch(ctx, chat)
	require.NoError(t, err)
	assert.False(t, sent, "a busy agent is not")
	_, sent, err = d.Dispatch(ctx, msg)
	require.NoError(t, err)
	assert.True(t, sent, "messages in held chats still arrive")
}
