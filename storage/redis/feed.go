package redis

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sync"

	goredis "github.com/redis/go-redis/v9"

	"github.com/convrs/profilekit"
	"github.com/convrs/profilekit/presence"
	"github.com/convrs/profilekit/presence/presencedriver"
)

// ErrFeedLost ends a subscription whose connection to Redis failed: Redis
// pub/sub delivers at most once, so Records published while the
// connection was down are gone. The subscriber subscribes again and reads
// the agents it cares about (GetPresence, or Tracker.Get) to catch up.
var ErrFeedLost = errors.New("redis: presence feed: connection lost, changes may have been missed")

// SubscribePresence implements presence.ChangeFeed across instances: it
// delivers the Records of every presence write made through any Store on
// the same Redis server and prefix. Each changing write publishes its
// Record on one channel from inside its script, so Records arrive in the
// order Redis ran the writes, each agent's in Version order. The
// subscription queues what its reader has not taken yet.
//
// Redis pub/sub delivers at most once: a message published while the
// subscription's connection is down, or dropped because Redis found the
// connection's output buffer too large (client-output-buffer-limit
// pubsub), is lost. The subscription never skips silently: when its
// connection fails it ends, with Err matching ErrFeedLost, and does not
// reconnect by itself. The subscriber then subscribes again and reads
// the state it shows (GetPresence for each agent, or Tracker.Get) before
// trusting the feed again. It also ends when ctx is done or the Store is
// closed (Err then matches profilekit.ErrClosed).
func (s *Store) SubscribePresence(ctx context.Context) (presence.Subscription, error) {
	if err := s.check(ctx); err != nil {
		return nil, fail(ctx, "subscribe presence", err)
	}
	ps := s.client.Subscribe(ctx, s.prefix+"changes")
	if _, err := ps.Receive(ctx); err != nil { // the subscription's confirmation
		_ = ps.Close()
		return nil, fail(ctx, "subscribe presence", err)
	}
	sub := &subscription{
		ps:   ps,
		out:  make(chan presence.Record),
		wake: make(chan struct{}, 1),
		stop: make(chan struct{}),
	}
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		_ = ps.Close()
		return nil, fmt.Errorf("redis: subscribe presence: %w", profilekit.ErrClosed)
	}
	s.subs[sub] = struct{}{}
	s.mu.Unlock()
	go sub.receive(ctx)
	go func() {
		sub.deliver(ctx)
		s.mu.Lock()
		delete(s.subs, sub)
		s.mu.Unlock()
	}()
	return sub, nil
}

// subscription is one subscriber: a goroutine receiving from Redis into
// an unbounded queue, and one delivering the queue to out.
type subscription struct {
	ps   *goredis.PubSub
	out  chan presence.Record
	wake chan struct{} // signalled when the queue grows; capacity 1
	stop chan struct{} // closed by end

	mu      sync.Mutex
	queue   []presence.Record
	err     error
	stopped bool
}

// Records implements presence.Subscription.
func (s *subscription) Records() <-chan presence.Record { return s.out }

// Err implements presence.Subscription.
func (s *subscription) Err() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.stopped {
		return nil
	}
	return s.err
}

// end stops the subscription with err, unless it has stopped already.
func (s *subscription) end(err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.stopped {
		return
	}
	s.stopped, s.err = true, err
	close(s.stop)
	_ = s.ps.Close()
}

// receive queues each Record published until the connection fails or the
// subscription ends.
func (s *subscription) receive(ctx context.Context) {
	for {
		msg, err := s.ps.ReceiveMessage(ctx)
		if err != nil {
			switch {
			case ctx.Err() != nil:
				s.end(fmt.Errorf("redis: presence feed: %w", ctx.Err()))
			default:
				s.end(fmt.Errorf("%w (%v)", ErrFeedLost, err))
			}
			return
		}
		r, err := decodeRecord(msg.Payload)
		if err != nil {
			s.end(fmt.Errorf("redis: presence feed: %w", err))
			return
		}
		s.mu.Lock()
		s.queue = append(s.queue, r)
		s.mu.Unlock()
		select {
		case s.wake <- struct{}{}:
		default:
		}
	}
}

// deliver hands the queue to out in order until the subscription ends,
// then closes out.
func (s *subscription) deliver(ctx context.Context) {
	defer close(s.out)
	for {
		s.mu.Lock()
		batch := s.queue
		s.queue = nil
		s.mu.Unlock()
		for _, r := range batch {
			select {
			case s.out <- r:
			case <-ctx.Done():
				s.end(fmt.Errorf("redis: presence feed: %w", ctx.Err()))
				return
			case <-s.stop:
				return
			}
		}
		select {
		case <-s.wake:
		case <-ctx.Done():
			s.end(fmt.Errorf("redis: presence feed: %w", ctx.Err()))
			return
		case <-s.stop:
			return
		}
	}
}

// decodeRecord reads a published Record: the reply of the script that
// wrote it, as a JSON array of strings.
func decodeRecord(payload string) (presence.Record, error) {
	var fields []string
	if err := json.Unmarshal([]byte(payload), &fields); err != nil {
		return presence.Record{}, err
	}
	v := make([]any, len(fields))
	for i, f := range fields {
		v[i] = f
	}
	return record(presencedriver.Op{Name: "presence feed"}, v)
}
