package presence_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/convrs/profilekit/presence"
	"github.com/convrs/profilekit/presence/presencemock"
)

// TestRouterWithMockStore shows Route tested against a moq-generated
// Store: the first eligible agent turned busy between the eligibility read
// and the claim, so Route moves on. The mock has no ChatLookup, so Route
// asks no holder.
func TestRouterWithMockStore(t *testing.T) {
	store := &presencemock.StoreMock{
		ListEligibleFunc: func(ctx context.Context, candidates []string, now time.Time) ([]string, error) {
			return []string{"bob", "ada"}, nil
		},
		ClaimChatFunc: func(ctx context.Context, agent, chat string, now time.Time) (presence.Record, error) {
			if agent == "bob" {
				return presence.Record{}, fmt.Errorf("mock: %w", presence.ErrBusy)
			}
			return presence.Record{Agent: agent, Active: 1}, nil
		},
	}
	tr := presence.New(store, nil)

	agent, err := tr.Route(context.Background(), []string{"ada", "bob", "cy"}, "chat-9")
	require.NoError(t, err)
	assert.Equal(t, "ada", agent)

	require.Len(t, store.ListEligibleCalls(), 1)
	assert.Equal(t, []string{"ada", "bob", "cy"}, store.ListEligibleCalls()[0].Candidates)
	calls := store.ClaimChatCalls()
	require.Len(t, calls, 2)
	assert.Equal(t, "bob", calls[0].Agent)
	assert.Equal(t, "ada", calls[1].Agent)
	assert.Equal(t, "chat-9", calls[1].Chat)
	assert.Equal(t, time.UTC, calls[1].Now.Location(), "the Tracker passes UTC instants")
}

// TestStoreErrorIsReturnedAsIs checks that an adapter's failure reaches the
// caller as the adapter wrote it: the adapter names the operation, and the
// Tracker adds no second layer of context.
func TestStoreErrorIsReturnedAsIs(t *testing.T) {
	boom := fmt.Errorf("mock: connection refused")
	store := &presencemock.StoreMock{
		SetBusyFunc: func(ctx context.Context, agent string, b presence.BusySetting, now time.Time) (presence.Record, error) {
			return presence.Record{}, boom
		},
	}
	_, err := presence.New(store, nil).SetBusy(context.Background(), "ada", true)
	assert.ErrorIs(t, err, boom)
	assert.Equal(t, `mock: connection refused`, err.Error())
}
