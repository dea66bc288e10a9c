// Package queue is the one queue behind every subscription of profilekit:
// values pushed by a producer wait in the queue, without bound or up to a
// limit, and a goroutine of the queue's own hands them to the reader on a
// channel, in order, so that a producer never waits for a reader. The
// presence adapters' change feeds (presence/presencedriver) and the
// cross-instance event feed (feed) are built on it.
//
// A Queue has the subscription shape every feed of profilekit shares: C
// (closed when the queue ends), Err (nil while it is live, then why it
// ended) and Close (idempotent).
package queue

import (
	"cmp"
	"context"
	"errors"
	"sync"
)

// errEnded is Err of a queue ended by End(nil) that has no Options.Closed.
var errEnded = errors.New("queue: ended")

// Options configures Start.
type Options struct {
	// Context turns the error of the context given to Start, once it is
	// done, into the queue's Err (to add the owner's prefix); the error
	// itself when nil.
	Context func(error) error
	// Closed is the queue's Err after Close.
	Closed error
	// OnEnd, when set, runs once in the queue's goroutine as the queue
	// ends, before C is closed: the owner forgets the queue there.
	OnEnd func()
}

// Queue holds what a producer pushed until the reader takes it from C. It
// is safe for concurrent use.
type Queue[T any] struct {
	out    chan T
	wake   chan struct{} // signalled when items grows; capacity 1
	ctx    context.Context
	cancel context.CancelFunc
	done   chan struct{} // closed after out
	opts   Options

	mu     sync.Mutex
	items  []T
	ended  bool  // no more pushes; set by end or by the goroutine
	endErr error // the error given to End, if End ended the queue
	err    error // Err, set just before out is closed
}

// Start returns a live Queue and starts its goroutine, which runs until ctx
// is done, End or Close is called.
func Start[T any](ctx context.Context, opts Options) *Queue[T] {
	qctx, cancel := context.WithCancel(ctx)
	q := &Queue[T]{
		out:    make(chan T),
		wake:   make(chan struct{}, 1),
		ctx:    qctx,
		cancel: cancel,
		done:   make(chan struct{}),
		opts:   opts,
	}
	go q.run(ctx)
	return q
}

// C returns the channel the values arrive on, in the order they were
// pushed. It is closed when the queue ends; what was still queued is then
// dropped.
func (q *Queue[T]) C() <-chan T { return q.out }

// Err returns nil while C is open, and then why the queue ended: the
// error given to End, Options.Closed after Close, or the error of the
// context given to Start (through Options.Context).
func (q *Queue[T]) Err() error {
	q.mu.Lock()
	defer q.mu.Unlock()
	return q.err
}

// Context returns a context that is done once the queue has ended, for a
// producer to stop its blocking reads with.
func (q *Queue[T]) Context() context.Context { return q.ctx }

// Done returns a channel closed once the queue has ended and C is closed.
func (q *Queue[T]) Done() <-chan struct{} { return q.done }

// Push adds v at the end of the queue and reports whether it was taken:
// false once the queue has ended.
func (q *Queue[T]) Push(v T) bool {
	q.mu.Lock()
	if q.ended {
		q.mu.Unlock()
		return false
	}
	q.items = append(q.items, v)
	q.mu.Unlock()
	q.signal()
	return true
}

// PushLimit adds v as Push does while fewer than limit values wait. When
// limit values wait already, the reader has fallen behind: they are all
// dropped, together with v, and overflow alone is queued in their place.
// It reports whether v was queued.
func (q *Queue[T]) PushLimit(v T, limit int, overflow T) bool {
	q.mu.Lock()
	if q.ended {
		q.mu.Unlock()
		return false
	}
	ok := len(q.items) < limit
	if ok {
		q.items = append(q.items, v)
	} else {
		clear(q.items)
		q.items = append(q.items[:0], overflow)
	}
	q.mu.Unlock()
	q.signal()
	return ok
}

// Len returns how many values wait for the reader.
func (q *Queue[T]) Len() int {
	q.mu.Lock()
	defer q.mu.Unlock()
	return len(q.items)
}

// End ends the queue with err (Options.Closed when nil), unless it has
// ended or is ending already (its context is done), without waiting for
// its goroutine.
func (q *Queue[T]) End(err error) {
	q.mu.Lock()
	if !q.ended && q.ctx.Err() == nil { // else the queue is ending already
		q.ended, q.endErr = true, err
	}
	q.mu.Unlock()
	q.cancel()
}

// Close ends the queue with Options.Closed, unless it has ended already,
// and returns once C is closed. Closing twice does nothing. It returns
// nil.
func (q *Queue[T]) Close() error {
	q.End(q.opts.Closed)
	<-q.done
	return nil
}

// signal wakes the goroutine.
func (q *Queue[T]) signal() {
	select {
	case q.wake <- struct{}{}:
	default:
	}
}

// run hands the queue to the reader until the queue ends, then records why
// and closes C.
func (q *Queue[T]) run(parent context.Context) {
	q.deliver()
	q.mu.Lock()
	q.ended = true
	err := q.endErr
	if err == nil && parent.Err() != nil {
		err = parent.Err()
		if q.opts.Context != nil {
			err = q.opts.Context(err)
		}
	}
	if err == nil {
		err = cmp.Or(q.opts.Closed, errEnded)
	}
	clear(q.items)
	q.items = nil
	q.mu.Unlock()
	q.cancel()
	if q.opts.OnEnd != nil {
		q.opts.OnEnd()
	}
	q.mu.Lock()
	q.err = err
	q.mu.Unlock()
	close(q.out)
	close(q.done)
}

// deliver sends queued values, one at a time, until the queue's context is
// done.
func (q *Queue[T]) deliver() {
	var zero T
	for {
		q.mu.Lock()
		if len(q.items) == 0 {
			q.mu.Unlock()
			select {
			case <-q.wake:
				continue
			case <-q.ctx.Done():
				return
			}
		}
		v := q.items[0]
		q.items[0] = zero
		q.items = q.items[1:]
		q.mu.Unlock()
		select {
		case q.out <- v:
		case <-q.ctx.Done():
			return
		}
	}
}
