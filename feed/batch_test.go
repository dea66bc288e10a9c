package feed_test

import (
	"context"
	"errors"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/convrs/profilekit/feed"
)

// batching is a Local that is a feed.BatchPublisher: it records how many
// messages each call carried, holds the first call until release is
// closed, and fails the batches while fail is set.
type batching struct {
	*feed.Local
	release chan struct{}
	once    sync.Once
	mu      sync.Mutex
	sizes   []int
	fail    bool
}

func (b *batching) wait() { b.once.Do(func() { <-b.release }) }

func (b *batching) record(n int) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.sizes = append(b.sizes, n)
	if b.fail {
		return errors.New("batching: refused")
	}
	return nil
}

func (b *batching) Publish(ctx context.Context, msg []byte) error {
	b.wait()
	if err := b.record(1); err != nil {
		return err
	}
	return b.Local.Publish(ctx, msg)
}

func (b *batching) PublishBatch(ctx context.Context, msgs [][]byte) error {
	b.wait()
	if err := b.record(len(msgs)); err != nil {
		return err
	}
	for _, m := range msgs {
		if err := b.Local.Publish(ctx, m); err != nil {
			return err
		}
	}
	return nil
}

var _ feed.BatchPublisher = (*batching)(nil)

// TestBatchPublisherGetsWhatWaits: on a BatchPublisher, the events that
// wait in the outbox while the transport is busy go out together, at most
// MaxBatch in a call, in order, and all of them are counted published.
func TestBatchPublisherGetsWhatWaits(t *testing.T) {
	tr := &batching{Local: feed.NewLocal(), release: make(chan struct{})}
	a, b := feed.New(tr, nil), feed.New(tr, nil)
	t.Cleanup(func() { _ = a.Close(); _ = b.Close() })
	s := subscribe(t, b, "ada")
	const events = 150
	for v := range int64(events) {
		a.Observe(context.Background(), saved("ada", v+1))
	}
	close(tr.release) // the first call saw one event; the rest waited
	for v := range int64(events) {
		require.Equal(t, saved("ada", v+1), next(t, s), "every event, in order")
	}
	tr.mu.Lock()
	sizes := append([]int(nil), tr.sizes...)
	tr.mu.Unlock()
	total := 0
	for _, n := range sizes {
		total += n
		assert.LessOrEqual(t, n, feed.MaxBatch)
	}
	assert.Equal(t, events, total)
	assert.Less(t, len(sizes), events/10, "batches, not one call per event: %v", sizes)
	assert.EqualValues(t, events, a.Stats().Published)
}

// TestFailedBatchCountsEveryEventDropped: a refused batch counts every one
// of its events dropped, none published.
func TestFailedBatchCountsEveryEventDropped(t *testing.T) {
	tr := &batching{Local: feed.NewLocal(), release: make(chan struct{}), fail: true}
	a := feed.New(tr, nil)
	for v := range int64(20) {
		a.Observe(context.Background(), saved("ada", v+1))
	}
	close(tr.release)
	require.NoError(t, a.Close()) // waits for the outbox
	st := a.Stats()
	assert.EqualValues(t, 20, st.Dropped)
	assert.Zero(t, st.Published)
}
