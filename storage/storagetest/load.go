package storagetest

import (
	"context"
	"fmt"
	"strings"
	"sync"
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
// tag. It returns the number of updates applied.
func (l Load) Run(ctx context.Context, s profile.Store, prefix string) (int, error) {
	agents := l.Writers
	if l.SameAgent {
		agents = 1
	}
	for a := range agents {
		id := fmt.Sprintf("%s%d", prefix, a)
		p := sampleProfile(id, id)
		p.Name = ""
		if err := s.CreateProfile(ctx, p); err != nil {
			return 0, err
		}
	}
	var wg sync.WaitGroup
	errs := make(chan error, l.Writers)
	for w := range l.Writers {
		id := fmt.Sprintf("%s%d", prefix, w%agents)
		wg.Go(func() {
			for u := range l.Updates {
				if err := appendWithRetry(ctx, s, id, fmt.Sprintf("<%d.%d>", w, u)); err != nil {
					errs <- err
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	if err := <-errs; err != nil {
		return 0, err
	}
	for w := range l.Writers {
		id := fmt.Sprintf("%s%d", prefix, w%agents)
		p, err := s.GetProfile(ctx, id)
		if err != nil {
			return 0, err
		}
		if want := int64(1 + l.Updates*l.Writers/agents); p.Version != want {
			return 0, fmt.Errorf("agent %s is at version %d, want %d: an update was lost", id, p.Version, want)
		}
		for u := range l.Updates {
			if tag := fmt.Sprintf("<%d.%d>", w, u); !strings.Contains(p.Name, tag) {
				return 0, fmt.Errorf("agent %s lacks update %s", id, tag)
			}
		}
	}
	return l.Writers * l.Updates, nil
}

// BenchmarkLoad runs l on s once per iteration and reports the throughput
// as updates/s (agent creation and the final check included). Adapters call
// it from their benchmarks, with a store they opened.
func BenchmarkLoad(b *testing.B, s profile.Store, l Load) {
	b.ReportAllocs()
	ctx := context.Background()
	updates, round := 0, 0
	for b.Loop() {
		n, err := l.Run(ctx, s, fmt.Sprintf("load%d-", round))
		require.NoError(b, err)
		updates += n
		round++
	}
	b.ReportMetric(float64(updates)/b.Elapsed().Seconds(), "updates/s")
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
func runLoad(t *testing.T, newStore NewStore) {
	for _, l := range []Load{
		{Writers: 8, Updates: 5},
		{Writers: 64, Updates: 2},
		{Writers: 8, Updates: 5, SameAgent: true},
		{Writers: 64, Updates: 1, SameAgent: true},
	} {
		t.Run(l.String(), func(t *testing.T) {
			s := open(t, newStore)
			n, err := l.Run(context.Background(), s, "w")
			require.NoError(t, err)
			require.Equal(t, l.Writers*l.Updates, n)
		})
	}
}
