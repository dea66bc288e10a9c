package storagetest

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/mtibben/confusables"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/convrs/profilekit"
	"github.com/convrs/profilekit/profile"
)

// base is a fixed instant with a non-zero microsecond part, to catch adapters
// that lose precision.
var base = time.Date(2026, 11, 26, 9, 30, 15, 123456000, time.UTC)

// sampleProfile returns a profile with every field set, some of them to
// text in several scripts.
func sampleProfile(id, username string) profile.Profile {
	return profile.Profile{
		ID:           id,
		Username:     username,
		Role:         "supervisor",
		BusinessUnit: "Support — Zürich",
		Name:         "Zoë Ærøskøbing 王小明",
		PublicName:   "Zoë 🌟",
		Language:     "zh-Hant-TW",
		Landline:     "+41446681800",
		Mobile:       "+447911123456",
		Photo:        "photos/" + id + "/v1.webp",
		Settings:     profile.Settings{CapitalizeFirstLetter: true},
		Version:      1,
		CreatedAt:    base,
		UpdatedAt:    base.Add(time.Second),
	}
}

// openProfile opens a fresh profile store for one case; the store is
// closed when the case ends.
type openProfile func(t *testing.T) profile.Store

// profileCase is one named case of RunProfileStore.
type profileCase struct {
	name string
	run  func(t *testing.T, open openProfile)
}

// profileCases returns the cases of RunProfileStore, in order.
func profileCases() []profileCase {
	return []profileCase{
		{"RoundTripEveryField", profileRoundTripEveryField},
		{"RoundTripEmptyOptionalFields", profileRoundTripEmptyOptionalFields},
		{"TimesAreUTCToTheMicrosecond", profileTimesAreUTCToTheMicrosecond},
		{"GetMissing", profileGetMissing},
		{"CreateDuplicateID", profileCreateDuplicateID},
		{"CreateDuplicateUsername", profileCreateDuplicateUsername},
		{"UpdateRoundTrip", profileUpdateRoundTrip},
		{"UpdateMissing", profileUpdateMissing},
		{"UpdateStaleVersionConflicts", profileUpdateStaleVersionConflicts},
		{"UpdateToTakenUsername", profileUpdateToTakenUsername},
		{"RenameFreesOldUsername", profileRenameFreesOldUsername},
		{"IsolationBetweenAgents", profileIsolationBetweenAgents},
		{"ReturnedValuesAreCopies", profileReturnedValuesAreCopies},
		{"CancelledContext", profileCancelledContext},
		{"ConcurrentWritersLoseNoUpdate", profileConcurrentWritersLoseNoUpdate},
		{"ConcurrentCreatesOneUsernameWinner", profileConcurrentCreatesOneUsernameWinner},
		{"RoundTripLargestAcceptedValues", profileRoundTripLargestAcceptedValues},
		{"CreateConfusableUsername", profileCreateConfusableUsername},
		{"SameUsernameIsTakenNotConfusable", profileSameUsernameIsTakenNotConfusable},
		{"UpdateToConfusableUsername", profileUpdateToConfusableUsername},
		{"RenameFreesOldSkeleton", profileRenameFreesOldSkeleton},
		{"EmptySkeletonsAreNotCompared", profileEmptySkeletonsAreNotCompared},
		{"ConcurrentCreatesOneSkeletonWinner", profileConcurrentCreatesOneSkeletonWinner},
		{"ErrorsQuoteAShortIDPrefix", profileErrorsQuoteAShortIDPrefix},
		{"ServiceRefusesConfusableUsernames", profileServiceRefusesConfusableUsernames},
		{"GetByUsernameExactMatchOnly", profileGetByUsernameExactMatchOnly},
		{"GetByUsernameMissing", profileGetByUsernameMissing},
		{"GetByUsernameAfterRename", profileGetByUsernameAfterRename},
		{"GetByUsernameCancelledContext", profileGetByUsernameCancelledContext},
		{"ListInUsernameOrder", profileListInUsernameOrder},
		{"ListLimitAndAfter", profileListLimitAndAfter},
		{"ListAfterRename", profileListAfterRename},
		{"ListWalkUnderConcurrentInserts", profileListWalkUnderConcurrentInserts},
		{"ListCancelledContext", profileListCancelledContext},
		{"ServiceFindsAndListsUsernames", profileServiceFindsAndListsUsernames},
		{"KeepRoleRefusesLastHolder", profileKeepRoleRefusesLastHolder},
		{"KeepRoleConcurrentDemotionsLeaveOne", profileKeepRoleConcurrentDemotionsLeaveOne},
		{"ServiceKeepsLastAdmin", profileServiceKeepsLastAdmin},
		{"Closed", closedProfile},
		{"HostileIDs", hostileProfileIDs},
	}
}

