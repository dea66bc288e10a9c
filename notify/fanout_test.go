package notify_test

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/convrs/profilekit/notify"
	"github.com/convrs/profilekit/notify/notifytest"
)

func TestFanoutOneFailureNeverStopsTheOthers(t *testing.T) {
	var first, last notifytest.Recorder
	boom, bang := errors.New("boom"), errors.New("bang")
	block := make(chan struct{})
	var slow atomic.Int32
	f := notify.NewFanout(
		&first,
		notify.NotifierFunc(func(context.Context, notify.Notification) error { return boom }),
		nil,
		notify.NotifierFunc(func(context.Context, notify.Notification) error { <-block; slow.Add(1); return nil }),
		notify.NotifierFunc(func(context.Context, notify.Notification) error { return bang }),
		&last,
	)
	n := notify.Notification{AgentID: "a1", Kind: notify.NewMessage}
	done := make(chan error)
	go func() { done <- f.Notify(context.Background(), n) }()
	// The slow notifier does not keep the others from delivering.
	_, err := last.Wait(context.Background(), 1)
	require.NoError(t, err)
	_, err = first.Wait(context.Background(), 1)
	require.NoError(t, err)
	close(block)
	err = <-done
	assert.Equal(t, int32(1), slow.Load(), "Notify waited for the slow notifier")
	require.Error(t, err)
	assert.ErrorIs(t, err, boom)
	assert.ErrorIs(t, err, bang)
	assert.Contains(t, err.Error(), "notifier 2 of 5")
	assert.Contains(t, err.Error(), "notifier 4 of 5")
	assert.Equal(t, []notify.DeliveryStats{{Delivered: 1}, {Failed: 1}, {Delivered: 1}, {Failed: 1}, {Delivered: 1}}, f.Stats())

	require.Error(t, f.Notify(context.Background(), n))
	assert.Equal(t, uint64(2), f.Stats()[1].Failed, "failures are counted per notifier")
}

func TestFanoutOfOneAndOfNone(t *testing.T) {
	var r notifytest.Recorder
	require.NoError(t, notify.NewFanout(&r).Notify(context.Background(), notify.Notification{AgentID: "a1"}))
	assert.Len(t, r.Notifications(), 1)
	assert.NoError(t, notify.NewFanout().Notify(context.Background(), notify.Notification{}))
	assert.Empty(t, notify.NewFanout(nil).Stats())
}
