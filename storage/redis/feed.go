package redis

import (
	"context"
	"encoding/json"
	"fmt"

	goredis "github.com/redis/go-redis/v9"

	"github.com/convrs/profilekit"
	"github.com/convrs/profilekit/presence"
	"github.com/convrs/profilekit/presence/presencedriver"
)

// ErrFeedLost ends a subscription whose connection to Redis failed: Redis
// pub/sub delivers at most once, so Records published while the
// connection was down are gone. The subscriber subscribes again and reads
// the agents it cares about (GetPresence, or Tracker.Get) to catch up. Its
// code, feed.lost, is the one every feed of profilekit reports when it may
// have missed changes.
var ErrFeedLost = profilekit.NewError(profilekit.CodeFeedLost, "redis: presence feed: connection lost, changes may have been missed")

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
// trusting the feed again. It also ends when ctx is done or when it or the
// Store is closed (Err then matches profilekit.ErrClosed).
func (s *Store) SubscribePresence(ctx context.Context) (presence.Subscription, error) {
	if err := s.check(ctx); err != nil {
		return nil, fail(ctx, "subscribe presence", err)
	}
	ps := s.client.Subscribe(ctx, s.prefix+"changes")
	if _, err := ps.Receive(ctx); err != nil { // the subscription's confirmation
		_ = ps.Close()
		return nil, fail(ctx, "subscribe presence", err)
	}
	sub, err := s.feeds.Subscribe(ctx, "redis: presence feed")
	if err != nil {
		_ = ps.Close()
		return nil, fmt.Errorf("redis: subscribe presence: %w", err)
	}
	context.AfterFunc(sub.Context(), func() { _ = ps.Close() })
	go receive(sub, ps)
	return sub, nil
}

// receive queues each Record published until the connection fails or the
// subscription ends.
func receive(sub *presencedriver.Subscription, ps *goredis.PubSub) {
	ctx := sub.Context()
	for {
		msg, err := ps.ReceiveMessage(ctx)
		if err != nil {
			sub.End(fmt.Errorf("%w (%v)", ErrFeedLost, err)) // nothing when sub ended first
			return
		}
		r, err := decodeRecord(msg.Payload)
		if err != nil {
			sub.End(fmt.Errorf("redis: presence feed: %w", err))
			return
		}
		if !sub.Push(r) {
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