// runProfile runs every case of profileCases, each as a subtest, against
// the stores newStore returns.
func runProfile(t *testing.T, newStore func(t *testing.T) profile.Store) {
	opener := closing(newStore)
	for _, c := range profileCases() {
		t.Run(c.name, func(t *testing.T) { c.run(t, opener) })
	}
}

// profileRoundTripEveryField checks that a profile with every field set, in
// several scripts, reads back unchanged.
func profileRoundTripEveryField(t *testing.T, open openProfile) {
	ctx := context.Background()
	s := open(t)
	want := sampleProfile("a1", "zoë")
	want.UsernameSkeleton = "zoe\u0308"
	require.NoError(t, s.CreateProfile(ctx, want))
	got, err := s.GetProfile(ctx, "a1")
	require.NoError(t, err)
	assertSameProfile(t, want, got)
}

// profileRoundTripEmptyOptionalFields checks that empty optional fields read
// back empty.
func profileRoundTripEmptyOptionalFields(t *testing.T, open openProfile) {
	ctx := context.Background()
	s := open(t)
	want := profile.Profile{
		ID: "a1", Username: "min", Role: "agent", Name: "M", PublicName: "M",
		Version: 1, CreatedAt: base, UpdatedAt: base,
	}
	require.NoError(t, s.CreateProfile(ctx, want))
	got, err := s.GetProfile(ctx, "a1")
	require.NoError(t, err)
	assertSameProfile(t, want, got)
}

// profileTimesAreUTCToTheMicrosecond checks that times far apart read back
// in UTC to the microsecond.
func profileTimesAreUTCToTheMicrosecond(t *testing.T, open openProfile) {
	ctx := context.Background()
	s := open(t)
	p := sampleProfile("a1", "u1")
	p.CreatedAt = time.Date(1999, 12, 31, 23, 59, 59, 999999000, time.UTC)
	p.UpdatedAt = time.Date(2100, 1, 1, 0, 0, 0, 1000, time.UTC)
	require.NoError(t, s.CreateProfile(ctx, p))
	got, err := s.GetProfile(ctx, "a1")
	require.NoError(t, err)
	assert.Equal(t, time.UTC, got.CreatedAt.Location())
	assert.True(t, p.CreatedAt.Equal(got.CreatedAt), "created %v, got %v", p.CreatedAt, got.CreatedAt)
	assert.True(t, p.UpdatedAt.Equal(got.UpdatedAt), "updated %v, got %v", p.UpdatedAt, got.UpdatedAt)
}

// profileGetMissing checks that reading an unknown ID fails with
// profile.ErrNotFound.
func profileGetMissing(t *testing.T, open openProfile) {
	ctx := context.Background()
	s := open(t)
	_, err := s.GetProfile(ctx, "nobody")
	assert.ErrorIs(t, err, profile.ErrNotFound)
}

