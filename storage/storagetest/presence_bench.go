package storagetest

import (
	"context"
	"fmt"
	"io"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/convrs/profilekit/internal/kit"

	"github.com/convrs/profilekit"
	"github.com/convrs/profilekit/presence"
	"github.com/convrs/profilekit/storage"
)

// benchAgents is the number of agents the Eligible benchmarks scan.
const benchAgents = 10_000

// benchClients is the number of goroutines of the concurrent benchmarks.
const benchClients = 64

// BenchmarkPresence is BenchmarkPresenceStore over whole storage.Stores.
func BenchmarkPresence(b *testing.B, newStore func(b *testing.B) storage.Store) {
	BenchmarkPresenceStore(b, func(b *testing.B) presence.Store { return newStore(b) })
}

// BenchmarkPresenceStore measures a presence.Tracker over the stores
// newStore returns: Eligible over 10,000 agents, Heartbeat of a live
// session, ToggleBusy, 64 clients doing 90% heartbeats and 10% toggles,
// and Claim from 64 goroutines. Each has a baseline of plain maps that does
// the same work by hand: the Tracker's ID validation (profilekit.CheckID
// on every ID), a lock, and the busy (with its expiry), online and
// capacity checks against a clock read once per call; so a store's ratio
// to it is the cost of its storage. Adapters call it from a benchmark of
// their own; newStore is called once per sub-benchmark, and a store that
// is an io.Closer is closed after it.
func BenchmarkPresenceStore(b *testing.B, newStore func(b *testing.B) presence.Store) {
	ctx := context.Background()
	open := func(b *testing.B) presence.Store {
		s := newStore(b)
		if c, ok := s.(io.Closer); ok {
			b.Cleanup(func() { _ = c.Close() })
		}
		return s
	}

	b.Run("Eligible10k", func(b *testing.B) {
		tr := presence.New(open(b), &presence.Options{TTL: time.Hour})
		candidates := populate(b, tr)
		b.ReportAllocs()
		var n int
		for b.Loop() {
			got, err := tr.Eligible(ctx, candidates)
			if err != nil {
				b.Fatal(err)
			}
			n = len(got)
		}
		b.ReportMetric(float64(n), "eligible")
	})

	b.Run("Eligible10kMapScanBaseline", func(b *testing.B) {
		m, candidates := baselineAgents()
		b.ReportAllocs()
		var n int
		for b.Loop() {
			got, err := m.eligible(candidates)
			if err != nil {
				b.Fatal(err)
			}
			n = len(got)
		}
		b.ReportMetric(float64(n), "eligible")
	})

	b.Run("Heartbeat", func(b *testing.B) {
		tr := presence.New(open(b), nil)
		if _, err := tr.Connect(ctx, "agent", "tab"); err != nil {
			b.Fatal(err)
		}
		b.ReportAllocs()
		for b.Loop() {
			if err := tr.Heartbeat(ctx, "agent", "tab"); err != nil {
				b.Fatal(err)
			}
		}
	})

	b.Run("HeartbeatMapBaseline", func(b *testing.B) {
		m := newBaselineMap()
		b.ReportAllocs()
		for b.Loop() {
			if err := m.heartbeat("agent", "tab"); err != nil {
				b.Fatal(err)
			}
		}
	})

	b.Run("ToggleBusy", func(b *testing.B) {
		tr := presence.New(open(b), nil)
		b.ReportAllocs()
		for b.Loop() {
			if _, err := tr.ToggleBusy(ctx, "agent"); err != nil {
				b.Fatal(err)
			}
		}
	})

	b.Run("ToggleBusyMapBaseline", func(b *testing.B) {
		m := newBaselineMap()
		b.ReportAllocs()
		for b.Loop() {
			if err := m.toggle("agent"); err != nil {
				b.Fatal(err)
			}
		}
	})

	b.Run("Mixed64", func(b *testing.B) {
		tr := presence.New(open(b), nil)
		for i := range benchClients {
			if _, err := tr.Connect(ctx, fmt.Sprintf("agent-%d", i), "tab"); err != nil {
				b.Fatal(err)
			}
		}
		mixed(b, func(agent string, toggle bool) error {
			if toggle {
				_, err := tr.ToggleBusy(ctx, agent)
				return err
			}
			return tr.Heartbeat(ctx, agent, "tab")
		})
	})

	b.Run("Mixed64MapBaseline", func(b *testing.B) {
		m := newBaselineMap()
		mixed(b, func(agent string, toggle bool) error {
			if toggle {
				return m.toggle(agent)
			}
			return m.heartbeat(agent, "tab")
		})
	})

	b.Run("Claim64", func(b *testing.B) {
		tr := presence.New(open(b), &presence.Options{TTL: time.Hour})
		for i := range benchClients {
			if _, err := tr.Connect(ctx, fmt.Sprintf("agent-%d", i), "s"); err != nil {
				b.Fatal(err)
			}
		}
		claims(b, func(agent, chat string) error { return tr.Claim(ctx, agent, chat) })
	})

	b.Run("Claim64MapBaseline", func(b *testing.B) {
		m := newBaselineMap()
		m.ttl = time.Hour // as the Tracker above
		for i := range benchClients {
			if err := m.heartbeat(fmt.Sprintf("agent-%d", i), "s"); err != nil {
				b.Fatal(err)
			}
		}
		claims(b, m.claim)
	})
}

