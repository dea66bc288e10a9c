package feed

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/convrs/profilekit"
	"github.com/convrs/profilekit/internal/kit"
)

// maxOrigins bounds how many Feeds' sequence numbers a Feed remembers; past
// it, it forgets them all (each restart of an instance is a new Feed).
const maxOrigins = 4096

// listen starts the listener goroutine unless it runs, and returns once
// the transport listens. ctx bounds the wait for the first Listen only.
func (f *Feed) listen(ctx context.Context) error {
	f.listenMu.Lock()
	defer f.listenMu.Unlock()
	if f.listening {
		return nil
	}
	f.mu.Lock()
	closed := f.closed
	f.mu.Unlock()
	if closed {
		return errClosed
	}
	lctx, cancel := context.WithCancel(f.ctx)
	stop := context.AfterFunc(ctx, cancel)
	l, err := f.transport.Listen(lctx)
	if !stop() { // ctx ended while listening began
		cancel()
		if err == nil {
			_ = l.Close()
		}
		return ctx.Err()
	}
	if err != nil {
		cancel()
		return err
	}
	f.listening = true
	f.wg.Add(1)
	go f.run(l, cancel)
	return nil
}

// run receives the transport's messages until the Feed closes, listening
// again after a failure and telling every subscription that messages may
// be lost.
func (f *Feed) run(l Listener, cancel context.CancelFunc) {
	defer f.wg.Done()
	for {
		f.receive(l)
		err := l.Err()
		_ = l.Close()
		cancel()
		if f.ctx.Err() != nil {
			return
		}
		for {
			if errors.Is(err, profilekit.ErrClosed) {
				f.fail(fmt.Errorf("feed: transport: %w", err))
				return
			}
			select {
			case <-kit.After(f.clock, f.retryWait):
			case <-f.ctx.Done():
				return
			}
			var lctx context.Context
			lctx, cancel = context.WithCancel(f.ctx)
			if l, err = f.transport.Listen(lctx); err == nil {
				break
			}
			cancel()
		}
		f.reconnects.Add(1)
		f.broadcast(LostDisconnected)
	}
}

// fail ends every subscription with err, the transport's permanent
// failure, and lets a later Subscribe try to listen again.
func (f *Feed) fail(err error) {
	f.listenMu.Lock()
	f.listening = false
	f.listenMu.Unlock()
	f.mu.Lock()
	defer f.mu.Unlock()
	for s := range f.all {
		s.q.End(err)
	}
	for _, set := range f.agents {
		for s := range set {
			s.q.End(err)
		}
	}
}

// receive delivers the messages of one Listener until it ends.
func (f *Feed) receive(l Listener) {
	last := make(map[string]uint64) // origin → last sequence number
	for msg := range l.C() {
		f.received.Add(1)
		var env envelope
		if err := json.Unmarshal(msg, &env); err != nil || env.Origin == "" || env.Seq == 0 ||
			(env.Agent != "" && !kit.ValidID(env.Agent)) {
			f.malformed.Add(1)
			continue
		}
		prev, seen := last[env.Origin]
		if seen && env.Seq <= prev {
			continue // a repeat
		}
		if !seen && len(last) >= maxOrigins {
			clear(last)
		}
		last[env.Origin] = env.Seq
		if seen && env.Seq > prev+1 {
			f.gaps.Add(1)
			f.broadcast(LostGap)
		}
		e, ok := f.decode(env)
		if !ok {
			f.malformed.Add(1)
			continue
		}
		f.deliver(e)
	}
}

// decode turns env's event into its Go type, or a Raw.
func (f *Feed) decode(env envelope) (profilekit.Event, bool) {
	var e profilekit.Event
	if t, ok := f.types[env.Kind]; ok {
		var err error
		if e, err = t.decode(env.Event); err != nil || e.Kind() != env.Kind {
			return nil, false
		}
	} else {
		r := Raw{Type: env.Kind, Data: env.Event}
		if err := json.Unmarshal(env.Event, &r.EventMeta); err != nil {
			return nil, false
		}
		e = r
	}
	return e, e.Meta().AgentID == env.Agent
}

// deliver hands e to the subscriptions to its agent and to every agent.
// It never waits: a subscription whose reader is Buffer events behind
// drops them for a Lost.
func (f *Feed) deliver(e profilekit.Event) {
	agent := e.Meta().AgentID
	f.mu.Lock()
	defer f.mu.Unlock()
	for s := range f.all {
		f.push(s, e)
	}
	if agent != "" {
		for s := range f.agents[agent] {
			f.push(s, e)
		}
	}
}

// broadcast delivers a Lost to every subscription, each about its own
// agent.
func (f *Feed) broadcast(reason LostReason) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for s := range f.all {
		f.push(s, f.lost(s.agent, reason))
	}
	for agent, set := range f.agents {
		for s := range set {
			f.push(s, f.lost(agent, reason))
		}
	}
}

// push queues e for s. The caller holds f.mu.
func (f *Feed) push(s *Subscription, e profilekit.Event) {
	s.q.PushLimit(e, f.buffer, f.lost(s.agent, LostBehind))
}

// lost returns a Lost about agent (every agent when empty), made now.
func (f *Feed) lost(agent string, reason LostReason) Lost {
	return Lost{EventMeta: profilekit.EventMeta{
		AgentID: agent, At: f.clock.Now().UTC().Truncate(time.Microsecond), Instance: f.instance,
	}, Reason: reason}
}