// profileCreateDuplicateID checks that a second create with a taken ID fails
// with profile.ErrAlreadyExists and leaves the stored profile alone.
func profileCreateDuplicateID(t *testing.T, open openProfile) {
	ctx := context.Background()
	s := open(t)
	require.NoError(t, s.CreateProfile(ctx, sampleProfile("a1", "u1")))
	err := s.CreateProfile(ctx, sampleProfile("a1", "u2"))
	assert.ErrorIs(t, err, profile.ErrAlreadyExists)
	got, err := s.GetProfile(ctx, "a1")
	require.NoError(t, err)
	assert.Equal(t, "u1", got.Username, "a failed create changed the stored profile")
}

// profileCreateDuplicateUsername checks that a create with a taken username
// fails with profile.ErrUsernameTaken and stores nothing.
func profileCreateDuplicateUsername(t *testing.T, open openProfile) {
	ctx := context.Background()
	s := open(t)
	require.NoError(t, s.CreateProfile(ctx, sampleProfile("a1", "u1")))
	err := s.CreateProfile(ctx, sampleProfile("a2", "u1"))
	assert.ErrorIs(t, err, profile.ErrUsernameTaken)
	_, err = s.GetProfile(ctx, "a2")
	assert.ErrorIs(t, err, profile.ErrNotFound, "a failed create stored something")
}

// profileUpdateRoundTrip checks that an update changing every field reads
// back unchanged.
func profileUpdateRoundTrip(t *testing.T, open openProfile) {
	ctx := context.Background()
	s := open(t)
	p := sampleProfile("a1", "u1")
	require.NoError(t, s.CreateProfile(ctx, p))
	next := p
	next.Name, next.PublicName, next.Language = "Имя Фамилия", "Имя", "ru"
	next.Landline, next.Mobile, next.Photo = "", "", ""
	next.Settings.CapitalizeFirstLetter = false
	next.Username, next.Role, next.BusinessUnit = "u1-renamed", "agent", ""
	next.Version = 2
	next.UpdatedAt = base.Add(time.Hour)
	require.NoError(t, s.UpdateProfile(ctx, next, 1))
	got, err := s.GetProfile(ctx, "a1")
	require.NoError(t, err)
	assertSameProfile(t, next, got)
}

// profileUpdateMissing checks that updating an unknown ID fails with
// profile.ErrNotFound.
func profileUpdateMissing(t *testing.T, open openProfile) {
	ctx := context.Background()
	s := open(t)
	p := sampleProfile("ghost", "g")
	p.Version = 2
	assert.ErrorIs(t, s.UpdateProfile(ctx, p, 1), profile.ErrNotFound)
}

// profileUpdateStaleVersionConflicts checks that of two updates based on the
// same version the second fails with profile.ErrConflict and changes
// nothing.
func profileUpdateStaleVersionConflicts(t *testing.T, open openProfile) {
	ctx := context.Background()
	s := open(t)
	p := sampleProfile("a1", "u1")
	require.NoError(t, s.CreateProfile(ctx, p))
	first := p
	first.Name, first.Version = "First", 2
	require.NoError(t, s.UpdateProfile(ctx, first, 1))
	second := p
	second.Name, second.Version = "Second", 2
	assert.ErrorIs(t, s.UpdateProfile(ctx, second, 1), profile.ErrConflict)
	got, err := s.GetProfile(ctx, "a1")
	require.NoError(t, err)
	assert.Equal(t, "First", got.Name)
	assert.Equal(t, int64(2), got.Version)
}

// profileUpdateToTakenUsername checks that renaming to another profile's
// username fails with profile.ErrUsernameTaken and changes nothing.
func profileUpdateToTakenUsername(t *testing.T, open openProfile) {
	ctx := context.Background()
	s := open(t)
	require.NoError(t, s.CreateProfile(ctx, sampleProfile("a1", "u1")))
	require.NoError(t, s.CreateProfile(ctx, sampleProfile("a2", "u2")))
	p := sampleProfile("a2", "u1")
	p.Version = 2
	assert.ErrorIs(t, s.UpdateProfile(ctx, p, 1), profile.ErrUsernameTaken)
	got, err := s.GetProfile(ctx, "a2")
	require.NoError(t, err)
	assert.Equal(t, "u2", got.Username)
	assert.Equal(t, int64(1), got.Version)
}

