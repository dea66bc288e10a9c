package profile_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/convrs/profilekit"
	"github.com/convrs/profilekit/profile"
	"github.com/convrs/profilekit/profile/profilemock"
	"github.com/convrs/profilekit/storage/memory"
)

// newListed returns a Service over a memory store holding agents with the
// given usernames, "a0", "a1", … in the order given.
func newListed(t *testing.T, usernames ...string) *profile.Service {
	t.Helper()
	store := memory.New()
	t.Cleanup(func() { _ = store.Close() })
	svc := profile.New(store, nil)
	for i, u := range usernames {
		_, err := svc.Create(context.Background(), profile.NewAgent{
			ID: fmt.Sprintf("a%d", i), Username: u, Role: "agent", Name: "N", PublicName: "N",
		})
		require.NoError(t, err, u)
	}
	return svc
}

// walk lists every page of limit, returning the usernames of each page.
func walk(t *testing.T, svc *profile.Service, limit int) [][]string {
	t.Helper()
	var pages [][]string
	cursor := ""
	for {
		require.Less(t, len(pages), 100, "the walk does not end")
		page, err := svc.List(context.Background(), cursor, limit)
		require.NoError(t, err)
		require.NotNil(t, page.Profiles)
		var names []string
		for _, p := range page.Profiles {
			names = append(names, p.Username)
		}
		pages = append(pages, names)
		if page.Next == "" {
			return pages
		}
		cursor = page.Next
	}
}

func TestList(t *testing.T) {
	svc := newListed(t, "eve", "Bob", "zoë", "alan", "émile", "carol")
	for _, tt := range []struct {
		name  string
		limit int
		want  [][]string
	}{
		{"pages of two", 2, [][]string{{"alan", "bob"}, {"carol", "eve"}, {"zoë", "émile"}}},
		{"pages of four", 4, [][]string{{"alan", "bob", "carol", "eve"}, {"zoë", "émile"}}},
		{"one page exactly", 6, [][]string{{"alan", "bob", "carol", "eve", "zoë", "émile"}}},
		{"default", 0, [][]string{{"alan", "bob", "carol", "eve", "zoë", "émile"}}},
		{"largest", profile.MaxPageSize, [][]string{{"alan", "bob", "carol", "eve", "zoë", "émile"}}},
		{"one at a time", 1, [][]string{{"alan"}, {"bob"}, {"carol"}, {"eve"}, {"zoë"}, {"émile"}}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, walk(t, svc, tt.limit))
		})
	}
}

func TestListEmpty(t *testing.T) {
	page, err := newListed(t).List(context.Background(), "", 0)
	require.NoError(t, err)
	assert.Equal(t, profile.Page{Profiles: []profile.Profile{}}, page)
}

// A cursor carries a position, not a profile: renaming or creating
// profiles between two pages neither breaks the walk nor repeats a
// profile.
func TestListCursorSurvivesChanges(t *testing.T) {
	ctx := context.Background()
	svc := newListed(t, "b", "d", "f", "h")
	first, err := svc.List(ctx, "", 2)
	require.NoError(t, err)
	require.NotEmpty(t, first.Next)

	d, err := svc.Get(ctx, "a1")
	require.NoError(t, err)
	_, err = svc.AdminUpdate(ctx, "a1", d.Version, profile.Patch{Username: new("g")})
	require.NoError(t, err)
	_, err = svc.Create(ctx, profile.NewAgent{ID: "a9", Username: "e", Role: "agent", Name: "N", PublicName: "N"})
	require.NoError(t, err)

	second, err := svc.List(ctx, first.Next, 10)
	require.NoError(t, err)
	var names []string
	for _, p := range second.Profiles {
		names = append(names, p.Username)
	}
	assert.Equal(t, []string{"e", "f", "g", "h"}, names, "after d, renamed to g")
	assert.Empty(t, second.Next)
}