// mixed runs op from 64 goroutines, one agent each: nine heartbeats, then
// a toggle, and again. It reports ops/s.
func mixed(b *testing.B, op func(agent string, toggle bool) error) {
	var next atomic.Int64
	b.SetParallelism(parallelismFor(benchClients))
	b.ReportAllocs()
	start := time.Now()
	b.RunParallel(func(pb *testing.PB) {
		agent := fmt.Sprintf("agent-%d", next.Add(1)%benchClients)
		for i := 0; pb.Next(); i++ {
			if err := op(agent, i%10 == 9); err != nil {
				b.Error(err)
				return
			}
		}
	})
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "ops/s")
}

// claims runs claim from 64 goroutines, each claiming new chats for one of
// 64 agents.
func claims(b *testing.B, claim func(agent, chat string) error) {
	var next atomic.Int64
	b.SetParallelism(parallelismFor(benchClients))
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		g := next.Add(1)
		agent := fmt.Sprintf("agent-%d", g%benchClients)
		for i := 0; pb.Next(); i++ {
			if err := claim(agent, fmt.Sprintf("chat-%d-%d", g, i)); err != nil {
				b.Error(err)
				return
			}
		}
	})
}

// parallelismFor returns the RunParallel parallelism that starts at least
// goroutines goroutines.
func parallelismFor(goroutines int) int {
	procs := runtime.GOMAXPROCS(0)
	return (goroutines + procs - 1) / procs
}

// populate connects benchAgents agents, makes every tenth busy and every
// tenth (offset by five) full, and returns their IDs.
func populate(b *testing.B, tr *presence.Tracker) []string {
	b.Helper()
	ctx := context.Background()
	ids := make([]string, benchAgents)
	for i := range ids {
		ids[i] = fmt.Sprintf("agent-%05d", i)
		if _, err := tr.Connect(ctx, ids[i], "s"); err != nil {
			b.Fatal(err)
		}
		var err error
		switch i % 10 {
		case 0:
			_, err = tr.SetBusy(ctx, ids[i], true)
		case 5:
			if _, err = tr.SetCapacity(ctx, ids[i], 1); err == nil {
				err = tr.Claim(ctx, ids[i], "chat-"+ids[i])
			}
		}
		if err != nil {
			b.Fatal(err)
		}
	}
	return ids
}

// baselineAgent is the plain-map baseline's idea of an agent.
type baselineAgent struct {
	busy             bool
	busyUntil        time.Time
	sessions         map[string]time.Time
	onlineUntil      time.Time
	active, capacity int
	version          int64
	busySince        time.Time
}

// baselineMap is the baselines' store: plain maps under a mutex, doing by
// hand what a Tracker over an in-memory store does.
type baselineMap struct {
	ttl    time.Duration // session lifetime, as the Tracker's Options.TTL
	mu     sync.RWMutex
	agents map[string]*baselineAgent
	chats  map[string]string
}

func newBaselineMap() *baselineMap {
	return &baselineMap{ttl: presence.DefaultTTL, agents: map[string]*baselineAgent{}, chats: map[string]string{}}
}