// profileRenameFreesOldUsername checks that a renamed profile's old username
// can be taken by another.
func profileRenameFreesOldUsername(t *testing.T, open openProfile) {
	ctx := context.Background()
	s := open(t)
	require.NoError(t, s.CreateProfile(ctx, sampleProfile("a1", "u1")))
	p := sampleProfile("a1", "u1-new")
	p.Version = 2
	require.NoError(t, s.UpdateProfile(ctx, p, 1))
	assert.NoError(t, s.CreateProfile(ctx, sampleProfile("a2", "u1")))
}

// profileIsolationBetweenAgents checks that an update of one profile leaves
// another unchanged.
func profileIsolationBetweenAgents(t *testing.T, open openProfile) {
	ctx := context.Background()
	s := open(t)
	a, b := sampleProfile("a1", "u1"), sampleProfile("a2", "u2")
	b.Name = "Other"
	require.NoError(t, s.CreateProfile(ctx, a))
	require.NoError(t, s.CreateProfile(ctx, b))
	next := a
	next.Name, next.Version = "Changed", 2
	require.NoError(t, s.UpdateProfile(ctx, next, 1))
	got, err := s.GetProfile(ctx, "a2")
	require.NoError(t, err)
	assertSameProfile(t, b, got)
}

// profileReturnedValuesAreCopies checks that changing a given or returned
// Profile changes nothing stored.
func profileReturnedValuesAreCopies(t *testing.T, open openProfile) {
	ctx := context.Background()
	s := open(t)
	p := sampleProfile("a1", "u1")
	require.NoError(t, s.CreateProfile(ctx, p))
	p.Name = "mutated after create"
	got, err := s.GetProfile(ctx, "a1")
	require.NoError(t, err)
	got.Name = "mutated after get"
	again, err := s.GetProfile(ctx, "a1")
	require.NoError(t, err)
	assert.Equal(t, sampleProfile("a1", "u1").Name, again.Name)
}

// profileCancelledContext checks that every method fails with
// context.Canceled on a cancelled context, and that a cancelled update
// changes nothing.
func profileCancelledContext(t *testing.T, open openProfile) {
	ctx := context.Background()
	s := open(t)
	require.NoError(t, s.CreateProfile(ctx, sampleProfile("a1", "u1")))
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	_, err := s.GetProfile(cctx, "a1")
	assert.ErrorIs(t, err, context.Canceled)
	assert.ErrorIs(t, s.CreateProfile(cctx, sampleProfile("a2", "u2")), context.Canceled)
	p := sampleProfile("a1", "u1")
	p.Version = 2
	assert.ErrorIs(t, s.UpdateProfile(cctx, p, 1), context.Canceled)
	got, err := s.GetProfile(ctx, "a1")
	require.NoError(t, err)
	assert.Equal(t, int64(1), got.Version, "a cancelled update was applied")
}

// profileConcurrentWritersLoseNoUpdate checks that concurrent writers
// retrying on profile.ErrConflict lose no update.
func profileConcurrentWritersLoseNoUpdate(t *testing.T, open openProfile) {
	ctx := context.Background()
	s := open(t)
	p := sampleProfile("a1", "u1")
	p.Name = ""
	require.NoError(t, s.CreateProfile(ctx, p))
	const writers = 50
	errs := concurrently(writers, func(i int) error { return appendWithRetry(ctx, s, "a1", fmt.Sprintf("<%d>", i)) })
	for _, err := range errs {
		require.NoError(t, err)
	}
	got, err := s.GetProfile(ctx, "a1")
	require.NoError(t, err)
	assert.Equal(t, int64(1+writers), got.Version)
	for i := range writers {
		assert.Contains(t, got.Name, fmt.Sprintf("<%d>", i), "update %d was lost", i)
	}
}

