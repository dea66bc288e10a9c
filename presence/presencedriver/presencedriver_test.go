package presencedriver_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/convrs/profilekit"
	"github.com/convrs/profilekit/presence"
	"github.com/convrs/profilekit/presence/presencedriver"
)

var now = time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC)

func TestClaimRules(t *testing.T) {
	online := presence.Record{Agent: "a", OnlineUntil: now.Add(time.Second)}
	busy := online
	busy.Busy, busy.BusySince = true, now
	expired := busy
	expired.BusyUntil = now
	offline := presence.Record{Agent: "a"}
	busyOffline := offline
	busyOffline.Busy = true
	full := online
	full.Capacity, full.Active = 2, 2

	for name, c := range map[string]struct {
		r        presence.Record
		claim    error
		eligible bool
		full     bool
	}{
		"online":       {online, nil, true, false},
		"busy":         {busy, presence.ErrBusy, false, false},
		"busy expired": {expired, nil, true, false},
		"offline":      {offline, presence.ErrOffline, false, false},
		"busy offline": {busyOffline, presence.ErrBusy, false, false},
		"full":         {full, nil, false, true},
	} {
		assert.Equal(t, c.claim, presencedriver.ClaimError(c.r, now), name)
		assert.Equal(t, c.eligible, presencedriver.Eligible(c.r, now), name)
		assert.Equal(t, c.full, presencedriver.Full(c.r), name)
	}
}

func TestHub(t *testing.T) {
	var h presencedriver.Hub
	ctx, cancel := context.WithCancel(context.Background())
	sub, err := h.SubscribePresence(ctx)
	require.NoError(t, err)
	for v := range int64(3) {
		h.Publish(presence.Record{Agent: "a", Version: v + 1})
	}
	for v := range int64(3) {
		r := <-sub.C()
		assert.Equal(t, v+1, r.Version, "in order, buffered while unread")
	}
	cancel()
	for range sub.C() {
	}
	assert.ErrorIs(t, sub.Err(), context.Canceled)

	sub, err = h.SubscribePresence(context.Background())
	require.NoError(t, err)
	h.Close()
	for range sub.C() {
	}
	assert.ErrorIs(t, sub.Err(), profilekit.ErrClosed)
	_, err = h.SubscribePresence(context.Background())
	assert.ErrorIs(t, err, profilekit.ErrClosed)
	h.Publish(presence.Record{Agent: "a"}) // delivers nothing, blocks nothing
	h.Close()                              // twice is fine
}

func TestOp(t *testing.T) {
	long := "0123456789abcdefghij"
	for want, op := range map[string]presencedriver.Op{
		`list eligible`:                       {Name: "list eligible"},
		`set busy "ada"`:                      {Name: "set busy", Agent: "ada"},
		`touch session "tab1" of "ada"`:       {Name: "touch session", Agent: "ada", Session: "tab1"},
		`claim chat "c1" for "ada"`:           {Name: "claim chat", Agent: "ada", Chat: "c1"},
		`claim chat "c1" for "0123456789ab"…`: {Name: "claim chat", Agent: long, Chat: "c1"},
	} {
		assert.Equal(t, want, op.String())
	}
}

func TestSubscription(t *testing.T) {
	var h presencedriver.Hub
	sub, err := h.Subscribe(context.Background(), "test: presence feed")
	require.NoError(t, err)
	assert.Equal(t, 1, h.Len())
	assert.True(t, sub.Push(presence.Record{Agent: "a", Version: 1}))
	assert.Equal(t, int64(1), (<-sub.C()).Version)
	boom := errors.New("boom")
	sub.End(boom)
	for range sub.C() {
	}
	assert.Equal(t, boom, sub.Err(), "the adapter's failure")
	assert.Error(t, sub.Context().Err(), "the producer's context ends with it")
	assert.False(t, sub.Push(presence.Record{}), "an ended subscription takes nothing")
	assert.Zero(t, h.Len(), "an ended subscription leaves the hub")

	sub, err = h.Subscribe(context.Background(), "test: presence feed")
	require.NoError(t, err)
	require.NoError(t, sub.Close())
	assert.ErrorIs(t, sub.Err(), profilekit.ErrClosed)
	assert.EqualError(t, sub.Err(), "test: presence feed: subscription closed")

	ctx, cancel := context.WithCancel(context.Background())
	sub, err = h.Subscribe(ctx, "test: presence feed")
	require.NoError(t, err)
	cancel()
	for range sub.C() {
	}
	assert.EqualError(t, sub.Err(), "test: presence feed: context canceled")
	_, err = h.Subscribe(ctx, "test: presence feed")
	assert.ErrorIs(t, err, context.Canceled)

	sub, err = h.Subscribe(context.Background(), "test: presence feed")
	require.NoError(t, err)
	h.Close()
	for range sub.C() {
	}
	assert.EqualError(t, sub.Err(), "test: presence feed: store closed")
	_, err = h.Subscribe(context.Background(), "test: presence feed")
	assert.ErrorIs(t, err, profilekit.ErrClosed)
}
