// Package turn lets the processes that share a SQLite file take turns at
// its write lock.
//
// SQLite's own waiting is unfair across processes: a connection that finds
// the write lock taken sleeps and tries again, while the process holding
// the lock, if it has more writes queued, takes the lock again a few
// microseconds after releasing it. A process whose writers never pause can
// then starve another for as long as it likes.
//
// A Queue is a sidecar file beside the database. A writer that finds the
// write lock taken announces that it waits (Wait: a shared flock on the
// file) until it gets the lock (Done); a writer about to take the lock
// first checks whether another process announced that it waits (Waiting: a
// non-blocking exclusive flock that fails while anyone holds a shared one)
// and, if so, gives way for a moment. The kernel drops the locks of a
// process that dies, so a crash leaves no stale announcement. On systems
// without flock a Queue does nothing, and waiting is as fair as retrying
// with backoff makes it.
package turn
