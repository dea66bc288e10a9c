package profile_test

import (
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/convrs/profilekit"
	"github.com/convrs/profilekit/profile"
	"github.com/convrs/profilekit/profile/profilemock"
	"github.com/convrs/profilekit/storage/memory"
)

func TestGetByUsername(t *testing.T) {
	ctx := context.Background()
	store := memory.New()
	t.Cleanup(func() { _ = store.Close() })
	svc := profile.New(store, nil)
	for id, username := range map[string]string{"a-ada": "Ada", "a-zoe": "Zoë", "a-grace": "grace"} {
		_, err := svc.Create(ctx, profile.NewAgent{ID: id, Username: username, Role: "agent", Name: "N", PublicName: "N"})
		require.NoError(t, err, username)
	}
	// Stored before the mixed-script rule: a Cyrillic "а" among Latin
	// letters, which Create refuses today.
	require.NoError(t, store.CreateProfile(ctx, profile.Profile{ID: "a-legacy", Username: "pаypal", Version: 1}))

	for _, tt := range []struct {
		name, input, want string
	}{
		{"exact", "ada", "a-ada"},
		{"upper case", "ADA", "a-ada"},
		{"mixed case", "aDa", "a-ada"},
		{"spaces at the ends", "  Ada\t", "a-ada"},
		{"full width", "ＡＤＡ", "a-ada"},
		{"composed", "zo\u00eb", "a-zoe"},
		{"decomposed", "zoe\u0308", "a-zoe"},
		{"upper case, not ASCII", "ZOË", "a-zoe"},
		{"stored before the mixed-script rule", "PАYPAL", "a-legacy"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			p, err := svc.GetByUsername(ctx, tt.input)
			require.NoError(t, err)
			assert.Equal(t, tt.want, p.ID)
		})
	}

	for _, tt := range []struct {
		name, input string
	}{
		{"Cyrillic а", "аda"},
		{"Cyrillic е", "gracе"},
		{"dotless ı", "adı"},
		{"Latin alpha", "adɑ"},
		{"accent", "adà"},
		{"no diaeresis", "zoe"},
		{"prefix", "ad"},
		{"longer", "adaa"},
		{"another accent", "gracé"},
		{"Latin for the legacy Cyrillic", "paypal"},
	} {
		t.Run("not found/"+tt.name, func(t *testing.T) {
			_, err := svc.GetByUsername(ctx, tt.input)
			assert.ErrorIs(t, err, profile.ErrNotFound)
			assert.NotErrorIs(t, err, profile.ErrInvalid)
		})
	}

	for _, tt := range []struct {
		name, input string
		code        profilekit.Code
	}{
		{"empty", "", profilekit.CodeTextRequired},
		{"spaces", " \t ", profilekit.CodeTextRequired},
		{"inner space", "ada lovelace", profilekit.CodeTextDisallowedChars},
		{"NUL", "ada\x00", profilekit.CodeTextDisallowedChars},
		{"bidirectional override", "\u202eada", profilekit.CodeTextDisallowedChars},
		{"invalid UTF-8", "ad\xffa", profilekit.CodeTextDisallowedChars},
		{"too long", strings.Repeat("a", profile.MaxUsernameLength+1), profilekit.CodeTextTooLong},
		{"huge", strings.Repeat("a", 1<<20), profilekit.CodeTextTooLong},
	} {
		t.Run("invalid/"+tt.name, func(t *testing.T) {
			_, err := svc.GetByUsername(ctx, tt.input)
			var verr *profile.ValidationError
			require.ErrorAs(t, err, &verr)
			require.Len(t, verr.Fields, 1)
			assert.Equal(t, profile.FieldUsername, verr.Fields[0].Field)
			assert.Equal(t, tt.code, verr.Fields[0].Code)
		})
	}
}

// The Service holds a store to exact matches: a store whose database
// compares case-insensitively cannot let "ADA" sign in as "ada".
func TestGetByUsernameRefusesAnotherUsernameFromTheStore(t *testing.T) {
	lookup := &profilemock.UsernameLookupMock{
		GetProfileByUsernameFunc: func(ctx context.Context, username string) (profile.Profile, error) {
			return profile.Profile{ID: "a1", Username: "Ada"}, nil
		},
	}
	svc := profile.New(struct {
		*profilemock.StoreMock
		*profilemock.UsernameLookupMock
	}{&profilemock.StoreMock{}, lookup}, nil)
	_, err := svc.GetByUsername(context.Background(), "ADA")
	assert.ErrorIs(t, err, profile.ErrNotFound)
	require.Len(t, lookup.GetProfileByUsernameCalls(), 1)
	assert.Equal(t, "ada", lookup.GetProfileByUsernameCalls()[0].Username, "the Service prepares the username")
}

// Over a store without the optional interfaces, both methods fail with
// ErrUnsupported before anything else, naming the interface, and call
// nothing.
func TestUnsupportedWithoutTheOptionalInterfaces(t *testing.T) {
	ctx := context.Background()
	store := &profilemock.StoreMock{}
	svc := profile.New(store, nil)

	_, err := svc.GetByUsername(ctx, "")
	require.ErrorIs(t, err, profile.ErrUnsupported)
	assert.NotErrorIs(t, err, profile.ErrInvalid)
	assert.Equal(t, profilekit.CodeProfileUnsupported, profilekit.CodeOf(err))
	assert.Contains(t, err.Error(), "profile.UsernameLookup")

	_, err = svc.List(ctx, "not a cursor", -1)
	require.ErrorIs(t, err, profile.ErrUnsupported)
	assert.Equal(t, profilekit.CodeProfileUnsupported, profilekit.CodeOf(err))
	assert.Contains(t, err.Error(), "profile.Lister")

	assert.Empty(t, store.GetProfileCalls())
	assert.Empty(t, store.CreateProfileCalls())
	assert.Empty(t, store.UpdateProfileCalls())
}
