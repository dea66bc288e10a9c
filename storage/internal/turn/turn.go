package turn

import (
	"os"
)

// Queue is the turn-taking file of one database, opened by one Store. Its
// methods must not be called concurrently: a Store calls them from the
// goroutine that holds its single writer connection. A nil *Queue does
// nothing, which is what an in-memory database needs.
type Queue struct {
	f       *os.File
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
	if q == nil || q.waiting {
		return q != nil
	}
	q.waiting = lockShared(q.f)
	return q.waiting
}

// Done withdraws the announcement Wait made, if any.
func (q *Queue) Done() {
	if q == nil || !q.waiting {
		return
	}
	unlock(q.f)
	q.waiting = false
}

// Waiting reports whether another process has announced that it waits.
// The caller must not be announced itself.
func (q *Queue) Waiting() bool {
	if q == nil || q.waiting {
		return false
	}
	if lockExclusive(q.f) {
		unlock(q.f)
		return false
	}
	return true
}

// Close closes the file, withdrawing any announcement.
func (q *Queue) Close() error {
	if q == nil {
		return nil
	}
	return q.f.Close()
}
