package queue_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/convrs/profilekit/internal/queue"
)

var errClosed = errors.New("closed")

func drain[T any](q *queue.Queue[T]) []T {
	var got []T
	for v := range q.C() {
		got = append(got, v)
	}
	return got
}

func TestQueueDeliversInOrderWhileTheReaderIsSlow(t *testing.T) {
	q := queue.Start[int](context.Background(), queue.Options{Closed: errClosed})
	for i := range 1000 {
		require.True(t, q.Push(i), "a live queue takes every value")
	}
	assert.Nil(t, q.Err(), "nil while live")
	for i := range 1000 {
		assert.Equal(t, i, <-q.C())
	}
	require.NoError(t, q.Close())
	_, open := <-q.C()
	assert.False(t, open, "C is closed when Close returns")
	assert.ErrorIs(t, q.Err(), errClosed)
	assert.False(t, q.Push(1), "an ended queue takes nothing")
	require.NoError(t, q.Close(), "closing twice does nothing")
}

func TestQueueEndsWithItsContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	var ended bool
	q := queue.Start[int](ctx, queue.Options{
		Context: func(err error) error { return fmt.Errorf("test: %w", err) },
		OnEnd:   func() { ended = true },
	})
	q.Push(1)
	cancel()
	drain(q)
	assert.ErrorIs(t, q.Err(), context.Canceled)
	assert.ErrorContains(t, q.Err(), "test: context canceled")
	assert.True(t, ended, "OnEnd ran before C closed")
	<-q.Done()
	assert.Error(t, q.Context().Err(), "the producer's context is done")
}

func TestQueueEnd(t *testing.T) {
	q := queue.Start[int](context.Background(), queue.Options{})
	boom := errors.New("boom")
	q.End(boom)
	q.End(errors.New("later"))
	drain(q)
	assert.Equal(t, boom, q.Err(), "the first End says why")

	q = queue.Start[int](context.Background(), queue.Options{})
	q.End(nil)
	drain(q)
	assert.Error(t, q.Err(), "an ended queue always says why")
}

func TestQueuePushLimit(t *testing.T) {
	q := queue.Start[int](context.Background(), queue.Options{})
	defer q.Close()
	// The goroutine may hold one value it has taken; fill well past it.
	taken := 0
	for i := range 10 {
		if q.PushLimit(i, 3, -1) {
			taken++
		}
	}
	assert.Less(t, taken, 10, "a full queue refuses")
	assert.LessOrEqual(t, q.Len(), 3, "the queue stays within its limit")
	got := []int{}
	for q.Len() > 0 || len(got) == 0 {
		got = append(got, <-q.C())
	}
	assert.Contains(t, got, -1, "the overflow marker replaced what was dropped")
	for i := 1; i < len(got); i++ {
		if got[i] != -1 && got[i-1] != -1 {
			assert.Less(t, got[i-1], got[i], "in order: %v", got)
		}
	}
}

func TestQueueConcurrentProducers(t *testing.T) {
	q := queue.Start[[2]int](context.Background(), queue.Options{})
	const producers, each = 4, 500
	var wg sync.WaitGroup
	for p := range producers {
		wg.Go(func() {
			for i := range each {
				q.Push([2]int{p, i})
			}
		})
	}
	next := make([]int, producers)
	for range producers * each {
		v := <-q.C()
		assert.Equal(t, next[v[0]], v[1], "in order per producer")
		next[v[0]]++
	}
	wg.Wait()
	require.NoError(t, q.Close())
}
