package redis

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	goredis "github.com/redis/go-redis/v9"

	"github.com/convrs/profilekit/presence"
	"github.com/convrs/profilekit/presence/presencedriver"
	"github.com/convrs/profilekit/storage/driver"
)

var (
	_ presence.Store      = (*Store)(nil)
	_ presence.ChangeFeed = (*Store)(nil)
	_ presence.ChatLookup = (*Store)(nil)
)

// micros returns t in microseconds since the Unix epoch, 0 for the zero
// time.
func micros(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixMicro()
}

// fromMicros is the inverse of micros, in UTC.
func fromMicros(us int64) time.Time {
	if us == 0 {
		return time.Time{}
	}
	return time.UnixMicro(us).UTC()
}

// run runs sc about op.Agent with the common arguments and then args, and
// returns its reply. When the agent is missing from Redis and a durable
// store is set, it loads the agent from there and runs sc again.
func (s *Store) run(ctx context.Context, op presencedriver.Op, sc *goredis.Script, now time.Time, args ...any) ([]any, error) {
	if err := s.check(ctx); err != nil {
		return nil, fail(ctx, op.String(), err)
	}
	hyd := "0"
	if s.durable != nil {
		hyd = "1"
	}
	all := append([]any{s.prefix, micros(now), s.mode, hyd}, args...)
	for range 2 {
		v, err := sc.Run(ctx, s.client, nil, all...).Slice()
		if err != nil {
			return nil, fail(ctx, op.String(), err)
		}
		if len(v) == 0 || v[0] != "miss" {
			return v, nil
		}
		if err := s.hydrate(ctx, op, now); err != nil {
			return nil, err
		}
	}
	return nil, fail(ctx, op.String(), fmt.Errorf("agent vanished while loaded"))
}

// hydrate copies the agent's Busy and capacity from the durable store to
// Redis, unless another call did so first.
func (s *Store) hydrate(ctx context.Context, op presencedriver.Op, now time.Time) error {
	d, err := s.durable.GetPresence(ctx, op.Agent, now)
	if err != nil {
		return fmt.Errorf("redis: %s: load from durable store: %w", op, err)
	}
	known := "0"
	if d.Version > 0 {
		known = "1"
	}
	err = s.scripts.hydrate.Run(ctx, s.client, nil, s.prefix, micros(now), s.mode, "0", op.Agent,
		boolArg(d.Busy), micros(d.BusySince), micros(d.BusyUntil), d.BusyReason, d.Capacity, known).Err()
	if err != nil {
		return fail(ctx, op.String(), err)
	}
	return nil
}

// record turns a script's reply into the agent's Record, or into the
// contract's sentinel error the script reported.
func record(op presencedriver.Op, v []any) (presence.Record, error) {
	if len(v) < 11 || v[0] != "ok" {
		kind, _ := v[0].(string)
		var err error
		switch kind {
		case "busy":
			err = presence.ErrBusy
		case "offline":
			err = presence.ErrOffline
		case "taken":
			err = presence.ErrChatTaken
		case "full":
			return presence.Record{}, fmt.Errorf("redis: %s (%v of %v): %w", op, v[1], v[2], presence.ErrFull)
		case "notclaimed":
			err = presence.ErrNotClaimed
		default:
			err = fmt.Errorf("unexpected reply %q", kind)
		}
		return presence.Record{}, fmt.Errorf("redis: %s: %w", op, err)
	}
	f := make([]int64, 11)
	for _, i := range []int{1, 2, 3, 5, 6, 7, 8, 10} {
		str, _ := v[i].(string)
		n, err := strconv.ParseInt(str, 10, 64)
		if err != nil {
			return presence.Record{}, fmt.Errorf("redis: %s: field %d: %w", op, i, err)
		}
		f[i] = n
	}
	reason, _ := v[4].(string)
	agent, _ := v[9].(string)
	return presence.Record{
		Agent:       agent,
		Busy:        f[1] == 1,
		BusySince:   fromMicros(f[2]),
		BusyUntil:   fromMicros(f[3]),
		BusyReason:  reason,
		OnlineUntil: fromMicros(f[5]),
		Active:      int(f[6]),
		Capacity:    int(f[7]),
		Version:     f[8],
		AsOf:        time.UnixMicro(f[10]).UTC(),
	}, nil
}

// write runs a script that returns a Record.
func (s *Store) write(ctx context.Context, op presencedriver.Op, sc *goredis.Script, now time.Time, args ...any) (presence.Record, error) {
	v, err := s.run(ctx, op, sc, now, args...)
	if err != nil {
		return presence.Record{}, err
	}
	return record(op, v)
}

// boolArg is a flag as the scripts read it.
func boolArg(b bool) string {
	if b {
		return "1"
	}
	return "0"
}

// GetPresence implements presence.Store.
func (s *Store) GetPresence(ctx context.Context, agent string, now time.Time) (presence.Record, error) {
	op := presencedriver.Op{Name: "get presence", Agent: agent}
	return s.write(ctx, op, s.scripts.get, now, agent)
}

// SetBusy implements presence.Store. With Options.Durable set it copies
// the new Busy there too.
func (s *Store) SetBusy(ctx context.Context, agent string, b presence.BusySetting, now time.Time) (presence.Record, error) {
	return s.busy(ctx, presencedriver.Op{Name: "set busy", Agent: agent}, b, false, now)
}

