package presence_test

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/convrs/profilekit/presence"
	"github.com/convrs/profilekit/presence/presencedriver"
	"github.com/convrs/profilekit/presence/presencetest"
	"github.com/convrs/profilekit/profilekittest"
)

// model is the reference the property test checks the Tracker against:
// the rules of the package, written as plainly as possible.
type model struct {
	now      time.Time
	busy     map[string]bool
	since    map[string]time.Time
	until    map[string]time.Time // zero: no expiry
	sessions map[string]map[string]time.Time
	capacity map[string]int
	holder   map[string]string // chat -> agent
	routed   int               // Routes that looked for an eligible agent
}

func newModel() *model {
	return &model{
		now: start, busy: map[string]bool{}, since: map[string]time.Time{}, until: map[string]time.Time{},
		sessions: map[string]map[string]time.Time{}, capacity: map[string]int{}, holder: map[string]string{},
	}
}

func (m *model) isBusy(a string) bool {
	return m.busy[a] && (m.until[a].IsZero() || m.now.Before(m.until[a]))
}

func (m *model) online(a string) bool {
	for _, exp := range m.sessions[a] {
		if m.now.Before(exp) {
			return true
		}
	}
	return false
}

func (m *model) active(a string) int {
	n := 0
	for _, h := range m.holder {
		if h == a {
			n++
		}
	}
	return n
}

func (m *model) status(a string) presence.Status {
	switch {
	case m.isBusy(a):
		return presence.Busy
	case m.online(a):
		return presence.Available
	}
	return presence.Offline
}

// eligible reports whether the model lets a new chat go to a: available
// and below its capacity, if one is set.
func (m *model) eligible(a string) bool {
	return m.status(a) == presence.Available && (m.capacity[a] == 0 || m.active(a) < m.capacity[a])
}

func (m *model) setBusy(a string, on bool, until time.Time) {
	if !on {
		m.busy[a], m.since[a], m.until[a] = false, time.Time{}, time.Time{}
		return
	}
	if !m.isBusy(a) {
		m.since[a] = m.now
	}
	m.busy[a], m.until[a] = true, until
}

func (m *model) touch(a, s string) {
	if m.sessions[a] == nil {
		m.sessions[a] = map[string]time.Time{}
	}
	if exp, ok := m.sessions[a][s]; ok && exp.Sub(m.now) > ttl/presencedriver.HeartbeatSkipDivisor {
		return // far from expiry: the store keeps the session as it is
	}
	m.sessions[a][s] = m.now.Add(ttl)
}

func (m *model) claim(a, chat string) error {
	switch h, held := m.holder[chat]; {
	case m.isBusy(a):
		return presence.ErrBusy
	case !m.online(a):
		return presence.ErrOffline
	case held && h == a:
		return nil
	case held:
		return presence.ErrChatTaken
	case m.capacity[a] > 0 && m.active(a) >= m.capacity[a]:
		return presence.ErrFull
	}
	m.holder[chat] = a
	return nil
}

// route is Tracker.Route's rule: the holder when a candidate holds chat,
// ErrChatTaken when another agent does, otherwise the eligible candidate
// (each once, in order) at the position the count of Routes that got this
// far gives, or ErrNoAgent.
func (m *model) route(candidates []string, chat string) (string, error) {
	if h, held := m.holder[chat]; held {
		if slices.Contains(candidates, h) {
			return h, nil
		}
		return "", presence.ErrChatTaken
	}
	var eligible []string
	for _, c := range candidates {
		if m.eligible(c) && !slices.Contains(eligible, c) {
			eligible = append(eligible, c)
		}
	}
	start := m.routed
	m.routed++
	if len(eligible) == 0 {
		return "", presence.ErrNoAgent
	}
	a := eligible[start%len(eligible)]
	m.holder[chat] = a
	return a, nil
}

func (m *model) release(a, chat string) error {
	if m.holder[chat] != a {
		return presence.ErrNotClaimed
	}
	delete(m.holder, chat)
	return nil
}

