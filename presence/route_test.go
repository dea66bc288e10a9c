package presence_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/convrs/profilekit"
	"github.com/convrs/profilekit/presence"
	"github.com/convrs/profilekit/presence/presencemock"
	"github.com/convrs/profilekit/storage/memory"
	"github.com/convrs/profilekit/storage/storagetest"
)

// routeSetup prepares agents on a fresh Tracker: "on" agents connected,
// "busy" connected and busy, "full" connected at capacity 1 holding
// "full-chat", "off" never connected; "held" connected, then holding
// "held-chat", then busy.
func routeSetup(t *testing.T) *presence.Tracker {
	t.Helper()
	ctx := context.Background()
	tr, _, _ := newTracker(t)
	for _, a := range []string{"on1", "on2", "busy", "full", "held"} {
		_, err := tr.Connect(ctx, a, "s")
		require.NoError(t, err)
	}
	_, err := tr.SetBusy(ctx, "busy", true)
	require.NoError(t, err)
	_, err = tr.SetCapacity(ctx, "full", 1)
	require.NoError(t, err)
	require.NoError(t, tr.Claim(ctx, "full", "full-chat"))
	require.NoError(t, tr.Claim(ctx, "held", "held-chat"))
	_, err = tr.SetBusy(ctx, "held", true)
	require.NoError(t, err)
	return tr
}

func TestRoute(t *testing.T) {
	for _, tt := range []struct {
		name       string
		candidates []string
		chat       string
		want       string
		err        error
	}{
		{"the only eligible one", []string{"busy", "off", "full", "on2"}, "c1", "on2", nil},
		{"repeated", []string{"on2", "on2", "busy"}, "c1", "on2", nil},
		{"first of the eligible on a new Tracker", []string{"on1", "on2"}, "c1", "on1", nil},
		{"nobody eligible", []string{"busy", "off", "full", "held"}, "c1", "", presence.ErrNoAgent},
		{"no candidates", []string{}, "c1", "", presence.ErrNoAgent},
		{"nil candidates", nil, "c1", "", presence.ErrNoAgent},
		{"held by a full candidate", []string{"on1", "full"}, "full-chat", "full", nil},
		{"held by a busy candidate", []string{"on1", "held"}, "held-chat", "held", nil},
		{"held by another", []string{"on1", "on2"}, "held-chat", "", presence.ErrChatTaken},
		{"held by another, nobody eligible", []string{"busy"}, "full-chat", "", presence.ErrChatTaken},
	} {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			tr := routeSetup(t)
			before := map[string]int{}
			for _, a := range []string{"on1", "on2", "full", "held"} {
				p, err := tr.Get(ctx, a)
				require.NoError(t, err)
				before[a] = p.Active
			}
			got, err := tr.Route(ctx, tt.candidates, tt.chat)
			if tt.err != nil {
				assert.ErrorIs(t, err, tt.err)
				assert.Empty(t, got)
			} else {
				require.NoError(t, err)
				assert.Equal(t, tt.want, got)
			}
			for a, n := range before {
				p, err := tr.Get(ctx, a)
				require.NoError(t, err)
				if tt.err == nil && a == tt.want && tt.chat == "c1" {
					n++
				}
				assert.Equal(t, n, p.Active, "chats of %s", a)
			}
		})
	}
}

func TestRouteRefusesBadInput(t *testing.T) {
	tr := routeSetup(t)
	for _, tt := range []struct {
		name       string
		candidates []string
		chat       string
		want       map[string]profilekit.Code
	}{
		{"empty chat", []string{"on1"}, "", map[string]profilekit.Code{presence.FieldChatID: profilekit.CodeIDRequired}},
		{"long chat", []string{"on1"}, strings.Repeat("c", profilekit.MaxIDLength+1),
			map[string]profilekit.Code{presence.FieldChatID: profilekit.CodeIDTooLong}},
		{"bad candidate", []string{"on1", "on 2"}, "c1", map[string]profilekit.Code{presence.FieldCandidates: profilekit.CodeIDInvalidChars}},
		{"too many candidates", make([]string, presence.MaxCandidates+1), "c1",
			map[string]profilekit.Code{presence.FieldCandidates: profilekit.CodeCandidatesTooMany}},
		{"both", []string{""}, "c 1", map[string]profilekit.Code{
			presence.FieldChatID: profilekit.CodeIDInvalidChars, presence.FieldCandidates: profilekit.CodeIDRequired}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := tr.Route(context.Background(), tt.candidates, tt.chat)
			var verr *presence.ValidationError
			require.ErrorAs(t, err, &verr)
			got := map[string]profilekit.Code{}
			for _, fe := range verr.Fields {
				got[fe.Field] = fe.Code
			}
			assert.Equal(t, tt.want, got)
		})
	}
}

