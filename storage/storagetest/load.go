package storagetest

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/convrs/profilekit/profile"
	"github.com/convrs/profilekit/storage"
)

// Load is a concurrent update workload: Writers goroutines each apply
// Updates updates, either each to an agent of its own or all to one shared
// agent. Writers to a shared agent retry on profile.ErrConflict, reading
// the profile again, as a Service caller would.
type Load struct {
	// Writers is the number of goroutines.
	Writers int
	// Updates is the number of updates each goroutine applies.
	Updates int
	// SameAgent makes every goroutine update one agent.
	SameAgent bool
}

// String names the load, for subtest and benchmark names.
func (l Load) String() string {
	target := "distinct"
	if l.SameAgent {
		target = "same"
	}
	return fmt.Sprintf("%s/writers=%d", target, l.Writers)
}

// Run creates the agents (their IDs start with prefix, which must be new to
// s), applies the load and then checks that no update was lost: each
// agent's version counts every update, and its name holds every update's
// tag. A successful Run has applied Writers×Updates updates.
func (l Load) Run(ctx context.Context, s profile.Store, prefix string) error {
	agents := l.Writers
	if l.SameAgent {
		agents = 1
	}
	// agent names the agent writer w updates; tag names update u of w.
	agent := func(w int) string { return fmt.Sprintf("%s%d", prefix, w%agents) }
	tag := func(w, u int) string { return fmt.Sprintf("<%d.%d>", w, u) }
	for a := range agents {
		p := sampleProfile(agent(a), agent(a))
		p.Name = ""
		if err := s.CreateProfile(ctx, p); err != nil {
			return err
		}
	}
	errs := concurrently(l.Writers, func(w int) error {
		for u := range l.Updates {
			if err := appendWithRetry(ctx, s, agent(w), tag(w, u)); err != nil {
				return err
			}
		}
		return nil
	})
	if err := errors.Join(errs...); err != nil {
		return err
	}
	stored := make([]profile.Profile, agents)
	for a := range agents {
		p, err := s.GetProfile(ctx, agent(a))
		if err != nil {
			return err
		}
		if want := int64(1 + l.Updates*l.Writers/agents); p.Version != want {
			return fmt.Errorf("agent %s is at version %d, want %d: an update was lost", agent(a), p.Version, want)
		}
		stored[a] = p
	}
	for w := range l.Writers {
		for u := range l.Updates {
			if !strings.Contains(stored[w%agents].Name, tag(w, u)) {
				return fmt.Errorf("agent %s lacks update %s", agent(w), tag(w, u))
			}
		}
	}
	return nil
}

// BenchmarkLoad runs l on s once per iteration and reports the throughput
// as updates/s (agent creation and the final check included). Adapters call
// it from their benchmarks, with a store they opened.
func BenchmarkLoad(b *testing.B, s profile.Store, l Load) {
	b.ReportAllocs()
	ctx := context.Background()
	rounds := 0
	for b.Loop() {
		require.NoError(b, l.Run(ctx, s, fmt.Sprintf("load%d-", rounds)))
		rounds++
	}
	b.ReportMetric(float64(rounds*l.Writers*l.Updates)/b.Elapsed().Seconds(), "updates/s")
}

// BenchmarkLoads runs BenchmarkLoad for 8 and 64 writers on distinct
// agents and on one agent, each on a fresh store from open, which it closes.
func BenchmarkLoads(b *testing.B, open func(b *testing.B) storage.Store) {
	for _, l := range []Load{
		{Writers: 8, Updates: 20},
		{Writers: 64, Updates: 5},
		{Writers: 8, Updates: 5, SameAgent: true},
		{Writers: 64, Updates: 1, SameAgent: true},
	} {
		b.Run(l.String(), func(b *testing.B) {
			s := open(b)
			defer s.Close()
			BenchmarkLoad(b, s, l)
		})
	}
}

// runLoad checks that concurrent writers lose no update, with 8 and 64
// writers on distinct agents and on one agent.
func runLoad(t *testing.T, newStore func(t *testing.T) profile.Store) {
	for _, l := range []Load{
		{Writers: 8, Updates: 5},
		{Writers: 64, Updates: 2},
		{Writers: 8, Updates: 5, SameAgent: true},
		{Writers: 64, Updates: 1, SameAgent: true},
	} {
		t.Run(l.String(), func(t *testing.T) {
			s := open(t, newStore)
			require.NoError(t, l.Run(context.Background(), s, "w"))
		})
	}
}