var modelAgents = []string{"ada", "bob", "cy"}

// sentinel returns which presence sentinel err wraps, or err itself.
func sentinel(err error) error {
	for _, s := range []error{presence.ErrBusy, presence.ErrOffline, presence.ErrFull, presence.ErrChatTaken,
		presence.ErrNotClaimed, presence.ErrNoAgent} {
		if errors.Is(err, s) {
			return s
		}
	}
	return err
}

// runModel applies the operations encoded in ops (three bytes each) to a
// Tracker and to the model, and checks after each that they agree.
func runModel(t *testing.T, ops []byte) {
	tr, clock, _ := newTracker(t)
	applyOps(t, tr, clock, ops)
}

// applyOps is runModel's loop, on a Tracker and its clock from newTracker.
func applyOps(t *testing.T, tr *presence.Tracker, clock *profilekittest.Clock, ops []byte) {
	ctx := context.Background()
	m := newModel()
	for i := 0; i+2 < len(ops); i += 3 {
		op, a, arg := ops[i]%13, modelAgents[int(ops[i+1])%len(modelAgents)], int(ops[i+2])
		step := fmt.Sprintf("step %d: op %d agent %s arg %d", i/3, op, a, arg)
		var err error
		var want error
		switch op {
		case 0:
			_, err = tr.SetBusy(ctx, a, true)
			m.setBusy(a, true, time.Time{})
		case 1:
			_, err = tr.SetBusy(ctx, a, false)
			m.setBusy(a, false, time.Time{})
		case 2:
			var p presence.Presence
			p, err = tr.ToggleBusy(ctx, a)
			m.setBusy(a, !m.isBusy(a), time.Time{})
			assert.Equal(t, m.status(a), p.Status, step)
		case 3:
			d := time.Duration(arg%4) * 10 * time.Second
			_, err = tr.SetBusyFor(ctx, a, "reason", d)
			var until time.Time
			if d > 0 {
				until = m.now.Add(d)
			}
			m.setBusy(a, true, until)
		case 4, 5:
			s := fmt.Sprintf("s%d", arg%2)
			if op == 4 {
				_, err = tr.Connect(ctx, a, s)
			} else {
				err = tr.Heartbeat(ctx, a, s)
			}
			m.touch(a, s)
		case 6:
			s := fmt.Sprintf("s%d", arg%2)
			_, err = tr.Disconnect(ctx, a, s)
			delete(m.sessions[a], s)
		case 7:
			d := time.Duration(arg%40) * time.Second
			clock.Advance(d)
			m.now = m.now.Add(d)
		case 8:
			_, err = tr.SetCapacity(ctx, a, arg%3)
			m.capacity[a] = arg % 3
		case 9:
			chat := fmt.Sprintf("c%d", arg%4)
			err = tr.Claim(ctx, a, chat)
			want = m.claim(a, chat)
		case 10:
			chat := fmt.Sprintf("c%d", arg%4)
			err = tr.Release(ctx, a, chat)
			want = m.release(a, chat)
		case 11:
			var got []string
			got, err = tr.Eligible(ctx, modelAgents)
			var exp []string
			for _, c := range modelAgents {
				if m.eligible(c) {
					exp = append(exp, c)
				}
			}
			assert.ElementsMatch(t, exp, got, step)
		case 12:
			chat := fmt.Sprintf("c%d", arg/3%4)
			candidates := modelAgents
			switch arg % 3 {
			case 1: // every agent but a
				candidates = slices.DeleteFunc(slices.Clone(modelAgents), func(c string) bool { return c == a })
			case 2: // a twice, first
				candidates = append([]string{a, a}, modelAgents...)
			}
			var got string
			got, err = tr.Route(ctx, candidates, chat)
			var exp string
			exp, want = m.route(candidates, chat)
			assert.Equal(t, exp, got, "%s: routed to", step)
		}
		require.Equal(t, want, sentinel(err), step)
		for _, c := range modelAgents {
			p, err := tr.Get(ctx, c)
			require.NoError(t, err)
			require.Equal(t, m.status(c), p.Status, "%s: status of %s", step, c)
			require.Equal(t, m.online(c), p.Online, "%s: online %s", step, c)
			require.Equal(t, m.active(c), p.Active, "%s: active %s", step, c)
			require.Equal(t, m.capacity[c], p.Capacity, "%s: capacity %s", step, c)
			if m.isBusy(c) {
				require.True(t, m.since[c].Equal(p.BusySince), "%s: since %s", step, c)
				require.True(t, m.until[c].Equal(p.BusyUntil), "%s: until %s", step, c)
			}
			require.Equal(t, m.eligible(c), p.Eligible(), "%s: eligible %s", step, c)
		}
	}
}