// Each Route of a Tracker starts one place further along the eligible
// list, so chats spread evenly; an agent that is not eligible is skipped.
func TestRouteTakesTurns(t *testing.T) {
	ctx := context.Background()
	tr, _, _ := newTracker(t)
	agents := []string{"ada", "bob", "cy"}
	for _, a := range agents {
		_, err := tr.Connect(ctx, a, "s")
		require.NoError(t, err)
	}
	var got []string
	for i := range 6 {
		a, err := tr.Route(ctx, agents, fmt.Sprintf("c%d", i))
		require.NoError(t, err)
		got = append(got, a)
	}
	assert.Equal(t, []string{"ada", "bob", "cy", "ada", "bob", "cy"}, got)

	_, err := tr.SetBusy(ctx, "bob", true)
	require.NoError(t, err)
	counts := map[string]int{}
	for i := range 10 {
		a, err := tr.Route(ctx, agents, fmt.Sprintf("d%d", i))
		require.NoError(t, err)
		counts[a]++
	}
	assert.Equal(t, map[string]int{"ada": 5, "cy": 5}, counts)
}

// mockRouter returns a Tracker over a mock store whose ListEligible
// answers each round from rounds (the last one again when they run out)
// and whose ClaimChat fails for the agents in lose with their error.
func mockRouter(rounds [][]string, lose map[string]error) (*presence.Tracker, *presencemock.StoreMock) {
	var mu sync.Mutex
	n := 0
	store := &presencemock.StoreMock{
		ListEligibleFunc: func(ctx context.Context, candidates []string, now time.Time) ([]string, error) {
			mu.Lock()
			defer mu.Unlock()
			r := rounds[min(n, len(rounds)-1)]
			n++
			return r, nil
		},
		ClaimChatFunc: func(ctx context.Context, agent, chat string, now time.Time) (presence.Record, error) {
			if err := lose[agent]; err != nil {
				return presence.Record{}, fmt.Errorf("mock: claim: %w", err)
			}
			return presence.Record{Agent: agent, Active: 1}, nil
		},
	}
	return presence.New(store, nil), store
}

func claimed(store *presencemock.StoreMock) []string {
	var out []string
	for _, c := range store.ClaimChatCalls() {
		out = append(out, c.Agent)
	}
	return out
}

// A claim that loses its race (the agent turned busy, went offline or
// filled up since the read) moves on to the next agent, and when the
// whole list is lost Route reads eligibility again.
func TestRouteRetriesLostRaces(t *testing.T) {
	ctx := context.Background()
	tr, store := mockRouter([][]string{{"ada", "bob", "cy"}, {"dee"}},
		map[string]error{"ada": presence.ErrBusy, "bob": presence.ErrOffline, "cy": presence.ErrFull})
	got, err := tr.Route(ctx, []string{"ada", "bob", "cy", "dee"}, "c1")
	require.NoError(t, err)
	assert.Equal(t, "dee", got)
	assert.Len(t, store.ListEligibleCalls(), 2)
	assert.Equal(t, []string{"ada", "bob", "cy", "dee"}, claimed(store))
}

// When every claim of every round is lost, Route gives up after
// MaxRouteRounds reads with ErrNoAgent.
func TestRouteGivesUpAfterMaxRounds(t *testing.T) {
	tr, store := mockRouter([][]string{{"ada", "bob"}}, map[string]error{"ada": presence.ErrBusy, "bob": presence.ErrFull})
	_, err := tr.Route(context.Background(), []string{"ada", "bob"}, "c1")
	require.ErrorIs(t, err, presence.ErrNoAgent)
	assert.Equal(t, profilekit.CodeChatNoAgent, profilekit.CodeOf(err))
	assert.Len(t, store.ListEligibleCalls(), presence.MaxRouteRounds)
	assert.Len(t, store.ClaimChatCalls(), 2*presence.MaxRouteRounds)
}

// An empty eligibility read ends Route at once.
func TestRouteStopsWhenNobodyIsEligible(t *testing.T) {
	tr, store := mockRouter([][]string{{}}, nil)
	_, err := tr.Route(context.Background(), []string{"ada"}, "c1")
	require.ErrorIs(t, err, presence.ErrNoAgent)
	assert.Len(t, store.ListEligibleCalls(), 1)
	assert.Empty(t, store.ClaimChatCalls())
}

