package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/convrs/profilekit"
	"github.com/convrs/profilekit/presence"
)

// Presence change log tuning.
const (
	// feedPollInterval bounds how long a change made by another process
	// takes to reach a subscription: a subscription reads the log at least
	// this often, and at once after a write through its own Store.
	feedPollInterval = 100 * time.Millisecond
	// feedBatch is the most log rows one read returns.
	feedBatch = 512
	// feedKeep is how many of the newest log rows writers keep. A
	// subscription whose process is stalled for longer than this many
	// changes ends with errFeedBehind rather than skip one.
	feedKeep = 10_000
	// feedPruneEvery is how often, in log rows, a writer prunes the log.
	feedPruneEvery = 1_000
)

// errFeedBehind ends a subscription that missed log rows already pruned.
var errFeedBehind = errors.New("sqlite: presence feed: fell behind the change log")

// logChange appends r, the Record a presence write returns, to the change
// log inside the write's transaction, and prunes the log now and then.
func logChange(ctx context.Context, tx *sql.Tx, r presence.Record) error {
	payload, err := json.Marshal(r)
	if err != nil {
		return err
	}
	var seq int64
	if err := tx.QueryRowContext(ctx, `INSERT INTO presence_changes (record) VALUES (?) RETURNING seq`,
		string(payload)).Scan(&seq); err != nil {
		return err
	}
	if seq%feedPruneEvery == 0 {
		_, err = tx.ExecContext(ctx, `DELETE FROM presence_changes WHERE seq <= ?`, seq-feedKeep)
	}
	return err
}

// SubscribePresence implements presence.ChangeFeed across processes: it
// delivers the Records of every presence write to the database file, made
// through this Store or any other Store on the same file, in this process
// or another. Each changing write appends its Record to a change log table
// in its own transaction; the subscription's goroutine reads the log in
// commit order (so each agent's Records arrive in Version order) at once
// after a write through this Store and at least every 100 milliseconds
// otherwise, and queues what its reader has not taken yet. It ends when
// ctx is done, when the Store is closed (Err then matches
// profilekit.ErrClosed) or when a read of the log fails.
//
// For a Store opened on Memory the log is private, like the database.
func (s *Store) SubscribePresence(ctx context.Context) (presence.Subscription, error) {
	var last int64
	if err := s.reader.QueryRowContext(ctx, `SELECT coalesce(max(seq), 0) FROM presence_changes`).Scan(&last); err != nil {
		return nil, fail(ctx, "subscribe presence", err)
	}
	sub := &feedSubscription{
		out:  make(chan presence.Record),
		wake: make(chan struct{}, 1),
		stop: make(chan struct{}),
	}
	if !s.presenceFeed.add(sub) {
		return nil, fmt.Errorf("sqlite: subscribe presence: %w", profilekit.ErrClosed)
	}
	go func() {
		err := sub.run(ctx, s.reader, last)
		s.presenceFeed.remove(sub)
		sub.mu.Lock()
		sub.err = err
		sub.mu.Unlock()
		close(sub.out)
	}()
	return sub, nil
}

// feedSubscription is one subscriber's queue and the goroutine that fills
// it from the change log and hands it to the reader.
type feedSubscription struct {
	out  chan presence.Record
	wake chan struct{} // signalled after a write through this Store; capacity 1
	stop chan struct{} // closed by Store.Close

	mu  sync.Mutex
	err error
}

// Records implements presence.Subscription.
func (s *feedSubscription) Records() <-chan presence.Record { return s.out }

// Err implements presence.Subscription.
func (s *feedSubscription) Err() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.err
}

// run reads the log after row last until the subscription ends, returning
// why. It reads whenever it is woken or the poll interval passes, even
// while the reader is slow, so that the log is never pruned under it.
func (s *feedSubscription) run(ctx context.Context, db *sql.DB, last int64) error {
	ticker := time.NewTicker(feedPollInterval)
	defer ticker.Stop()
	var queue []presence.Record
	for {
		var send chan<- presence.Record
		var next presence.Record
		if len(queue) > 0 {
			send, next = s.out, queue[0]
		}
		select {
		case send <- next:
			queue[0] = presence.Record{}
			queue = queue[1:]
			continue
		case <-ctx.Done():
			return fmt.Errorf("sqlite: presence feed: %w", ctx.Err())
		case <-s.stop:
			return fmt.Errorf("sqlite: presence feed: %w", profilekit.ErrClosed)
		case <-s.wake:
		case <-ticker.C:
		}
		for {
			n := 0
			var err error
			queue, last, n, err = readLog(ctx, db, last, queue)
			if err != nil {
				return err
			}
			if n < feedBatch {
				break
			}
		}
	}
}

// readLog appends to queue the Records of at most feedBatch log rows after
// row last, and returns the queue, the last row read and how many rows
// were read.
func readLog(ctx context.Context, db *sql.DB, last int64, queue []presence.Record) ([]presence.Record, int64, int, error) {
	rows, err := db.QueryContext(ctx, `SELECT seq, record FROM presence_changes WHERE seq > ? ORDER BY seq LIMIT ?`,
		last, feedBatch)
	if err != nil {
		return queue, last, 0, fail(ctx, "presence feed", err)
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		var seq int64
		var payload []byte
		if err := rows.Scan(&seq, &payload); err != nil {
			return queue, last, n, fail(ctx, "presence feed", err)
		}
		if seq != last+1 {
			return queue, last, n, errFeedBehind
		}
		var r presence.Record
		if err := json.Unmarshal(payload, &r); err != nil {
			return queue, last, n, fmt.Errorf("sqlite: presence feed: bad log row %d: %w", seq, err)
		}
		queue = append(queue, r)
		last = seq
		n++
	}
	if err := rows.Err(); err != nil {
		return queue, last, n, fail(ctx, "presence feed", err)
	}
	return queue, last, n, nil
}

// changeFeed tracks a Store's live subscriptions, to wake them after a
// write and to end them at Close. The zero value is ready.
type changeFeed struct {
	mu     sync.Mutex
	closed bool
	subs   map[*feedSubscription]struct{}
}

// add registers sub, unless the Store is closed.
func (f *changeFeed) add(sub *feedSubscription) bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.closed {
		return false
	}
	if f.subs == nil {
		f.subs = make(map[*feedSubscription]struct{})
	}
	f.subs[sub] = struct{}{}
	return true
}

// remove forgets sub.
func (f *changeFeed) remove(sub *feedSubscription) {
	f.mu.Lock()
	defer f.mu.Unlock()
	delete(f.subs, sub)
}

// wakeAll tells every subscription that the log has grown.
func (f *changeFeed) wakeAll() {
	f.mu.Lock()
	defer f.mu.Unlock()
	for sub := range f.subs {
		select {
		case sub.wake <- struct{}{}:
		default:
		}
	}
}

// Close ends every subscription and refuses new ones.
func (f *changeFeed) Close() {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.closed {
		return
	}
	f.closed = true
	for sub := range f.subs {
		close(sub.stop)
	}
	f.subs = nil
}