// profileConcurrentCreatesOneUsernameWinner checks that of concurrent
// creates of one username exactly one succeeds.
func profileConcurrentCreatesOneUsernameWinner(t *testing.T, open openProfile) {
	ctx := context.Background()
	s := open(t)
	errs := concurrently(20, func(i int) error {
		return s.CreateProfile(ctx, sampleProfile(fmt.Sprintf("a%d", i), "same"))
	})
	assertOneWinner(t, errs, profile.ErrUsernameTaken)
}

// profileRoundTripLargestAcceptedValues checks that the largest value of
// every field the Service accepts reads back unchanged, through the Service
// and straight to the store, on create and on update.
func profileRoundTripLargestAcceptedValues(t *testing.T, open openProfile) {
	ctx := context.Background()
	s := open(t)
	want := largestProfile("a1")

	// Through the Service, which accepts each value unchanged.
	svc := profile.New(s, nil)
	created, err := svc.Create(ctx, profile.NewAgent{
		ID: want.ID, Username: want.Username, Role: want.Role, BusinessUnit: want.BusinessUnit,
		Name: want.Name, PublicName: want.PublicName, Language: want.Language,
	})
	require.NoError(t, err, "the largest values must be accepted")
	assert.Equal(t, []string{want.ID, want.Username, want.Role, want.BusinessUnit, want.Name, want.PublicName, want.Language},
		[]string{created.ID, created.Username, created.Role, created.BusinessUnit, created.Name, created.PublicName, created.Language},
		"the largest values must be prepared already")
	withPhoto, err := svc.SetPhoto(ctx, created.ID, created.Version, want.Photo)
	require.NoError(t, err)
	got, err := s.GetProfile(ctx, want.ID)
	require.NoError(t, err)
	assertSameProfile(t, withPhoto, got)

	// Straight to the store: the largest skeleton, phone numbers,
	// version and time, on create and on update.
	direct := largestProfile("a2")
	direct.Username, direct.UsernameSkeleton = "d"+direct.Username[1:], "d"+direct.UsernameSkeleton[1:]
	require.NoError(t, s.CreateProfile(ctx, direct))
	got, err = s.GetProfile(ctx, direct.ID)
	require.NoError(t, err)
	assertSameProfile(t, direct, got)

	small := sampleProfile(largestProfile("a3").ID, "u3")
	require.NoError(t, s.CreateProfile(ctx, small))
	next := largestProfile("a3")
	next.Username, next.UsernameSkeleton = "y"+next.Username[1:], "y"+next.UsernameSkeleton[1:]
	next.Version = 2
	require.NoError(t, s.UpdateProfile(ctx, next, 1))
	got, err = s.GetProfile(ctx, next.ID)
	require.NoError(t, err)
	assertSameProfile(t, next, got)
}

// profileCreateConfusableUsername checks that a create with another
// profile's skeleton fails with profile.ErrUsernameConfusable and stores
// nothing.
func profileCreateConfusableUsername(t *testing.T, open openProfile) {
	ctx := context.Background()
	s := open(t)
	first := sampleProfile("a1", "admin")
	first.UsernameSkeleton = "adrnin"
	require.NoError(t, s.CreateProfile(ctx, first))
	second := sampleProfile("a2", "admın")
	second.UsernameSkeleton = "adrnin"
	err := s.CreateProfile(ctx, second)
	assert.ErrorIs(t, err, profile.ErrUsernameConfusable)
	assert.NotErrorIs(t, err, profile.ErrUsernameTaken)
	_, err = s.GetProfile(ctx, "a2")
	assert.ErrorIs(t, err, profile.ErrNotFound, "a refused create stored something")
}

