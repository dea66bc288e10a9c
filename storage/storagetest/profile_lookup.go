package storagetest

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/convrs/profilekit/profile"
)

// The cases of profile.Store's optional interfaces. A store without the
// interface a case checks skips that case, naming the interface.

// lookupOf returns s as a profile.UsernameLookup, or skips t.
func lookupOf(t *testing.T, s profile.Store) profile.UsernameLookup {
	t.Helper()
	l, ok := s.(profile.UsernameLookup)
	if !ok {
		t.Skipf("%T does not implement profile.UsernameLookup: profile.Service.GetByUsername fails with profile.ErrUnsupported on it", s)
	}
	return l
}

// listerOf returns s as a profile.Lister, or skips t.
func listerOf(t *testing.T, s profile.Store) profile.Lister {
	t.Helper()
	l, ok := s.(profile.Lister)
	if !ok {
		t.Skipf("%T does not implement profile.Lister: profile.Service.List fails with profile.ErrUnsupported on it", s)
	}
	return l
}

// profileGetByUsernameExactMatchOnly checks that GetProfileByUsername
// finds a username byte for byte and nothing else: no case folding,
// trimming, normalisation, prefix or pattern match, and no skeleton.
func profileGetByUsernameExactMatchOnly(t *testing.T, open openProfile) {
	ctx := context.Background()
	s := open(t)
	l := lookupOf(t, s)
	ada := sampleProfile("a1", "ada")
	ada.UsernameSkeleton = "ada"
	admin := sampleProfile("a2", "admin")
	admin.UsernameSkeleton = "adrnin"
	for _, p := range []profile.Profile{ada, admin, sampleProfile("a3", "zoë"), sampleProfile("a4", "a_b")} {
		require.NoError(t, s.CreateProfile(ctx, p))
	}

	got, err := l.GetProfileByUsername(ctx, "ada")
	require.NoError(t, err)
	assertSameProfile(t, ada, got)
	got, err = l.GetProfileByUsername(ctx, "zoë")
	require.NoError(t, err)
	assert.Equal(t, "a3", got.ID)
	got.Name = "mutated after lookup"
	again, err := l.GetProfileByUsername(ctx, "zoë")
	require.NoError(t, err)
	assert.Equal(t, sampleProfile("a3", "zoë").Name, again.Name, "a returned profile shares stored state")

	for _, username := range []string{
		"ADA", "Ada", "ada ", " ada", "ad", "adaa", "a", "", // case, spaces, prefixes
		"ad%", "ad_", "_da", "%", "a%b", "a-b", "*", ".*", // LIKE and GLOB patterns, regular expressions
		"zoe\u0308", "ZOË", // another normal form, case
		"аda",    // a Cyrillic "а"
		"adrnin", // admin's skeleton
		"ada\x00",
	} {
		_, err := l.GetProfileByUsername(ctx, username)
		assert.ErrorIs(t, err, profile.ErrNotFound, "%q must find nothing", username)
	}
}

// profileGetByUsernameMissing checks that a lookup in an empty store, and
// of a username no profile has, fails with profile.ErrNotFound.
func profileGetByUsernameMissing(t *testing.T, open openProfile) {
	ctx := context.Background()
	s := open(t)
	l := lookupOf(t, s)
	_, err := l.GetProfileByUsername(ctx, "nobody")
	assert.ErrorIs(t, err, profile.ErrNotFound)
	require.NoError(t, s.CreateProfile(ctx, sampleProfile("a1", "somebody")))
	_, err = l.GetProfileByUsername(ctx, "nobody")
	assert.ErrorIs(t, err, profile.ErrNotFound)
}