// Any other failure of the store ends Route with the store's error as it
// is, having claimed nothing more.
func TestRouteReturnsStoreErrors(t *testing.T) {
	ctx := context.Background()
	boom := errors.New("mock: connection refused")
	tr, store := mockRouter([][]string{{"ada", "bob"}}, map[string]error{"ada": boom})
	_, err := tr.Route(ctx, []string{"ada", "bob"}, "c1")
	assert.ErrorIs(t, err, boom)
	assert.Equal(t, []string{"ada"}, claimed(store))

	store.ListEligibleFunc = func(context.Context, []string, time.Time) ([]string, error) { return nil, boom }
	_, err = tr.Route(ctx, []string{"ada", "bob"}, "c1")
	assert.ErrorIs(t, err, boom)

	mem := memory.New()
	t.Cleanup(func() { _ = mem.Close() })
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	_, err = presence.New(mem, nil).Route(cctx, []string{"ada"}, "c1")
	assert.ErrorIs(t, err, context.Canceled)
}

// Over a store without ChatLookup, a chat held by an eligible candidate is
// still found (that agent's claim succeeds), and one held by anybody else
// fails with ErrChatTaken.
func TestRouteWithoutChatLookup(t *testing.T) {
	ctx := context.Background()
	tr, store := mockRouter([][]string{{"ada", "bob"}}, map[string]error{"ada": presence.ErrChatTaken})
	got, err := tr.Route(ctx, []string{"ada", "bob"}, "c1")
	require.NoError(t, err)
	assert.Equal(t, "bob", got, "bob holds it")
	assert.Equal(t, []string{"ada", "bob"}, claimed(store))

	tr, _ = mockRouter([][]string{{"ada", "bob"}}, map[string]error{"ada": presence.ErrChatTaken, "bob": presence.ErrChatTaken})
	_, err = tr.Route(ctx, []string{"ada", "bob"}, "c1")
	assert.ErrorIs(t, err, presence.ErrChatTaken)
}

// routeStore is a Store with a ChatLookup, both mocks.
type routeStore struct {
	*presencemock.StoreMock
	*presencemock.ChatLookupMock
}

// With a ChatLookup, Route asks for the holder first; when a claim then
// finds the chat taken (a concurrent Route won), it asks again and returns
// the winner if it is a candidate.
func TestRouteAsksTheHolderAfterALostClaim(t *testing.T) {
	ctx := context.Background()
	_, store := mockRouter([][]string{{"ada", "bob"}}, map[string]error{"ada": presence.ErrChatTaken})
	holders := []string{"", "cy"}
	lookup := &presencemock.ChatLookupMock{
		GetChatHolderFunc: func(ctx context.Context, chat string) (string, error) {
			h := holders[0]
			holders = holders[1:]
			return h, nil
		},
	}
	tr := presence.New(routeStore{store, lookup}, nil)
	got, err := tr.Route(ctx, []string{"ada", "bob", "cy"}, "c1")
	require.NoError(t, err)
	assert.Equal(t, "cy", got)
	assert.Len(t, lookup.GetChatHolderCalls(), 2)
	assert.Equal(t, []string{"ada"}, claimed(store), "bob is not offered a chat cy holds")
}

// Routes of one chat racing each other on several Trackers all name the
// same agent, and the chat is held once.
func TestConcurrentRoutesOfOneChatAgree(t *testing.T) {
	ctx := context.Background()
	store := memory.New()
	t.Cleanup(func() { _ = store.Close() })
	agents := []string{"ada", "bob", "cy", "dee"}
	setup := presence.New(store, &presence.Options{TTL: time.Hour})
	for _, a := range agents {
		_, err := setup.Connect(ctx, a, "s")
		require.NoError(t, err)
	}
	for round := range 20 {
		chat := fmt.Sprintf("c%d", round)
		got := make([]string, 8)
		var wg sync.WaitGroup
		for i := range got {
			tr := presence.New(store, &presence.Options{TTL: time.Hour})
			wg.Go(func() {
				a, err := tr.Route(ctx, agents, chat)
				assert.NoError(t, err)
				got[i] = a
			})
		}
		wg.Wait()
		for _, a := range got {
			assert.Equal(t, got[0], a, "%s: %v", chat, got)
		}
	}
	held := 0
	for _, a := range agents {
		p, err := setup.Get(ctx, a)
		require.NoError(t, err)
		held += p.Active
	}
	assert.Equal(t, 20, held)
}

// Many goroutines route chats through two Trackers while each agent's Busy
// toggles: no chat goes to an agent whose Busy was confirmed, and every
// chat is held once (storagetest.RaceRoutes). Run it with -race.
func TestRouteRacesToggles(t *testing.T) {
	store := memory.New()
	t.Cleanup(func() { _ = store.Close() })
	opts := &presence.Options{TTL: time.Hour}
	a, b := presence.New(store, opts), presence.New(store, opts)
	storagetest.RaceRoutes(t, a, 300, a, b)
}
