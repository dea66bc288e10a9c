package storagetest

import (
	"context"
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/convrs/profilekit/presence"
	"github.com/convrs/profilekit/storage"
)

// benchAgents is the number of agents the Eligible benchmarks scan.
const benchAgents = 10_000

// BenchmarkPresence measures a presence.Tracker over the stores newStore
// returns: Eligible over 10,000 agents, ToggleBusy, and Claim from 64
// goroutines, each beside a baseline of plain maps under a mutex so that a
// store's overhead reads as a ratio. Adapters call it from a benchmark of
// their own; newStore is called once per sub-benchmark.
func BenchmarkPresence(b *testing.B, newStore func(b *testing.B) storage.Store) {
	b.Run("Eligible10k", func(b *testing.B) {
		s := newStore(b)
		defer func() { _ = s.Close() }()
		tr := presence.New(s, &presence.Options{TTL: time.Hour})
		candidates := populate(b, tr)
		b.ReportAllocs()
		var n int
		for b.Loop() {
			got, err := tr.Eligible(context.Background(), candidates)
			if err != nil {
				b.Fatal(err)
			}
			n = len(got)
		}
		b.ReportMetric(float64(n), "eligible")
	})

	b.Run("Eligible10kMapScanBaseline", func(b *testing.B) {
		agents, candidates := baselineAgents()
		b.ReportAllocs()
		var n int
		for b.Loop() {
			now := time.Now()
			out := make([]string, 0, len(candidates))
			for _, id := range candidates {
				a, ok := agents[id]
				if ok && !a.busy && now.Before(a.onlineUntil) && (a.capacity == 0 || a.active < a.capacity) {
					out = append(out, id)
				}
			}
			n = len(out)
		}
		b.ReportMetric(float64(n), "eligible")
	})

	b.Run("ToggleBusy", func(b *testing.B) {
		s := newStore(b)
		defer func() { _ = s.Close() }()
		tr := presence.New(s, nil)
		b.ReportAllocs()
		for b.Loop() {
			if _, err := tr.ToggleBusy(context.Background(), "agent"); err != nil {
				b.Fatal(err)
			}
		}
	})

	b.Run("ToggleBusyMapBaseline", func(b *testing.B) {
		var mu sync.Mutex
		busy := map[string]bool{}
		b.ReportAllocs()
		for b.Loop() {
			mu.Lock()
			busy["agent"] = !busy["agent"]
			mu.Unlock()
		}
	})

	b.Run("Claim64", func(b *testing.B) {
		s := newStore(b)
		defer func() { _ = s.Close() }()
		tr := presence.New(s, &presence.Options{TTL: time.Hour})
		ctx := context.Background()
		for i := range 64 {
			if _, err := tr.Connect(ctx, fmt.Sprintf("agent-%d", i), "s"); err != nil {
				b.Fatal(err)
			}
		}
		var next atomic.Int64
		b.SetParallelism(parallelismFor(64))
		b.ReportAllocs()
		b.RunParallel(func(pb *testing.PB) {
			g := next.Add(1)
			agent := fmt.Sprintf("agent-%d", g%64)
			for i := 0; pb.Next(); i++ {
				if err := tr.Claim(ctx, agent, fmt.Sprintf("chat-%d-%d", g, i)); err != nil {
					b.Error(err)
					return
				}
			}
		})
	})

	b.Run("Claim64MapBaseline", func(b *testing.B) {
		var mu sync.Mutex
		holder := map[string]string{}
		active := map[string]int{}
		var next atomic.Int64
		b.SetParallelism(parallelismFor(64))
		b.ReportAllocs()
		b.RunParallel(func(pb *testing.PB) {
			g := next.Add(1)
			agent := fmt.Sprintf("agent-%d", g%64)
			for i := 0; pb.Next(); i++ {
				chat := fmt.Sprintf("chat-%d-%d", g, i)
				mu.Lock()
				if _, ok := holder[chat]; !ok {
					holder[chat] = agent
					active[agent]++
				}
				mu.Unlock()
			}
		})
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
	onlineUntil      time.Time
	active, capacity int
}

// baselineAgents builds the same population as populate in a plain map.
func baselineAgents() (map[string]baselineAgent, []string) {
	agents := make(map[string]baselineAgent, benchAgents)
	ids := make([]string, benchAgents)
	for i := range ids {
		ids[i] = fmt.Sprintf("agent-%05d", i)
		a := baselineAgent{onlineUntil: time.Now().Add(time.Hour)}
		switch i % 10 {
		case 0:
			a.busy = true
		case 5:
			a.active, a.capacity = 1, 1
		}
		agents[ids[i]] = a
	}
	return agents, ids
}
