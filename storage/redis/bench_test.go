package redis_test

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"github.com/convrs/profilekit/internal/kit"

	goredis "github.com/redis/go-redis/v9"

	"github.com/convrs/profilekit"
	"github.com/convrs/profilekit/presence"
	"github.com/convrs/profilekit/storage/storagetest"
)

func BenchmarkPresence(b *testing.B) {
	storagetest.BenchmarkPresenceStore(b, func(b *testing.B) presence.Store {
		return openStore(b, newPrefix(b), nil)
	})
}

// The bare baselines below do by hand, with go-redis and no profilekit
// store, the work the adapter's scripts do: validate the IDs as a Tracker
// does, read the clock, and run one script that keeps the same keys (a
// hash per agent, a sorted set of sessions) with the same checks (a
// heartbeat tells a live session from a revived one, a toggle reads the
// busy expiry, eligibility checks online, busy and capacity). They skip
// what only the guarantee or the contract needs: Records in the reply,
// the change feed, versions.

// bareEligible is the baseline's eligibility script.
var bareEligible = goredis.NewScript(`
local now = tonumber(ARGV[2])
local res = {}
for i = 3, #ARGV do
	local h = redis.call('HMGET', ARGV[1] .. ARGV[i], 'b', 'bu', 'ou', 'act', 'cap')
	local ou = tonumber(h[3])
	if ou and now < ou then
		local bu = tonumber(h[2])
		local cap = tonumber(h[5])
		if not (h[1] == '1' and (bu == 0 or now < bu)) and (cap == 0 or tonumber(h[4]) < cap) then
			res[#res + 1] = i - 2
		end
	end
end
return res`)

// bareHeartbeat is the baseline's heartbeat script.
var bareHeartbeat = goredis.NewScript(`
local old = redis.call('ZSCORE', KEYS[1], ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[2])
redis.call('ZADD', KEYS[1], ARGV[3], ARGV[1])
redis.call('PEXPIRE', KEYS[1], ARGV[4])
redis.call('HSET', KEYS[2], 'ou', ARGV[3])
return old and tonumber(old) > tonumber(ARGV[2]) and 1 or 0`)

// bareToggle is the baseline's toggle script.
var bareToggle = goredis.NewScript(`
local h = redis.call('HMGET', KEYS[1], 'b', 'bu')
local now = tonumber(ARGV[1])
local bu = tonumber(h[2]) or 0
if h[1] == '1' and (bu == 0 or now < bu) then
	redis.call('HSET', KEYS[1], 'b', 0, 'bs', 0, 'bu', 0, 'br', '')
	return 0
end
redis.call('HSET', KEYS[1], 'b', 1, 'bs', ARGV[1], 'bu', 0, 'br', '')
return 1`)

// bare is the baselines' go-redis client and prefix.
type bare struct {
	c      *goredis.Client
	prefix string
}

func openBare(b *testing.B) bare {
	o, err := goredis.ParseURL(redisURL(b))
	if err != nil {
		b.Fatal(err)
	}
	o.MaxRetries = -1
	c := goredis.NewClient(o)
	b.Cleanup(func() { _ = c.Close() })
	return bare{c, newPrefix(b)}
}

func bareNow() int64 { return time.Now().UTC().Truncate(time.Microsecond).UnixMicro() }

func bareCheck(ids ...string) error {
	for _, id := range ids {
		if fe := profilekit.CheckID("agent_id", id); fe != nil {
			return kit.Invalid("presence", *fe)
		}
	}
	return nil
}

func (r bare) heartbeat(ctx context.Context, agent, session string) error {
	if err := bareCheck(agent, session); err != nil {
		return err
	}
	now := bareNow()
	exp := now + presence.DefaultTTL.Microseconds()
	return bareHeartbeat.Run(ctx, r.c, []string{r.prefix + "s:" + agent, r.prefix + "a:" + agent},
		session, now, exp, (presence.DefaultTTL + time.Minute).Milliseconds()).Err()
}

func (r bare) toggle(ctx context.Context, agent string) error {
	if err := bareCheck(agent); err != nil {
		return err
	}
	return bareToggle.Run(ctx, r.c, []string{r.prefix + "a:" + agent}, bareNow()).Err()
}

// BenchmarkBareRedis is the baseline of BenchmarkPresence: the same
// sub-benchmarks, done by hand with go-redis.
func BenchmarkBareRedis(b *testing.B) {
	ctx := context.Background()
	b.Run("Eligible10k", func(b *testing.B) {
		r := openBare(b)
		ids := make([]string, 10_000)
		until := bareNow() + time.Hour.Microseconds()
		pipe := r.c.Pipeline()
		for i := range ids {
			ids[i] = fmt.Sprintf("agent-%05d", i)
			busy, act, capacity := 0, 0, 0
			switch i % 10 {
			case 0:
				busy = 1
			case 5:
				act, capacity = 1, 1
			}
			pipe.HSet(ctx, r.prefix+"a:"+ids[i], "b", busy, "bu", 0, "ou", until, "act", act, "cap", capacity)
		}
		if _, err := pipe.Exec(ctx); err != nil {
			b.Fatal(err)
		}
		b.ReportAllocs()
		var n int
		for b.Loop() {
			if err := bareCheck(ids...); err != nil {
				b.Fatal(err)
			}
			args := make([]any, 0, len(ids)+2)
			args = append(args, r.prefix+"a:", bareNow())
			for _, id := range ids {
				args = append(args, id)
			}
			idx, err := bareEligible.Run(ctx, r.c, nil, args...).Int64Slice()
			if err != nil {
				b.Fatal(err)
			}
			out := make([]string, 0, len(idx))
			for _, i := range idx {
				out = append(out, ids[i-1])
			}
			n = len(out)
		}
		b.ReportMetric(float64(n), "eligible")
	})
	b.Run("Heartbeat", func(b *testing.B) {
		r := openBare(b)
		b.ReportAllocs()
		for b.Loop() {
			if err := r.heartbeat(ctx, "agent", "tab"); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("ToggleBusy", func(b *testing.B) {
		r := openBare(b)
		b.ReportAllocs()
		for b.Loop() {
			if err := r.toggle(ctx, "agent"); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("Mixed64", func(b *testing.B) {
		r := openBare(b)
		var next atomic.Int64
		b.SetParallelism(32)
		b.ReportAllocs()
		start := time.Now()
		b.RunParallel(func(pb *testing.PB) {
			agent := fmt.Sprintf("agent-%d", next.Add(1)%64)
			for i := 0; pb.Next(); i++ {
				var err error
				if i%10 == 9 {
					err = r.toggle(ctx, agent)
				} else {
					err = r.heartbeat(ctx, agent, "tab")
				}
				if err != nil {
					b.Error(err)
					return
				}
			}
		})
		b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "ops/s")
	})
}