// ToggleBusy implements presence.Store. With Options.Durable set it copies
// the new Busy there too.
func (s *Store) ToggleBusy(ctx context.Context, agent string, on presence.BusySetting, now time.Time) (presence.Record, error) {
	return s.busy(ctx, presencedriver.Op{Name: "toggle busy", Agent: agent}, on, true, now)
}

// busy sets or toggles Busy, then mirrors it to the durable store.
func (s *Store) busy(ctx context.Context, op presencedriver.Op, b presence.BusySetting, toggle bool, now time.Time) (presence.Record, error) {
	defer s.locks.Lock(op.Agent)()
	r, err := s.write(ctx, op, s.scripts.setBusy, now, op.Agent, boolArg(b.On), b.Reason, micros(b.Until), boolArg(toggle))
	if err != nil || s.durable == nil {
		return r, err
	}
	if _, err := s.durable.SetBusy(ctx, op.Agent, presence.BusySetting{On: r.Busy, Reason: r.BusyReason, Until: r.BusyUntil}, now); err != nil {
		return presence.Record{}, fmt.Errorf("redis: %s: copy to durable store: %w", op, err)
	}
	return r, nil
}

// TouchSession implements presence.Store. A heartbeat of a live session
// with more than half of expires - now to go (presencedriver.HeartbeatSkipDivisor)
// reads and writes nothing more; a nearer one extends the session in the
// same script, updating two keys and publishing nothing.
func (s *Store) TouchSession(ctx context.Context, agent, session string, expires, now time.Time) (presence.Record, error) {
	op := presencedriver.Op{Name: "touch session", Agent: agent, Session: session}
	return s.write(ctx, op, s.scripts.touch, now, agent, session, micros(expires), keyMargin.Milliseconds(),
		presencedriver.HeartbeatSkipDivisor)
}

// RemoveSession implements presence.Store.
func (s *Store) RemoveSession(ctx context.Context, agent, session string, now time.Time) (presence.Record, error) {
	op := presencedriver.Op{Name: "remove session", Agent: agent, Session: session}
	return s.write(ctx, op, s.scripts.remove, now, agent, session)
}

// SetChatCapacity implements presence.Store. With Options.Durable set it
// copies the capacity there too.
func (s *Store) SetChatCapacity(ctx context.Context, agent string, capacity int, now time.Time) (presence.Record, error) {
	op := presencedriver.Op{Name: "set chat capacity", Agent: agent}
	defer s.locks.Lock(agent)()
	r, err := s.write(ctx, op, s.scripts.capacity, now, agent, capacity)
	if err != nil || s.durable == nil {
		return r, err
	}
	if _, err := s.durable.SetChatCapacity(ctx, agent, capacity, now); err != nil {
		return presence.Record{}, fmt.Errorf("redis: %s: copy to durable store: %w", op, err)
	}
	return r, nil
}

// ClaimChat implements presence.Store in one script: the busy, online,
// holder and capacity checks and the claim run with no other command in
// between, from any instance.
func (s *Store) ClaimChat(ctx context.Context, agent, chat string, now time.Time) (presence.Record, error) {
	op := presencedriver.Op{Name: "claim chat", Agent: agent, Chat: chat}
	return s.write(ctx, op, s.scripts.claim, now, agent, chat)
}

// ReleaseChat implements presence.Store.
func (s *Store) ReleaseChat(ctx context.Context, agent, chat string, now time.Time) (presence.Record, error) {
	op := presencedriver.Op{Name: "release chat", Agent: agent, Chat: chat}
	return s.write(ctx, op, s.scripts.release, now, agent, chat)
}

// GetChatHolder implements presence.ChatLookup: one HGET of the chats
// hash. A chat Redis does not know has no holder (chats are not copied to
// Options.Durable).
func (s *Store) GetChatHolder(ctx context.Context, chat string) (string, error) {
	op := "get holder of chat " + driver.QuoteID(chat)
	if err := s.check(ctx); err != nil {
		return "", fail(ctx, op, err)
	}
	agent, err := s.client.HGet(ctx, s.prefix+"chats", chat).Result()
	if errors.Is(err, goredis.Nil) {
		return "", nil
	}
	if err != nil {
		return "", fail(ctx, op, err)
	}
	return agent, nil
}

// ListEligible implements presence.Store in one script, which reads every
// candidate with no write in between. An agent Redis does not know has no
// session and so is never eligible; it is not loaded from Options.Durable.
func (s *Store) ListEligible(ctx context.Context, candidates []string, now time.Time) ([]string, error) {
	if err := s.check(ctx); err != nil {
		return nil, fail(ctx, "list eligible", err)
	}
	args := make([]any, 0, len(candidates)+4)
	args = append(args, s.prefix, micros(now), s.mode, "0")
	for _, c := range candidates {
		args = append(args, c)
	}
	idx, err := s.scripts.eligible.Run(ctx, s.client, nil, args...).Int64Slice()
	if err != nil {
		return nil, fail(ctx, "list eligible", err)
	}
	out := make([]string, 0, len(idx))
	for _, i := range idx {
		if i < 1 || int(i) > len(candidates) {
			return nil, fail(ctx, "list eligible", fmt.Errorf("position %d out of range", i))
		}
		out = append(out, candidates[i-1])
	}
	return out, nil
}
