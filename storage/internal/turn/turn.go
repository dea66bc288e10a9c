package turn

import (
	"os"
	"sync"
)

// Queue is the turn-taking file of one database, opened by one Store. It is
// safe for concurrent use, but it holds one announcement for the whole
// Store: a Store calls Wait, Done and Waiting from the goroutine that holds
// its single writer connection, and Close from any. A nil *Queue does
// nothing, which is what an in-memory database needs.
type Queue struct {
	mu      sync.Mutex
	f       *os.File // nil once closed
	waiting bool
}

// Open opens, creating it readable by its owner only when missing, the
// turn-taking file at path (the database's path followed by "-turn").
func Open(path string) (*Queue, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, err
	}
	return &Queue{f: f}, nil
}

// Wait announces that this process waits for the write lock. It reports
// whether the announcement is in place: it may fail for a moment while
// another process checks Waiting, and the caller then tries again on its
// next attempt. Calling Wait while announced does nothing more.
func (q *Queue) Wait() bool {
	if q == nil {
		return false
	}
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.f != nil && !q.waiting {
		q.waiting = lockShared(q.f)
	}
	return q.waiting
}

// Done withdraws the announcement Wait made, if any.
func (q *Queue) Done() {
	if q == nil {
		return
	}
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.f != nil && q.waiting {
		unlock(q.f)
	}
	q.waiting = false
}

// Waiting reports whether another process has announced that it waits.
// It reports false while this Queue is announced itself.
func (q *Queue) Waiting() bool {
	if q == nil {
		return false
	}
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.f == nil || q.waiting {
		return false
	}
	if lockExclusive(q.f) {
		unlock(q.f)
		return false
	}
	return true
}

// Close closes the file, withdrawing any announcement. Later calls do
// nothing.
func (q *Queue) Close() error {
	if q == nil {
		return nil
	}
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.f == nil {
		return nil
	}
	err := q.f.Close()
	q.f, q.waiting = nil, false
	return err
}