func FuzzTracker(f *testing.F) {
	// Seeds: connect then claim up to capacity, busy toggles, expiries.
	f.Add([]byte{4, 0, 0, 8, 0, 1, 9, 0, 0, 9, 0, 1, 10, 0, 0, 9, 0, 1})
	f.Add([]byte{4, 1, 0, 0, 1, 0, 9, 1, 2, 7, 1, 35, 5, 1, 0, 1, 1, 0, 9, 1, 2, 11, 0, 0})
	f.Add([]byte{3, 2, 1, 4, 2, 1, 7, 0, 5, 11, 0, 0, 7, 0, 5, 11, 0, 0, 2, 2, 0})
	f.Fuzz(func(t *testing.T, ops []byte) {
		if len(ops) > 3*300 {
			ops = ops[:3*300]
		}
		runModel(t, ops)
	})
}

// TestTrackerMatchesModel runs long random sequences through the model
// check, with fixed seeds so that a failure reproduces.
func TestTrackerMatchesModel(t *testing.T) {
	for seed := range uint64(20) {
		t.Run(fmt.Sprint(seed), func(t *testing.T) {
			r := rand.New(rand.NewPCG(seed, 42))
			ops := make([]byte, 3*500)
			for i := range ops {
				ops[i] = byte(r.UintN(256))
			}
			runModel(t, ops)
		})
	}
}

// TestWatchAgreesWithModel runs random operations with a Watch open and
// checks what it reported: per agent, versions never go back, instants
// never go back, a change that time made always changes what was shown,
// and the last change reported equals the agent's presence at the end.
func TestWatchAgreesWithModel(t *testing.T) {
	for seed := range uint64(10) {
		t.Run(fmt.Sprint(seed), func(t *testing.T) {
			ctx := context.Background()
			tr, clock, _ := newTracker(t)
			w := watch(t, tr)
			r := rand.New(rand.NewPCG(seed, 7))
			ops := make([]byte, 3*300)
			for i := range ops {
				ops[i] = byte(r.UintN(256))
			}
			applyOps(t, tr, clock, ops)

			// A last write to each agent marks the end of the stream.
			final := map[string]presence.Presence{}
			for _, a := range modelAgents {
				p, err := tr.SetCapacity(ctx, a, 5)
				require.NoError(t, err)
				final[a] = p
			}
			last := map[string]presence.Change{}
			for len(final) > 0 {
				c := presencetest.Next(t, w)
				a := c.Presence.Agent
				if prev, ok := last[a]; ok {
					require.GreaterOrEqual(t, c.Presence.Version, prev.Presence.Version, "%s: version went back", a)
					require.False(t, c.At.Before(prev.At), "%s: time went back", a)
					if c.Expired {
						same := prev.Presence.Status == c.Presence.Status && prev.Presence.Online == c.Presence.Online
						require.False(t, same, "%s: an expiry changed neither status nor online", a)
					}
				}
				last[a] = c
				if want, ok := final[a]; ok && c.Presence.Version == want.Version && !c.Expired {
					assert.Equal(t, want, c.Presence, a)
					delete(final, a)
				}
			}
		})
	}
}
