package storagetest

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/convrs/profilekit/presence"
)

// runPresenceRandom applies the same random sequence of presence writes,
// with a clock that moves forward, to the adapter s and to ref, and checks
// after every step that both return the same Records, errors and eligible
// agents. ref is a storage/memory Store, whose own behaviour the presence
// package checks against a plain model.
func runPresenceRandom(t *testing.T, s, ref presence.Store, seed uint64, steps int) {
	ctx := context.Background()
	r := rand.New(rand.NewPCG(seed, 99))
	agents := []string{"a1", "a2", "a3"}
	now := base
	for step := range steps {
		agent := agents[r.IntN(len(agents))]
		arg := r.IntN(4)
		var name string
		var call func(presence.Store) (presence.Record, error)
		switch op := r.IntN(10); op {
		case 0:
			name = "SetBusy on"
			until := time.Time{}
			if arg > 0 {
				until = now.Add(time.Duration(arg) * 10 * time.Second)
			}
			call = func(s presence.Store) (presence.Record, error) {
				return s.SetBusy(ctx, agent, presence.BusySetting{On: true, Reason: fmt.Sprint("r", arg), Until: until}, now)
			}
		case 1:
			name = "SetBusy off"
			call = func(s presence.Store) (presence.Record, error) {
				return s.SetBusy(ctx, agent, presence.BusySetting{}, now)
			}
		case 2:
			name = "ToggleBusy"
			call = func(s presence.Store) (presence.Record, error) {
				return s.ToggleBusy(ctx, agent, presence.BusySetting{On: true}, now)
			}
		case 3, 4:
			name = "TouchSession"
			call = func(s presence.Store) (presence.Record, error) {
				return s.TouchSession(ctx, agent, fmt.Sprint("s", arg%2), now.Add(sessionTTL), now)
			}
		case 5:
			name = "RemoveSession"
			call = func(s presence.Store) (presence.Record, error) {
				return s.RemoveSession(ctx, agent, fmt.Sprint("s", arg%2), now)
			}
		case 6:
			name = "SetChatCapacity"
			call = func(s presence.Store) (presence.Record, error) { return s.SetChatCapacity(ctx, agent, arg%3, now) }
		case 7:
			name = "ClaimChat"
			call = func(s presence.Store) (presence.Record, error) {
				return s.ClaimChat(ctx, agent, fmt.Sprint("c", arg), now)
			}
		case 8:
			name = "ReleaseChat"
			call = func(s presence.Store) (presence.Record, error) {
				return s.ReleaseChat(ctx, agent, fmt.Sprint("c", arg), now)
			}
		case 9:
			name = "advance"
			now = now.Add(time.Duration(arg*7+1) * time.Second)
			call = func(s presence.Store) (presence.Record, error) { return s.GetPresence(ctx, agent, now) }
		}
		msg := fmt.Sprintf("step %d: %s %s (arg %d)", step, name, agent, arg)
		want, wantErr := call(ref)
		got, gotErr := call(s)
		require.Equal(t, sentinelOf(wantErr), sentinelOf(gotErr), msg)
		if wantErr == nil {
			assertSameRecord(t, want, got, msg)
		}
		wantList, err := ref.ListEligible(ctx, agents, now)
		require.NoError(t, err)
		gotList, err := s.ListEligible(ctx, agents, now)
		require.NoError(t, err)
		require.Equal(t, wantList, gotList, msg)
		if t.Failed() {
			return
		}
	}
}

// sentinelOf returns the presence sentinel err wraps, err itself for any
// other error, or nil.
func sentinelOf(err error) error {
	for _, s := range []error{presence.ErrBusy, presence.ErrOffline, presence.ErrFull, presence.ErrChatTaken, presence.ErrNotClaimed} {
		if errors.Is(err, s) {
			return s
		}
	}
	return err
}