// profileSameUsernameIsTakenNotConfusable checks that a username held by
// another profile is reported as profile.ErrUsernameTaken, not as
// confusable, on create and on update.
func profileSameUsernameIsTakenNotConfusable(t *testing.T, open openProfile) {
	ctx := context.Background()
	s := open(t)
	first := sampleProfile("a1", "admin")
	first.UsernameSkeleton = "adrnin"
	require.NoError(t, s.CreateProfile(ctx, first))
	second := sampleProfile("a2", "admin")
	second.UsernameSkeleton = "adrnin"
	err := s.CreateProfile(ctx, second)
	assert.ErrorIs(t, err, profile.ErrUsernameTaken)
	assert.NotErrorIs(t, err, profile.ErrUsernameConfusable)

	third := sampleProfile("a3", "other")
	third.UsernameSkeleton = "other"
	require.NoError(t, s.CreateProfile(ctx, third))
	third.Username, third.Version = "admin", 2
	third.UsernameSkeleton = "adrnin"
	err = s.UpdateProfile(ctx, third, 1)
	assert.ErrorIs(t, err, profile.ErrUsernameTaken)
	assert.NotErrorIs(t, err, profile.ErrUsernameConfusable)
}

// profileUpdateToConfusableUsername checks that renaming to another
// profile's skeleton fails with profile.ErrUsernameConfusable and changes
// nothing, while a profile keeps its own skeleton through an update.
func profileUpdateToConfusableUsername(t *testing.T, open openProfile) {
	ctx := context.Background()
	s := open(t)
	first := sampleProfile("a1", "admin")
	first.UsernameSkeleton = "adrnin"
	require.NoError(t, s.CreateProfile(ctx, first))
	second := sampleProfile("a2", "grace")
	second.UsernameSkeleton = "grace"
	require.NoError(t, s.CreateProfile(ctx, second))
	next := second
	next.Username, next.UsernameSkeleton, next.Version = "admın", "adrnin", 2
	err := s.UpdateProfile(ctx, next, 1)
	assert.ErrorIs(t, err, profile.ErrUsernameConfusable)
	got, err := s.GetProfile(ctx, "a2")
	require.NoError(t, err)
	assertSameProfile(t, second, got)

	// A profile keeps its own skeleton through an update.
	same := first
	same.Name, same.Version = "Changed", 2
	require.NoError(t, s.UpdateProfile(ctx, same, 1))
}

// profileRenameFreesOldSkeleton checks that a renamed profile's old skeleton
// is free and its new one taken.
func profileRenameFreesOldSkeleton(t *testing.T, open openProfile) {
	ctx := context.Background()
	s := open(t)
	first := sampleProfile("a1", "admin")
	first.UsernameSkeleton = "adrnin"
	require.NoError(t, s.CreateProfile(ctx, first))
	renamed := first
	renamed.Username, renamed.UsernameSkeleton, renamed.Version = "root", "root", 2
	require.NoError(t, s.UpdateProfile(ctx, renamed, 1))
	second := sampleProfile("a2", "admın")
	second.UsernameSkeleton = "adrnin"
	assert.NoError(t, s.CreateProfile(ctx, second))
	third := sampleProfile("a3", "rοοt")
	third.UsernameSkeleton = "root"
	assert.ErrorIs(t, s.CreateProfile(ctx, third), profile.ErrUsernameConfusable)
}