// now reads the clock as the Tracker does.
func baselineNow() time.Time { return time.Now().UTC().Truncate(time.Microsecond) }

// checkIDs validates ids as the Tracker does.
func checkIDs(ids ...string) error {
	for _, id := range ids {
		if fe := profilekit.CheckID("agent_id", id); fe != nil {
			return kit.Invalid("presence", *fe)
		}
	}
	return nil
}

// agent returns the agent's entry, creating it; m.mu is held.
func (m *baselineMap) agent(id string) *baselineAgent {
	a := m.agents[id]
	if a == nil {
		a = &baselineAgent{sessions: map[string]time.Time{}}
		m.agents[id] = a
	}
	return a
}

// busyAt and onlineAt are the Record rules.
func (a *baselineAgent) busyAt(t time.Time) bool {
	return a.busy && (a.busyUntil.IsZero() || t.Before(a.busyUntil))
}

func (a *baselineAgent) onlineAt(t time.Time) bool { return t.Before(a.onlineUntil) }

// eligible is Tracker.Eligible by hand.
func (m *baselineMap) eligible(candidates []string) ([]string, error) {
	if err := checkIDs(candidates...); err != nil {
		return nil, err
	}
	now := baselineNow()
	m.mu.RLock()
	defer m.mu.RUnlock()
	out := make([]string, 0, len(candidates))
	for _, id := range candidates {
		if a := m.agents[id]; a != nil && a.onlineAt(now) && !a.busyAt(now) && (a.capacity == 0 || a.active < a.capacity) {
			out = append(out, id)
		}
	}
	return out, nil
}

// heartbeat is Tracker.Heartbeat by hand: extend the session, purge
// expired ones, count a revival as a change.
func (m *baselineMap) heartbeat(agent, session string) error {
	if err := checkIDs(agent, session); err != nil {
		return err
	}
	now := baselineNow()
	m.mu.Lock()
	defer m.mu.Unlock()
	a := m.agent(agent)
	old, ok := a.sessions[session]
	alive := ok && old.After(now)
	for id, exp := range a.sessions {
		if !exp.After(now) {
			delete(a.sessions, id)
		}
	}
	exp := now.Add(m.ttl)
	a.sessions[session] = exp
	if exp.After(a.onlineUntil) {
		a.onlineUntil = exp
	}
	if !alive {
		a.version++
	}
	return nil
}

// toggle is Tracker.ToggleBusy by hand.
func (m *baselineMap) toggle(agent string) error {
	if err := checkIDs(agent); err != nil {
		return err
	}
	now := baselineNow()
	m.mu.Lock()
	defer m.mu.Unlock()
	a := m.agent(agent)
	if a.busyAt(now) {
		a.busy, a.busySince, a.busyUntil = false, time.Time{}, time.Time{}
	} else {
		a.busy, a.busySince = true, now
	}
	a.version++
	return nil
}

// claim is Tracker.Claim by hand.
func (m *baselineMap) claim(agent, chat string) error {
	if err := checkIDs(agent, chat); err != nil {
		return err
	}
	now := baselineNow()
	m.mu.Lock()
	defer m.mu.Unlock()
	a := m.agent(agent)
	switch holder, held := m.chats[chat]; {
	case a.busyAt(now):
		return presence.ErrBusy
	case !a.onlineAt(now):
		return presence.ErrOffline
	case held && holder == agent:
		return nil
	case held:
		return presence.ErrChatTaken
	case a.capacity > 0 && a.active >= a.capacity:
		return presence.ErrFull
	}
	m.chats[chat] = agent
	a.active++
	a.version++
	return nil
}

// baselineAgents builds the same population as populate in a baselineMap.
func baselineAgents() (*baselineMap, []string) {
	m := newBaselineMap()
	ids := make([]string, benchAgents)
	for i := range ids {
		ids[i] = fmt.Sprintf("agent-%05d", i)
		a := m.agent(ids[i])
		a.onlineUntil = time.Now().Add(time.Hour)
		switch i % 10 {
		case 0:
			a.busy = true
		case 5:
			a.active, a.capacity = 1, 1
		}
	}
	return m, ids
}
