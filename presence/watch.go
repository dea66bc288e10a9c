package presence

import (
	"container/heap"
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/convrs/profilekit/internal/kit"
)

// errFeedEnded reports a subscription that ended without saying why.
var errFeedEnded = errors.New("presence: change feed ended")

// errWatchClosed is Watcher.Err after Close.
var errWatchClosed = kit.Closed("presence: watch closed")

// Change is one change of an agent's presence, as Watch delivers it.
type Change struct {
	// Presence is the agent's presence right after the change.
	Presence Presence `json:"presence"`
	// At is when the change happened: the instant of the write, or the
	// instant Busy or the last session expired.
	At time.Time `json:"at"`
	// Expired is true when time made the change (a busy expiry or the last
	// session expiring) rather than a write.
	Expired bool `json:"expired"`
}

// Watcher delivers the changes a Watch observes. Read C until it is
// closed, then Err says why. It has the shape of every subscription in
// profilekit (C, Err, Close) and is safe for concurrent use.
type Watcher struct {
	out    chan Change
	cancel context.CancelFunc
	done   chan struct{}

	mu     sync.Mutex
	err    error
	closed bool
}

// C returns the channel of changes. It is closed when the Watch's context
// is done, the Watcher is closed or the Watch fails.
func (w *Watcher) C() <-chan Change { return w.out }

// Err reports why C was closed: an error wrapping the context's error, one
// matching profilekit.ErrClosed after Close (or the store's Close), or the
// store's failure (storage/redis's lost connection carries the code
// feed.lost). It returns nil while the Watch runs.
func (w *Watcher) Err() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.err
}

// Close stops the Watch and returns once C is closed. Closing twice does
// nothing. It returns nil.
func (w *Watcher) Close() error {
	w.mu.Lock()
	w.closed = true
	w.mu.Unlock()
	w.cancel()
	<-w.done
	return nil
}

// Watch starts delivering every change of every agent's presence that
// happens after it returns, in order per agent, until ctx is done: the
// writes made through any Tracker sharing the store, and the changes time
// makes by itself (Change.Expired): a Busy reaching its expiry and the
// last live session expiring.
//
// The store must implement ChangeFeed, or Watch fails wrapping ErrNoFeed.
// Watch starts one goroutine (the store's SubscribePresence may start
// another for the subscription), which ends when ctx is done, the Watcher
// is closed, the feed fails or a read of the store fails (Err says which);
// the caller must keep reading C until it is closed, or Close the Watcher.
// Changes made while no Watch runs are not replayed: after a failure,
// start a new Watch and read the agents of interest again with Get.
//
// Changes that time makes are noticed on the Tracker's clock at their
// instant: a Watch reads an agent from the store when its last known
// session or Busy expiry is due, about once per TTL per online agent. A
// heartbeat that merely keeps a session alive is not a change. If a Watch
// falls so far behind that a later write to the agent reaches it before
// it has noticed a session expiry, that expiry, already superseded, is not
// reported.
//
// Watch is the cross-instance feed of presence changes (feed.Feed's
// WatchPresence runs one for a page's feed of every event);
// Options.Observer, by contrast, sees only this Tracker's own calls (and
// the expiries its Watches notice, raised once per running Watch). What
// reaches a Watch from other instances depends on the store's ChangeFeed:
// storage/memory delivers the writes of every Tracker on the same Store
// value (one process); storage/sqlite the writes of every process that
// opened the same database file, read from a change log it polls; and
// storage/postgres the writes of every instance on the same database and
// schema, through LISTEN/NOTIFY.
func (t *Tracker) Watch(ctx context.Context) (*Watcher, error) {
	feed, ok := t.store.(ChangeFeed)
	if !ok {
		return nil, fmt.Errorf("presence: watch: %w", ErrNoFeed)
	}
	subCtx, cancel := context.WithCancel(ctx)
	sub, err := feed.SubscribePresence(subCtx)
	if err != nil {
		cancel()
		return nil, fmt.Errorf("presence: watch: %w", err)
	}
	w := &Watcher{out: make(chan Change), cancel: cancel, done: make(chan struct{})}
	l := &watchLoop{t: t, sub: sub, out: w.out, agents: make(map[string]*watched)}
	go func() {
		err := l.run(subCtx)
		cancel()
		_ = sub.Close()
		w.mu.Lock()
		if w.closed {
			err = errWatchClosed
		}
		w.err = err
		w.mu.Unlock()
		close(w.out)
		close(w.done)
	}()
	return w, nil
}

// watched is what a Watch knows about one agent.
type watched struct {
	rec      Record    // the newest Record seen
	last     Presence  // the presence last reported
	checked  time.Time // expiries up to this instant have been reported
	deadline time.Time // when the next expiry is due; zero for none
}

// watchLoop is the state of one Watch's goroutine.
type watchLoop struct {
	t      *Tracker
	sub    Subscription
	out    chan<- Change
	agents map[string]*watched
	due    deadlines
}

func (l *watchLoop) run(ctx context.Context) error {
	for {
		var timer <-chan time.Time
		if len(l.due) > 0 {
			timer = kit.After(l.t.clock, l.due[0].at.Sub(l.t.clock.Now()))
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("presence: watch: %w", ctx.Err())
		case r, ok := <-l.sub.C():
			if !ok {
				err := l.sub.Err()
				if err == nil {
					err = errFeedEnded
				}
				return fmt.Errorf("presence: watch: %w", err)
			}
			if err := l.record(ctx, r); err != nil {
				return err
			}
		case <-timer:
			if err := l.expire(ctx); err != nil {
				return err
			}
		}
	}
}