// profileEmptySkeletonsAreNotCompared checks that empty skeletons never
// clash and that a skeleton can be set and removed.
func profileEmptySkeletonsAreNotCompared(t *testing.T, open openProfile) {
	ctx := context.Background()
	s := open(t)
	require.NoError(t, s.CreateProfile(ctx, sampleProfile("a1", "u1")))
	require.NoError(t, s.CreateProfile(ctx, sampleProfile("a2", "u2")))
	got, err := s.GetProfile(ctx, "a2")
	require.NoError(t, err)
	assert.Empty(t, got.UsernameSkeleton)
	got.UsernameSkeleton, got.Version = "u2", 2
	require.NoError(t, s.UpdateProfile(ctx, got, 1))
	got.UsernameSkeleton, got.Version = "", 3
	require.NoError(t, s.UpdateProfile(ctx, got, 2), "a skeleton can be removed")
	again, err := s.GetProfile(ctx, "a2")
	require.NoError(t, err)
	assert.Empty(t, again.UsernameSkeleton)
}

// profileConcurrentCreatesOneSkeletonWinner checks that of concurrent
// creates of look-alike usernames exactly one succeeds.
func profileConcurrentCreatesOneSkeletonWinner(t *testing.T, open openProfile) {
	ctx := context.Background()
	s := open(t)
	errs := concurrently(20, func(i int) error {
		p := sampleProfile(fmt.Sprintf("a%d", i), fmt.Sprintf("look-alike-%d", i))
		p.UsernameSkeleton = "same"
		return s.CreateProfile(ctx, p)
	})
	assertOneWinner(t, errs, profile.ErrUsernameConfusable)
}

// profileErrorsQuoteAShortIDPrefix checks that errors about a very long ID
// quote a short prefix of it.
func profileErrorsQuoteAShortIDPrefix(t *testing.T, open openProfile) {
	ctx := context.Background()
	s := open(t)
	long := strings.Repeat("i", 1<<20)
	_, err := s.GetProfile(ctx, long)
	require.ErrorIs(t, err, profile.ErrNotFound)
	assert.Less(t, len(err.Error()), 200, "the error echoes the ID: %.200s", err)
	p := sampleProfile(long, "u1")
	p.Version = 2
	err = s.UpdateProfile(ctx, p, 1)
	require.ErrorIs(t, err, profile.ErrNotFound)
	assert.Less(t, len(err.Error()), 200, "the error echoes the ID: %.200s", err)
}

// profileServiceRefusesConfusableUsernames checks, through the profile
// Service, that look-alike, mixed-script and differently cased copies of
// stored usernames are refused with their codes and stored nowhere.
func profileServiceRefusesConfusableUsernames(t *testing.T, open openProfile) {
	ctx := context.Background()
	s := open(t)
	svc := profile.New(s, nil)
	for i, original := range []string{"ada", "paypal", "root", "admin", "ace"} {
		_, err := svc.Create(ctx, profile.NewAgent{
			ID: fmt.Sprintf("orig-%d", i), Username: original, Role: "agent", Name: "N", PublicName: "N",
		})
		require.NoError(t, err, original)
	}
	for i, tt := range []struct {
		username string
		code     profilekit.Code
	}{
		{"аda", profilekit.CodeUsernameMixedScript},    // Cyrillic а
		{"pаypаl", profilekit.CodeUsernameMixedScript}, // Cyrillic а twice
		{"rοοt", profilekit.CodeUsernameMixedScript},   // Greek ο
		{"admın", profilekit.CodeUsernameConfusable},   // dotless ı
		{"adɑ", profilekit.CodeUsernameConfusable},     // Latin alpha
		{"асе", profilekit.CodeUsernameConfusable},     // all Cyrillic
		{"ADMIN", profilekit.CodeUsernameTaken},
	} {
		_, err := svc.Create(ctx, profile.NewAgent{
			ID: fmt.Sprintf("copy-%d", i), Username: tt.username, Role: "agent", Name: "N", PublicName: "N",
		})
		var verr *profile.ValidationError
		require.ErrorAs(t, err, &verr, tt.username)
		assert.Equal(t, []profilekit.Code{tt.code}, verr.Codes(), tt.username)
		if tt.code == profilekit.CodeUsernameConfusable {
			assert.ErrorIs(t, err, profile.ErrUsernameConfusable, tt.username)
		}
		_, err = s.GetProfile(ctx, fmt.Sprintf("copy-%d", i))
		assert.ErrorIs(t, err, profile.ErrNotFound, "%s was stored", tt.username)
	}
}