func TestListRefusesBadInput(t *testing.T) {
	svc := newListed(t, "ada")
	for _, tt := range []struct {
		name   string
		cursor string
		limit  int
		want   map[string]profilekit.Code
	}{
		{"negative limit", "", -1, map[string]profilekit.Code{profile.FieldLimit: profilekit.CodeLimitOutOfRange}},
		{"limit too large", "", profile.MaxPageSize + 1, map[string]profilekit.Code{profile.FieldLimit: profilekit.CodeLimitOutOfRange}},
		{"not base64", "not a cursor!", 10, map[string]profilekit.Code{profile.FieldCursor: profilekit.CodeCursorInvalid}},
		{"padded", "AWFkYQ==", 10, map[string]profilekit.Code{profile.FieldCursor: profilekit.CodeCursorInvalid}},
		{"line break", "AWFk\nYQ", 10, map[string]profilekit.Code{profile.FieldCursor: profilekit.CodeCursorInvalid}},
		{"unknown version", "AmFkYQ", 10, map[string]profilekit.Code{profile.FieldCursor: profilekit.CodeCursorInvalid}},
		{"version only", "AQ", 10, map[string]profilekit.Code{profile.FieldCursor: profilekit.CodeCursorInvalid}},
		{"invalid UTF-8", "Af8", 10, map[string]profilekit.Code{profile.FieldCursor: profilekit.CodeCursorInvalid}},
		{"NUL", "AQA", 10, map[string]profilekit.Code{profile.FieldCursor: profilekit.CodeCursorInvalid}},
		{"both", "%%%", profile.MaxPageSize + 1, map[string]profilekit.Code{
			profile.FieldCursor: profilekit.CodeCursorInvalid, profile.FieldLimit: profilekit.CodeLimitOutOfRange}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := svc.List(context.Background(), tt.cursor, tt.limit)
			var verr *profile.ValidationError
			require.ErrorAs(t, err, &verr)
			got := make(map[string]profilekit.Code)
			for _, fe := range verr.Fields {
				got[fe.Field] = fe.Code
				if fe.Code == profilekit.CodeLimitOutOfRange {
					assert.Equal(t, map[string]any{"min": 0, "max": profile.MaxPageSize}, fe.Params)
				} else {
					assert.Nil(t, fe.Params)
				}
			}
			assert.Equal(t, tt.want, got)
		})
	}
}

// The Service asks the store for one profile more than the page holds,
// which tells whether another page follows, and hands it the username the
// cursor carries.
func TestListAsksTheStoreForOneMore(t *testing.T) {
	ctx := context.Background()
	svc := newListed(t, "ada", "bob", "cy")
	page, err := svc.List(ctx, "", 2)
	require.NoError(t, err)

	lister := &profilemock.ListerMock{
		ListProfilesFunc: func(ctx context.Context, after string, limit int) ([]profile.Profile, error) {
			return []profile.Profile{{ID: "a2", Username: "cy"}}, nil
		},
	}
	mocked := profile.New(struct {
		*profilemock.StoreMock
		*profilemock.ListerMock
	}{&profilemock.StoreMock{}, lister}, nil)
	next, err := mocked.List(ctx, page.Next, 2)
	require.NoError(t, err)
	assert.Empty(t, next.Next)
	require.Len(t, lister.ListProfilesCalls(), 1)
	assert.Equal(t, "bob", lister.ListProfilesCalls()[0].After)
	assert.Equal(t, 3, lister.ListProfilesCalls()[0].Limit)
}

// A store that returns profiles out of order, or not after the cursor,
// would make a walk repeat itself or never end: the Service refuses the
// page.
func TestListRefusesAPageOutOfOrder(t *testing.T) {
	for name, ps := range map[string][]profile.Profile{
		"descending": {{Username: "b"}, {Username: "a"}},
		"repeated":   {{Username: "b"}, {Username: "b"}},
		"not after":  {{Username: "a"}},
	} {
		t.Run(name, func(t *testing.T) {
			svc := profile.New(struct {
				*profilemock.StoreMock
				*profilemock.ListerMock
			}{&profilemock.StoreMock{}, &profilemock.ListerMock{
				ListProfilesFunc: func(context.Context, string, int) ([]profile.Profile, error) { return ps, nil },
			}}, nil)
			cursor := ""
			if name == "not after" {
				page, err := newListed(t, "a", "b").List(context.Background(), "", 1)
				require.NoError(t, err)
				cursor = page.Next
			}
			_, err := svc.List(context.Background(), cursor, 10)
			assert.ErrorContains(t, err, "out of order")
		})
	}
}