// profileGetByUsernameAfterRename checks that a renamed profile is found
// under its new username and not its old one, which another profile can
// then take and be found under.
func profileGetByUsernameAfterRename(t *testing.T, open openProfile) {
	ctx := context.Background()
	s := open(t)
	l := lookupOf(t, s)
	p := sampleProfile("a1", "grace")
	require.NoError(t, s.CreateProfile(ctx, p))
	renamed := p
	renamed.Username, renamed.Version = "grace-hopper", 2
	require.NoError(t, s.UpdateProfile(ctx, renamed, 1))

	got, err := l.GetProfileByUsername(ctx, "grace-hopper")
	require.NoError(t, err)
	assertSameProfile(t, renamed, got)
	_, err = l.GetProfileByUsername(ctx, "grace")
	assert.ErrorIs(t, err, profile.ErrNotFound, "found under the old username")

	require.NoError(t, s.CreateProfile(ctx, sampleProfile("a2", "grace")))
	got, err = l.GetProfileByUsername(ctx, "grace")
	require.NoError(t, err)
	assert.Equal(t, "a2", got.ID)
}

// profileGetByUsernameCancelledContext checks that a lookup on a cancelled
// context fails with context.Canceled.
func profileGetByUsernameCancelledContext(t *testing.T, open openProfile) {
	s := open(t)
	l := lookupOf(t, s)
	require.NoError(t, s.CreateProfile(context.Background(), sampleProfile("a1", "ada")))
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := l.GetProfileByUsername(ctx, "ada")
	assert.ErrorIs(t, err, context.Canceled)
}

// unicodeUsernames holds usernames whose byte order differs from the
// alphabetical order of many languages and collations: accented letters
// after "z", punctuation that a linguistic collation ignores, and
// characters of one, two, three and four UTF-8 bytes.
var unicodeUsernames = []string{
	"zoë", "a", "émile", "ab", "a-c", "z", "ß", "ω", "ж", "日本", "𠀀", "b", "e", "éa", "a_b", "a.b", "9",
}

// profileListInUsernameOrder checks that ListProfiles returns every
// profile, whole, ordered by username byte for byte.
func profileListInUsernameOrder(t *testing.T, open openProfile) {
	ctx := context.Background()
	s := open(t)
	l := listerOf(t, s)
	got, err := l.ListProfiles(ctx, "", 10)
	require.NoError(t, err)
	assert.Empty(t, got, "an empty store lists nothing")

	want := make(map[string]profile.Profile)
	for i, username := range unicodeUsernames {
		p := sampleProfile(fmt.Sprintf("a%02d", i), username)
		p.Version = int64(i + 1)
		require.NoError(t, s.CreateProfile(ctx, p))
		want[username] = p
	}
	got, err = l.ListProfiles(ctx, "", profile.MaxPageSize+1)
	require.NoError(t, err)
	sorted := slices.Sorted(slices.Values(unicodeUsernames))
	assert.Equal(t, sorted, usernames(got), "not in byte order")
	for _, p := range got {
		assertSameProfile(t, want[p.Username], p)
	}
	got[0].Name = "mutated after list"
	again, err := l.ListProfiles(ctx, "", 1)
	require.NoError(t, err)
	require.Len(t, again, 1)
	assert.Equal(t, want[sorted[0]].Name, again[0].Name, "a listed profile shares stored state")
}

// profileListLimitAndAfter checks limit and after: at most limit profiles,
// all of them when limit is larger, and only those strictly after after,
// which need not be a stored username.
func profileListLimitAndAfter(t *testing.T, open openProfile) {
	ctx := context.Background()
	s := open(t)
	l := listerOf(t, s)
	for i, username := range unicodeUsernames {
		require.NoError(t, s.CreateProfile(ctx, sampleProfile(fmt.Sprintf("a%02d", i), username)))
	}
	sorted := slices.Sorted(slices.Values(unicodeUsernames))
	n := len(sorted)

	// want is what a listing must return, by Go's byte-order comparison.
	want := func(after string, limit int) []string {
		var out []string
		for _, u := range sorted {
			if u > after && len(out) < limit {
				out = append(out, u)
			}
		}
		return out
	}
	for _, tt := range []struct {
		after string
		limit int
	}{
		{"", 1}, {"", n - 1}, {"", n}, {"", profile.MaxPageSize + 1},
		{sorted[0], 2}, {sorted[3], n},
		{"zoe", n}, {"aa", 1}, {"ez", 3}, // not stored
		{sorted[n-1], n}, {"\U0002A6D6", 5},
	} {
		got, err := l.ListProfiles(ctx, tt.after, tt.limit)
		require.NoError(t, err)
		assert.Equal(t, want(tt.after, tt.limit), usernames(got), "after %q, limit %d", tt.after, tt.limit)
	}
	got, err := l.ListProfiles(ctx, "zoe", n)
	require.NoError(t, err)
	assert.Equal(t, []string{"zoë", "ß", "éa", "émile", "ω", "ж", "日本", "𠀀"}, usernames(got),
		"after \"zoe\" in byte order")
}

