package profile_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/convrs/profilekit/profile"
	"github.com/convrs/profilekit/profile/profilemock"
)

// A consumer's test drives the Service through the generated mock: it sees
// exactly what the Service asks of the store and what it would write.
func TestServiceWithMockStore(t *testing.T) {
	stored := profile.Profile{ID: "a1", Username: "ada", Role: "agent", Name: "Ada", PublicName: "Ada", Version: 4}
	var written profile.Profile
	store := &profilemock.StoreMock{
		GetProfileFunc: func(ctx context.Context, id string) (profile.Profile, error) {
			return stored, nil
		},
		UpdateProfileFunc: func(ctx context.Context, p profile.Profile, expected int64) error {
			written = p
			return nil
		},
	}
	svc := profile.New(store, nil)

	got, err := svc.Update(context.Background(), "a1", 4, profile.Patch{Name: new("Ada King")})
	require.NoError(t, err)
	assert.Equal(t, "Ada King", got.Name)
	assert.Equal(t, got, written)

	require.Len(t, store.GetProfileCalls(), 1)
	assert.Equal(t, "a1", store.GetProfileCalls()[0].ID)
	require.Len(t, store.UpdateProfileCalls(), 1)
	assert.Equal(t, int64(4), store.UpdateProfileCalls()[0].Expected)
	assert.Equal(t, int64(5), store.UpdateProfileCalls()[0].P.Version)
	assert.Empty(t, store.CreateProfileCalls())
}

// A rejected patch never reaches the store's write.
func TestInvalidPatchDoesNotWrite(t *testing.T) {
	store := &profilemock.StoreMock{
		GetProfileFunc: func(ctx context.Context, id string) (profile.Profile, error) {
			return profile.Profile{ID: id, Username: "ada", Role: "agent", Name: "Ada", PublicName: "Ada", Version: 1}, nil
		},
	}
	svc := profile.New(store, nil)
	_, err := svc.Update(context.Background(), "a1", 1, profile.Patch{Name: new("")})
	assert.ErrorIs(t, err, profile.ErrInvalid)
	assert.Empty(t, store.UpdateProfileCalls())
}

// A store with an optional ability embeds the mocks it needs, as
// profilemock's documentation shows.
func TestServiceWithMockLookup(t *testing.T) {
	lookup := &profilemock.UsernameLookupMock{
		GetProfileByUsernameFunc: func(ctx context.Context, username string) (profile.Profile, error) {
			return profile.Profile{ID: "a1", Username: username}, nil
		},
	}
	svc := profile.New(struct {
		*profilemock.StoreMock
		*profilemock.UsernameLookupMock
	}{&profilemock.StoreMock{}, lookup}, nil)

	p, err := svc.GetByUsername(context.Background(), "Ada")
	require.NoError(t, err)
	assert.Equal(t, "a1", p.ID)
	require.Len(t, lookup.GetProfileByUsernameCalls(), 1)
	assert.Equal(t, "ada", lookup.GetProfileByUsernameCalls()[0].Username)
	_, err = svc.List(context.Background(), "", 0)
	assert.ErrorIs(t, err, profile.ErrUnsupported, "the mock store has no Lister")
}
