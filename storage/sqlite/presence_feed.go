package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/convrs/profilekit/presence"
	"github.com/convrs/profilekit/presence/presencedriver"
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
// ctx is done, when it is closed or the Store is (Err then matches
// profilekit.ErrClosed) or when a read of the log fails.
//
// For a Store opened on Memory the log is private, like the database.
func (s *Store) SubscribePresence(ctx context.Context) (presence.Subscription, error) {
	var last int64
	if err := s.reader.QueryRowContext(ctx, `SELECT coalesce(max(seq), 0) FROM presence_changes`).Scan(&last); err != nil {
		return nil, fail(ctx, "subscribe presence", err)
	}
	sub, err := s.presenceFeed.hub.Subscribe(ctx, "sqlite: presence feed")
	if err != nil {
		return nil, fmt.Errorf("sqlite: subscribe presence: %w", err)
	}
	go s.presenceFeed.poll(sub, s.reader, last)
	return sub, nil
}

// poll reads the log after row last into sub until sub ends. It reads
// whenever it is woken or the poll interval passes, even while the reader
// is slow (the subscription queues), so that the log is never pruned
// under it.
func (f *changeFeed) poll(sub *presencedriver.Subscription, db reader, last int64) {
	ctx := sub.Context()
	ticker := time.NewTicker(feedPollInterval)
	defer ticker.Stop()
	for {
		for {
			var batch []presence.Record
			var err error
			batch, last, err = readLog(ctx, db, last, nil)
			if err != nil {
				sub.End(err)
				return
			}
			for _, r := range batch {
				sub.Push(r)
			}
			if len(batch) < feedBatch {
				break
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-f.woken():
		case <-ticker.C:
		}
	}
}

// readLog appends to queue the Records of at most feedBatch log rows after
// row last, and returns the queue and the last row read.
func readLog(ctx context.Context, db reader, last int64, queue []presence.Record) ([]presence.Record, int64, error) {
	rows, err := db.QueryContext(ctx, `SELECT seq, record FROM presence_changes WHERE seq > ? ORDER BY seq LIMIT ?`,
		last, feedBatch)
	if err != nil {
		return queue, last, fail(ctx, "presence feed", err)
	}
	defer rows.Close()
	for rows.Next() {
		var seq int64
		var payload []byte
		if err := rows.Scan(&seq, &payload); err != nil {
			return queue, last, fail(ctx, "presence feed", err)
		}
		if seq != last+1 {
			return queue, last, errFeedBehind
		}
		var r presence.Record
		if err := json.Unmarshal(payload, &r); err != nil {
			return queue, last, fmt.Errorf("sqlite: presence feed: bad log row %d: %w", seq, err)
		}
		queue = append(queue, r)
		last = seq
	}
	if err := rows.Err(); err != nil {
		return queue, last, fail(ctx, "presence feed", err)
	}
	return queue, last, nil
}

// changeFeed is a Store's live subscriptions, to end them at Close, and
// the signal that wakes them after a write. The zero value is ready.
type changeFeed struct {
	hub presencedriver.Hub

	mu   sync.Mutex
	wake chan struct{} // closed and replaced by wakeAll; nil until waited on
}

// woken returns a channel closed at the next wakeAll.
func (f *changeFeed) woken() <-chan struct{} {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.wake == nil {
		f.wake = make(chan struct{})
	}
	return f.wake
}

// wakeAll tells every subscription that the log has grown.
func (f *changeFeed) wakeAll() {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.wake != nil {
		close(f.wake)
		f.wake = nil
	}
}

// Close ends every subscription and refuses new ones.
func (f *changeFeed) Close() { f.hub.Close() }