// profileListAfterRename checks that a renamed profile is listed under its
// new username only.
func profileListAfterRename(t *testing.T, open openProfile) {
	ctx := context.Background()
	s := open(t)
	l := listerOf(t, s)
	for i, username := range []string{"b", "d", "f"} {
		require.NoError(t, s.CreateProfile(ctx, sampleProfile(fmt.Sprintf("a%d", i), username)))
	}
	p, err := s.GetProfile(ctx, "a0")
	require.NoError(t, err)
	p.Username, p.Version = "e", 2
	require.NoError(t, s.UpdateProfile(ctx, p, 1))
	got, err := l.ListProfiles(ctx, "", 10)
	require.NoError(t, err)
	assert.Equal(t, []string{"d", "e", "f"}, usernames(got))
	assert.Equal(t, "a0", got[1].ID)
}

// profileListWalkUnderConcurrentInserts walks every page, a few profiles
// at a time, while other goroutines create profiles whose usernames
// interleave with the stored ones, and the walk itself creates, between
// two pages, one profile just before its cursor and one just after: the
// walk must return usernames in strictly increasing order, visit every
// profile stored before it exactly once, every profile created just after
// its cursor once and none created before it.
func profileListWalkUnderConcurrentInserts(t *testing.T, open openProfile) {
	ctx := context.Background()
	s := open(t)
	l := listerOf(t, s)
	const stored, writers, perWriter, pageSize = 40, 4, 15, 3
	must := make(map[string]int) // usernames the walk must visit once
	for i := range stored {
		u := fmt.Sprintf("user-%03d", i*10)
		require.NoError(t, s.CreateProfile(ctx, sampleProfile(fmt.Sprintf("a%d", i), u)))
		must[u] = 0
	}

	var inserted atomic.Int64
	var wg sync.WaitGroup
	for w := range writers {
		wg.Go(func() {
			for i := range perWriter {
				// user-000 < user-001-0 < user-010: between stored names.
				u := fmt.Sprintf("user-%03d-%d", (i*writers+w)%(stored*10), w)
				err := s.CreateProfile(ctx, sampleProfile(fmt.Sprintf("w%d-%d", w, i), u))
				if assert.NoError(t, err) {
					inserted.Add(1)
				}
			}
		})
	}

	var walked []string
	behind := make(map[string]bool) // usernames the walk must not visit
	after := ""
	for pages := 0; ; pages++ {
		require.Less(t, pages, 2*stored+writers*perWriter+1, "the walk does not end")
		page, err := l.ListProfiles(ctx, after, pageSize)
		require.NoError(t, err)
		require.LessOrEqual(t, len(page), pageSize)
		walked = append(walked, usernames(page)...)
		if len(page) < pageSize {
			break
		}
		after = page[len(page)-1].Username
		// "user-120" (or "user-120-3") is the cursor: "user-120-a…"
		// sorts after it and "user-119-b…" before it.
		n, err := strconv.Atoi(after[len("user-") : len("user-")+3])
		require.NoError(t, err)
		ahead, back := fmt.Sprintf("user-%03d-a%d", n, pages), fmt.Sprintf("user-%03d-b%d", n-1, pages)
		require.NoError(t, s.CreateProfile(ctx, sampleProfile("ahead-"+strconv.Itoa(pages), ahead)))
		require.NoError(t, s.CreateProfile(ctx, sampleProfile("back-"+strconv.Itoa(pages), back)))
		must[ahead], behind[back] = 0, true
	}
	wg.Wait()

	for i := 1; i < len(walked); i++ {
		assert.Less(t, walked[i-1], walked[i], "out of order or repeated at %d", i)
	}
	for _, u := range walked {
		if _, ok := must[u]; ok {
			must[u]++
		}
		assert.False(t, behind[u], "%s was created behind the cursor but visited", u)
	}
	for u, seen := range must {
		assert.Equal(t, 1, seen, "%s was visited %d times", u, seen)
	}
	t.Logf("walked %d profiles while %d were created concurrently", len(walked), inserted.Load())
}