// appendWithRetry appends tag to the profile's Name, reading again and
// retrying whenever another writer got in first, as a Service caller would.
func appendWithRetry(ctx context.Context, s profile.Store, id, tag string) error {
	return retryOnConflict(profile.ErrConflict, func() error {
		p, err := s.GetProfile(ctx, id)
		if err != nil {
			return err
		}
		expected := p.Version
		p.Name += tag
		p.Version++
		return s.UpdateProfile(ctx, p, expected)
	})
}

// assertSameProfile compares two profiles, times by instant and location.
func assertSameProfile(t *testing.T, want, got profile.Profile) {
	t.Helper()
	assert.True(t, want.CreatedAt.Equal(got.CreatedAt), "CreatedAt: want %v, got %v", want.CreatedAt, got.CreatedAt)
	assert.True(t, want.UpdatedAt.Equal(got.UpdatedAt), "UpdatedAt: want %v, got %v", want.UpdatedAt, got.UpdatedAt)
	assert.Equal(t, time.UTC, got.CreatedAt.Location(), "CreatedAt must be UTC")
	assert.Equal(t, time.UTC, got.UpdatedAt.Location(), "UpdatedAt must be UTC")
	want.CreatedAt, want.UpdatedAt, got.CreatedAt, got.UpdatedAt = time.Time{}, time.Time{}, time.Time{}, time.Time{}
	assert.Equal(t, want, got)
}

// LegacyUsernames returns usernames for an adapter's test of its migration
// 0004, a new slice at each call: the test stores them, in this order of creation and with the IDs
// "legacy-0", "legacy-1", …, in a database migrated up to 0003, then opens
// the store (which applies 0004) and calls CheckSkeletonBackfill. "adrnin"
// looks like the earlier "admin", "zoë" is not ASCII, and the last holds
// every ASCII character a prepared username may.
func LegacyUsernames() []string {
	return []string{
		"admin", "bob1", "adrnin", "zoë",
		"!\"#$%&'()*+,-./0123456789:;<=>?@[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~",
	}
}

// CheckSkeletonBackfill checks the skeletons that an adapter's Open gave
// the profiles of LegacyUsernames stored before migration 0004: the
// skeleton of every username, "zoë" too, except where an earlier one has
// the same. It then checks that the profile Service still saves the
// look-alike (which keeps no skeleton) and "zoë", and refuses a new
// username that looks like a backfilled one.
func CheckSkeletonBackfill(t *testing.T, s profile.Store) {
	t.Helper()
	ctx := context.Background()
	legacy := LegacyUsernames()
	want := []string{"adrnin", "bobl", "", confusables.Skeleton("zoë"), confusables.Skeleton(legacy[4])}
	for i := range legacy {
		p, err := s.GetProfile(ctx, fmt.Sprintf("legacy-%d", i))
		require.NoError(t, err)
		assert.Equal(t, want[i], p.UsernameSkeleton, legacy[i])
	}
	svc := profile.New(s, nil)
	p, err := svc.Update(ctx, "legacy-2", 1, profile.Patch{Name: new("Renamed")})
	require.NoError(t, err, "the agent of a look-alike legacy username must still be able to save")
	assert.Empty(t, p.UsernameSkeleton)
	p, err = svc.Update(ctx, "legacy-3", 1, profile.Patch{Name: new("Zoë")})
	require.NoError(t, err)
	assert.Equal(t, confusables.Skeleton("zoë"), p.UsernameSkeleton)
	_, err = svc.Create(ctx, profile.NewAgent{ID: "new", Username: "bobl", Role: "agent", Name: "N", PublicName: "N"})
	assert.ErrorIs(t, err, profile.ErrUsernameConfusable)
}
