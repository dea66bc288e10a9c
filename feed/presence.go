package feed

import (
	"context"
	"fmt"
	"time"

	"github.com/convrs/profilekit"
	"github.com/convrs/profilekit/internal/kit"
	"github.com/convrs/profilekit/presence"
)

// WatchPresence makes the Feed report the presence changes that time makes
// (a Busy reaching its expiry, an agent's last session expiring) to its
// own subscribers, as presence.StatusChanged and presence.SessionEnded
// events with Expired set, from a Watch of tracker.
//
// # Presence across instances
//
// A presence write (SetBusy, Connect, Disconnect, …) raises its event once,
// on the instance that made it, and the Feed carries it to every instance
// like any other event. An expiry happens on no instance: every running
// Watch notices it (through the store's presence.ChangeFeed, which sees
// every instance's writes), so carrying expiries across instances would
// deliver each once per instance. The Feed therefore never publishes them
// (Observe drops the expiry events a Tracker raises) and each instance's
// Feed reports them to its own subscribers from its own Watch: each
// subscriber sees each expiry once, in its instance's name. Run
// WatchPresence once per Feed, on every instance, with a Tracker on the
// shared store; without it, subscribers see no expiries.
//
// WatchPresence returns once the Watch runs, or fails as Tracker.Watch
// does (presence.ErrNoFeed when the store has no change feed). Its
// goroutine runs until ctx is done or the Feed closes; when the Watch
// fails, it starts another after Options.RetryWait and delivers a Lost
// (LostPresence) to every subscription, since expiries may have gone
// unreported meanwhile.
func (f *Feed) WatchPresence(ctx context.Context, tracker *presence.Tracker) error {
	f.mu.Lock()
	closed := f.closed
	f.mu.Unlock()
	if closed {
		return fmt.Errorf("feed: watch presence: %w", errClosed)
	}
	wctx, cancel := context.WithCancel(f.ctx)
	stop := context.AfterFunc(ctx, cancel)
	w, err := tracker.Watch(wctx)
	if err != nil {
		stop()
		cancel()
		return fmt.Errorf("feed: watch presence: %w", err)
	}
	f.wg.Add(1)
	go func() {
		defer f.wg.Done()
		defer stop()
		defer cancel()
		for {
			f.expiries(w)
			if wctx.Err() != nil {
				return
			}
			for {
				select {
				case <-kit.After(f.clock, f.retryWait):
				case <-wctx.Done():
					return
				}
				if w, err = tracker.Watch(wctx); err == nil {
					break
				}
			}
			f.broadcast(LostPresence)
		}
	}()
	return nil
}

// expiries delivers the expiries among w's changes until w ends. It keeps
// the presence last seen of each agent that may still expire, to tell a
// Busy expiring from the last session expiring, as the Tracker does.
func (f *Feed) expiries(w *presence.Watcher) {
	last := make(map[string]presence.Presence)
	for c := range w.C() {
		agent := c.Presence.Agent
		was, seen := last[agent]
		if c.Presence.Online || c.Presence.Status == presence.Busy {
			last[agent] = c.Presence
		} else {
			delete(last, agent) // nothing left to expire until a write
		}
		if !c.Expired || !seen {
			continue
		}
		meta := profilekit.EventMeta{AgentID: agent, At: c.At.UTC().Truncate(time.Microsecond), Instance: f.instance}
		if was.Status == presence.Busy && c.Presence.Status != presence.Busy {
			f.deliver(presence.StatusChanged{EventMeta: meta, Presence: c.Presence, Expired: true})
		}
		if was.Online && !c.Presence.Online {
			f.deliver(presence.SessionEnded{EventMeta: meta, Presence: c.Presence, Expired: true})
		}
	}
}