// profileListCancelledContext checks that a listing on a cancelled context
// fails with context.Canceled.
func profileListCancelledContext(t *testing.T, open openProfile) {
	s := open(t)
	l := listerOf(t, s)
	require.NoError(t, s.CreateProfile(context.Background(), sampleProfile("a1", "ada")))
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := l.ListProfiles(ctx, "", 10)
	assert.ErrorIs(t, err, context.Canceled)
}

// profileServiceFindsAndListsUsernames checks, through the profile
// Service, that GetByUsername folds case and width as Create does and
// finds nothing for a look-alike, and that List walks every profile. A
// store with neither optional interface is skipped; one with only one is
// checked for it and for ErrUnsupported from the other.
func profileServiceFindsAndListsUsernames(t *testing.T, open openProfile) {
	ctx := context.Background()
	s := open(t)
	_, canLookup := s.(profile.UsernameLookup)
	_, canList := s.(profile.Lister)
	if !canLookup && !canList {
		t.Skipf("%T implements neither profile.UsernameLookup nor profile.Lister", s)
	}
	svc := profile.New(s, nil)
	var ids []string
	for i, username := range []string{"Ada", "Zoë", "grace", "ＡＬＡＮ"} {
		p, err := svc.Create(ctx, profile.NewAgent{
			ID: fmt.Sprintf("a%d", i), Username: username, Role: "agent", Name: "N", PublicName: "N",
		})
		require.NoError(t, err, username)
		ids = append(ids, p.ID)
	}

	if canLookup {
		for input, id := range map[string]string{
			"ada": "a0", "ADA": "a0", " Ada ": "a0", "ＡＤＡ": "a0",
			"zoë": "a1", "ZOË": "a1", "zoe\u0308": "a1",
			"alan": "a3",
		} {
			p, err := svc.GetByUsername(ctx, input)
			if assert.NoError(t, err, input) {
				assert.Equal(t, id, p.ID, input)
			}
		}
		for _, input := range []string{"аda", "adɑ", "zoe", "gracе", "ada1"} { // Cyrillic а, Latin alpha, no diaeresis, Cyrillic е
			_, err := svc.GetByUsername(ctx, input)
			var verr *profile.ValidationError
			if !errors.As(err, &verr) {
				assert.ErrorIs(t, err, profile.ErrNotFound, "%q must find nothing", input)
			}
		}
	} else {
		_, err := svc.GetByUsername(ctx, "ada")
		assert.ErrorIs(t, err, profile.ErrUnsupported)
	}

	if canList {
		var walked []string
		for cursor, pages := "", 0; ; pages++ {
			require.Less(t, pages, len(ids)+1, "the walk does not end")
			page, err := svc.List(ctx, cursor, 1)
			require.NoError(t, err)
			for _, p := range page.Profiles {
				walked = append(walked, p.ID)
			}
			if page.Next == "" {
				break
			}
			cursor = page.Next
		}
		assert.Equal(t, []string{"a0", "a3", "a2", "a1"}, walked, "ada, alan, grace, zoë")
	} else {
		_, err := svc.List(ctx, "", 0)
		assert.ErrorIs(t, err, profile.ErrUnsupported)
	}
}

// usernames returns the usernames of ps, nil for none.
func usernames(ps []profile.Profile) []string {
	var out []string
	for _, p := range ps {
		out = append(out, p.Username)
	}
	return out
}