// record handles a Record from the feed.
func (l *watchLoop) record(ctx context.Context, r Record) error {
	w := l.agents[r.Agent]
	if w == nil {
		w = &watched{}
		l.agents[r.Agent] = w
	} else {
		if r.Version <= w.rec.Version {
			return nil // already seen
		}
		// A Busy expiry the timer has not reported yet happened before
		// this write: report it first. Busy changes always come through
		// the feed, so the old Record is exact about them.
		if w.rec.BusyAt(w.checked) && !w.rec.BusyUntil.IsZero() && !r.AsOf.Before(w.rec.BusyUntil) {
			// Sessions may have been extended unseen: keep the online
			// state last reported.
			p := w.rec.PresenceAt(w.rec.BusyUntil)
			p.Online, p.Status = w.last.Online, Offline
			if p.Online {
				p.Status = Available
			}
			p.Badge = p.Status.Badge()
			if err := l.emit(ctx, w, Change{Presence: p, At: w.rec.BusyUntil, Expired: true}); err != nil {
				return err
			}
		}
	}
	w.rec, w.checked = r, r.AsOf
	if err := l.emit(ctx, w, Change{Presence: r.PresenceAt(r.AsOf), At: r.AsOf}); err != nil {
		return err
	}
	l.schedule(w)
	return nil
}

// expire handles the deadlines that are due: it reads each agent again
// (heartbeats extend sessions without a feed Record) and reports what time
// has changed, expiry by expiry.
func (l *watchLoop) expire(ctx context.Context) error {
	now := l.t.now()
	for len(l.due) > 0 && !l.due[0].at.After(now) {
		d := heap.Pop(&l.due).(deadline)
		w := l.agents[d.agent]
		if w == nil || !w.deadline.Equal(d.at) {
			continue // superseded
		}
		w.deadline = time.Time{}
		r, err := l.t.store.GetPresence(ctx, d.agent, now)
		if err != nil {
			return fmt.Errorf("presence: watch: %w", err)
		}
		if r.Version != w.rec.Version {
			continue // a write is on its way through the feed
		}
		// With the version unchanged, the known Record is exact but for
		// heartbeats, which extend sessions unseen: if a session is alive
		// at now, the agent stayed online until r.OnlineUntil; if none is,
		// the last one expired at the known expiry (or, had heartbeats
		// extended it, somewhat later but before now).
		if r.OnlineAt(now) {
			w.rec.OnlineUntil = r.OnlineUntil
		}
		for at := nextExpiry(w.rec, w.checked); !at.IsZero() && !at.After(now); at = nextExpiry(w.rec, at) {
			if err := l.emit(ctx, w, Change{Presence: w.rec.PresenceAt(at), At: at, Expired: true}); err != nil {
				return err
			}
			w.checked = at
		}
		w.checked = now
		l.schedule(w)
	}
	return nil
}

// emit reports c. A change time made is dropped when it shows what was
// last reported for the agent; a write is always reported.
func (l *watchLoop) emit(ctx context.Context, w *watched, c Change) error {
	if c.Expired && sameState(w.last, c.Presence) {
		return nil
	}
	select {
	case l.out <- c:
	case <-ctx.Done():
		return fmt.Errorf("presence: watch: %w", ctx.Err())
	}
	if c.Expired {
		l.observeExpiry(ctx, w.last, c)
	}
	w.last = c.Presence
	return nil
}

// observeExpiry raises the events of a change time made, from was, the
// presence last reported, to c: StatusChanged when Busy expired and
// SessionEnded when the last session did.
func (l *watchLoop) observeExpiry(ctx context.Context, was Presence, c Change) {
	if l.t.observer == nil {
		return
	}
	agent := c.Presence.Agent
	unlock := l.t.locks.Lock(agent)
	defer unlock()
	m := l.t.meta(agent, c.At)
	if was.Status == Busy && c.Presence.Status != Busy {
		l.t.observer.Observe(ctx, StatusChanged{EventMeta: m, Presence: c.Presence, Expired: true})
	}
	if was.Online && !c.Presence.Online {
		l.t.observer.Observe(ctx, SessionEnded{EventMeta: m, Presence: c.Presence, Expired: true})
	}
}

// schedule queues w's next expiry after w.checked.
func (l *watchLoop) schedule(w *watched) {
	w.deadline = nextExpiry(w.rec, w.checked)
	if !w.deadline.IsZero() {
		heap.Push(&l.due, deadline{at: w.deadline, agent: w.rec.Agent})
	}
}

// nextExpiry returns the first instant after t at which time alone changes
// r's presence: Busy expiring or the last session expiring. It returns the
// zero time when there is none.
func nextExpiry(r Record, t time.Time) time.Time {
	var next time.Time
	if r.BusyAt(t) && !r.BusyUntil.IsZero() {
		next = r.BusyUntil
	}
	if r.OnlineAt(t) && (next.IsZero() || r.OnlineUntil.Before(next)) {
		next = r.OnlineUntil
	}
	return next
}

// deadline is one agent's next expiry.
type deadline struct {
	at    time.Time
	agent string
}

// deadlines is a min-heap of deadlines by instant.
type deadlines []deadline

func (d deadlines) Len() int           { return len(d) }
func (d deadlines) Less(i, j int) bool { return d[i].at.Before(d[j].at) }
func (d deadlines) Swap(i, j int)      { d[i], d[j] = d[j], d[i] }
func (d *deadlines) Push(x any)        { *d = append(*d, x.(deadline)) }
func (d *deadlines) Pop() any {
	old := *d
	x := old[len(old)-1]
	*d = old[:len(old)-1]
	return x
}
