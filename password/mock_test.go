package password_test

import (
	"context"
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/convrs/profilekit/password"
	"github.com/convrs/profilekit/password/passwordmock"
)

// TestServiceWithMocks shows a consumer testing its use of the Service with
// the generated mocks: a store whose final write fails, a hasher that
// answers at once, and an observer that must not hear of a change that was
// not stored.
func TestServiceWithMocks(t *testing.T) {
	ctx := context.Background()
	stored := password.Credential{AgentID: "a1", Hash: "stored-hash", Version: 4}
	diskFull := errors.New("disk full")
	store := &passwordmock.CredentialStoreMock{
		GetCredentialFunc: func(_ context.Context, id string) (password.Credential, error) {
			return stored, nil
		},
		SetCredentialFunc: func(_ context.Context, c password.Credential, expected int64) error {
			if c.Hash != stored.Hash {
				return diskFull // the write of the new password fails
			}
			stored = c // counting and clearing attempts succeed
			return nil
		},
	}
	hasher := &passwordmock.HasherMock{
		HashFunc: func(context.Context, string) (string, error) { return "new-hash", nil },
		VerifyFunc: func(_ context.Context, pw, encoded string) (bool, error) {
			return pw == first && encoded == "stored-hash", nil
		},
		NeedsRehashFunc: func(string) bool { return false },
	}
	observer := &passwordmock.ObserverMock{ChangedFunc: func(context.Context, password.Changed) {}}
	svc := password.New(store, &password.Options{Hasher: hasher, Observer: observer})

	err := svc.Change(ctx, change(first, second))
	require.ErrorIs(t, err, diskFull)
	assert.NotContains(t, err.Error(), first)
	assert.NotContains(t, err.Error(), second)
	assert.Empty(t, observer.ChangedCalls(), "no event for a change that was not stored")
	assert.Equal(t, "stored-hash", stored.Hash)

	require.Len(t, hasher.HashCalls(), 1)
	assert.Equal(t, second, hasher.HashCalls()[0].PasswordMoqParam, "the prepared new password is hashed")
	calls := store.SetCredentialCalls()
	require.Len(t, calls, 2, "count the attempt, then try the change")
	assert.Equal(t, []int64{4, 5}, []int64{calls[0].Expected, calls[1].Expected})
	assert.Equal(t, 1, calls[0].C.FailedAttempts)
	assert.Zero(t, calls[1].C.FailedAttempts)

	stored.Hash, store.SetCredentialFunc = "stored-hash", func(_ context.Context, c password.Credential, _ int64) error {
		stored = c
		return nil
	}
	require.NoError(t, svc.Change(ctx, change(first, second)))
	require.Len(t, observer.ChangedCalls(), 1)
	assert.Equal(t, "a1", observer.ChangedCalls()[0].E.AgentID)
	assert.Equal(t, "new-hash", stored.Hash)
}
