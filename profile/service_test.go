package profile_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/convrs/profilekit/profilekittest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/convrs/profilekit"
	"github.com/convrs/profilekit/profile"
	"github.com/convrs/profilekit/storage/memory"
)

var t0 = time.Date(2026, 11, 26, 10, 0, 0, 123456789, time.FixedZone("CET", 3600))

func newService(t *testing.T) (*profile.Service, *profilekittest.Clock) {
	t.Helper()
	clock := profilekittest.NewClock(t0)
	store := memory.New()
	t.Cleanup(func() { _ = store.Close() })
	return profile.New(store, &profile.Options{
		Clock: clock,
		Phone: profile.PhoneRules{DefaultRegion: "GB"},
	}), clock
}

func ada() profile.NewAgent {
	return profile.NewAgent{
		ID: "agent-1", Username: "Ada", Role: "agent", BusinessUnit: "Support",
		Name: " Ada  Lovelace ", PublicName: "Ada", Language: "en_gb",
		Landline: "020 7946 0018", Mobile: "07400 123456",
	}
}

func TestCreate(t *testing.T) {
	ctx := context.Background()
	svc, _ := newService(t)
	p, err := svc.Create(ctx, ada())
	require.NoError(t, err)
	assert.Equal(t, profile.Profile{
		ID: "agent-1", Username: "ada", UsernameSkeleton: "ada", Role: "agent", BusinessUnit: "Support",
		Name: "Ada Lovelace", PublicName: "Ada", Language: "en-GB",
		Landline: "+442079460018", Mobile: "+447400123456",
		Version: 1, CreatedAt: t0.UTC().Truncate(time.Microsecond), UpdatedAt: t0.UTC().Truncate(time.Microsecond),
	}, p)
	got, err := svc.Get(ctx, "agent-1")
	require.NoError(t, err)
	assert.Equal(t, p, got)
}

func TestCreateGeneratesID(t *testing.T) {
	svc, _ := newService(t)
	a := ada()
	a.ID = ""
	p, err := svc.Create(context.Background(), a)
	require.NoError(t, err)
	assert.Len(t, p.ID, 32)
}

func TestCreateReportsEveryProblem(t *testing.T) {
	svc, _ := newService(t)
	_, err := svc.Create(context.Background(), profile.NewAgent{
		ID: "has space", Username: "a b", Role: "", Name: "", PublicName: "🙂",
		Language: "xx", Landline: "07400 123456", Mobile: "020 7946 0018",
	})
	var verr *profile.ValidationError
	require.ErrorAs(t, err, &verr)
	assert.Equal(t, []string{
		"id:id.invalid_chars", "username:text.disallowed_chars", "role:text.required",
		"name:text.required", "public_name:text.no_letter_or_digit", "language:language.unknown",
		"landline:phone.not_landline", "mobile:phone.not_mobile",
	}, codes(verr))
	f, ok := verr.Field(profile.FieldMobile)
	require.True(t, ok)
	assert.Equal(t, profilekit.CodePhoneNotMobile, f.Code)
	_, ok = verr.Field(profile.FieldPhoto)
	assert.False(t, ok)
	assert.Contains(t, err.Error(), "mobile: is a fixed-line number")
}

func TestCreateTakenUsernameAndID(t *testing.T) {
	ctx := context.Background()
	svc, _ := newService(t)
	_, err := svc.Create(ctx, ada())
	require.NoError(t, err)

	again := ada()
	again.ID = "agent-2"
	again.Username = "ADA" // the same username after case mapping
	_, err = svc.Create(ctx, again)
	assert.ErrorIs(t, err, profile.ErrUsernameTaken)
	assert.ErrorIs(t, err, profile.ErrInvalid)
	var verr *profile.ValidationError
	require.ErrorAs(t, err, &verr)
	assert.Equal(t, []string{"username:username.taken"}, codes(verr))

	again = ada()
	again.Username = "other"
	_, err = svc.Create(ctx, again)
	assert.ErrorIs(t, err, profile.ErrAlreadyExists)
}

func TestUpdate(t *testing.T) {
	ctx := context.Background()
	svc, clock := newService(t)
	p, err := svc.Create(ctx, ada())
	require.NoError(t, err)
	clock.Advance(time.Minute)

	got, err := svc.Update(ctx, p.ID, p.Version, profile.Patch{
		Name:     new("Augusta Ada King"),
		Language: new("tr"),
		Mobile:   new("+33 6 12 34 56 78"),
		Landline: new(""), // clears
	})
	require.NoError(t, err)
	want := p
	want.Name, want.Language, want.Mobile, want.Landline = "Augusta Ada King", "tr", "+33612345678", ""
	want.Version = 2
	want.UpdatedAt = clock.Now().UTC().Truncate(time.Microsecond)
	assert.Equal(t, want, got)

	stored, err := svc.Get(ctx, p.ID)
	require.NoError(t, err)
	assert.Equal(t, want, stored)
}

func TestUpdateAllOrNothing(t *testing.T) {
	ctx := context.Background()
	svc, _ := newService(t)
	p, err := svc.Create(ctx, ada())
	require.NoError(t, err)

	_, err = svc.Update(ctx, p.ID, p.Version, profile.Patch{
		Name:       new("A perfectly good name"),
		PublicName: new(strings.Repeat("x", 65)),
		Mobile:     new("020 7946 0018"),
	})
	var verr *profile.ValidationError
	require.ErrorAs(t, err, &verr)
	assert.Equal(t, []string{"public_name:text.too_long", "mobile:phone.not_mobile"}, codes(verr))
	stored, err := svc.Get(ctx, p.ID)
	require.NoError(t, err)
	assert.Equal(t, p, stored, "a rejected update must change nothing")
}

func TestUpdateStaleVersion(t *testing.T) {
	ctx := context.Background()
	svc, _ := newService(t)
	p, err := svc.Create(ctx, ada())
	require.NoError(t, err)
	first, err := svc.Update(ctx, p.ID, p.Version, profile.Patch{Name: new("First")})
	require.NoError(t, err)
	_, err = svc.Update(ctx, p.ID, p.Version, profile.Patch{Name: new("Second")})
	assert.ErrorIs(t, err, profile.ErrConflict)
	stored, err := svc.Get(ctx, p.ID)
	require.NoError(t, err)
	assert.Equal(t, first, stored)
}

func TestUpdateNothingChangedWritesNothing(t *testing.T) {
	ctx := context.Background()
	svc, _ := newService(t)
	p, err := svc.Create(ctx, ada())
	require.NoError(t, err)
	got, err := svc.Update(ctx, p.ID, p.Version, profile.Patch{Name: new("Ada   Lovelace"), Mobile: new("+44 7400 123456")})
	require.NoError(t, err)
	assert.Equal(t, p, got)
	got, err = svc.Update(ctx, p.ID, p.Version, profile.Patch{})
	require.NoError(t, err)
	assert.Equal(t, int64(1), got.Version)
}

func TestUpdateMissing(t *testing.T) {
	svc, _ := newService(t)
	_, err := svc.Update(context.Background(), "nobody", 1, profile.Patch{Name: new("X")})
	assert.ErrorIs(t, err, profile.ErrNotFound)
}

func TestSelfServiceCannotChangeAdminFields(t *testing.T) {
	ctx := context.Background()
	svc, _ := newService(t)
	p, err := svc.Create(ctx, ada())
	require.NoError(t, err)

	_, err = svc.Update(ctx, p.ID, p.Version, profile.Patch{
		Name: new("New name"), Username: new("root"), Role: new("admin"), BusinessUnit: new("Support"),
	})
	require.ErrorIs(t, err, profile.ErrForbidden)
	var ferr *profile.ForbiddenError
	require.ErrorAs(t, err, &ferr)
	assert.Equal(t, []string{profile.FieldUsername, profile.FieldRole}, ferr.Fields)
	assert.Contains(t, err.Error(), "username, role")
	stored, err := svc.Get(ctx, p.ID)
	require.NoError(t, err)
	assert.Equal(t, p, stored)

	_, err = svc.Update(ctx, p.ID, p.Version, profile.Patch{BusinessUnit: new("")})
	require.ErrorAs(t, err, &ferr)
	assert.Equal(t, []string{profile.FieldBusinessUnit}, ferr.Fields)

	// A form that posts the read-only fields unchanged is fine.
	got, err := svc.Update(ctx, p.ID, p.Version, profile.Patch{
		Name: new("New name"), Username: new("ADA"), Role: new("agent"), BusinessUnit: new(" Support "),
	})
	require.NoError(t, err)
	assert.Equal(t, "New name", got.Name)
}

func TestAdminUpdate(t *testing.T) {
	ctx := context.Background()
	svc, _ := newService(t)
	p, err := svc.Create(ctx, ada())
	require.NoError(t, err)
	other := ada()
	other.ID, other.Username = "agent-2", "grace"
	_, err = svc.Create(ctx, other)
	require.NoError(t, err)

	got, err := svc.AdminUpdate(ctx, p.ID, p.Version, profile.Patch{Username: new("Countess"), Role: new("supervisor"), BusinessUnit: new("")})
	require.NoError(t, err)
	assert.Equal(t, "countess", got.Username)
	assert.Equal(t, "supervisor", got.Role)
	assert.Empty(t, got.BusinessUnit)

	_, err = svc.AdminUpdate(ctx, p.ID, got.Version, profile.Patch{Username: new("Grace")})
	assert.ErrorIs(t, err, profile.ErrUsernameTaken)
	var verr *profile.ValidationError
	require.ErrorAs(t, err, &verr)
	assert.Equal(t, []string{"username:username.taken"}, codes(verr))
}

func TestUpdateLanguageRules(t *testing.T) {
	ctx := context.Background()
	set, err := profile.NewLanguageSet("en", "de")
	require.NoError(t, err)
	svc := profile.New(memory.New(), &profile.Options{Languages: set})
	a := ada()
	a.Landline, a.Mobile = "", ""
	p, err := svc.Create(ctx, a)
	require.NoError(t, err)

	p, err = svc.Update(ctx, p.ID, p.Version, profile.Patch{Language: new("de_at")})
	require.NoError(t, err)
	assert.Equal(t, "de-AT", p.Language, "the agent's own tag is kept, canonical")

	_, err = svc.Update(ctx, p.ID, p.Version, profile.Patch{Language: new("ja")})
	var verr *profile.ValidationError
	require.ErrorAs(t, err, &verr)
	assert.Equal(t, []string{"language:language.unsupported"}, codes(verr))

	p, err = svc.Update(ctx, p.ID, p.Version, profile.Patch{Language: new("  ")})
	require.NoError(t, err)
	assert.Empty(t, p.Language)
	assert.Same(t, set, svc.Languages())
}

func TestPhoneWithoutDefaultRegion(t *testing.T) {
	ctx := context.Background()
	svc := profile.New(memory.New(), nil)
	a := ada()
	_, err := svc.Create(ctx, a)
	var verr *profile.ValidationError
	require.ErrorAs(t, err, &verr)
	assert.Equal(t, []string{"landline:phone.needs_region", "mobile:phone.needs_region"}, codes(verr))
	a.Landline, a.Mobile = "+44 20 7946 0018", "+44 7400 123456"
	_, err = svc.Create(ctx, a)
	assert.NoError(t, err)
}

func TestUpdateSettings(t *testing.T) {
	ctx := context.Background()
	svc, _ := newService(t)
	p, err := svc.Create(ctx, ada())
	require.NoError(t, err)
	assert.False(t, p.Settings.CapitalizeFirstLetter)
	p, err = svc.UpdateSettings(ctx, p.ID, p.Version, profile.Settings{CapitalizeFirstLetter: true})
	require.NoError(t, err)
	assert.True(t, p.Settings.CapitalizeFirstLetter)
	assert.Equal(t, int64(2), p.Version)
	assert.Equal(t, "Hello", p.Compose("hello"))
	_, err = svc.UpdateSettings(ctx, p.ID, 1, profile.Settings{})
	assert.ErrorIs(t, err, profile.ErrConflict)
}

func TestSetPhoto(t *testing.T) {
	ctx := context.Background()
	svc, _ := newService(t)
	p, err := svc.Create(ctx, ada())
	require.NoError(t, err)
	p, err = svc.SetPhoto(ctx, p.ID, p.Version, "photos/agent-1/3f9a.webp")
	require.NoError(t, err)
	assert.Equal(t, "photos/agent-1/3f9a.webp", p.Photo)
	for _, bad := range []string{"has space", "nul\x00", strings.Repeat("a", profile.MaxPhotoRefBytes+1), "\xff"} {
		_, err = svc.SetPhoto(ctx, p.ID, p.Version, bad)
		var verr *profile.ValidationError
		require.ErrorAs(t, err, &verr, "%q", bad)
		assert.Equal(t, profile.FieldPhoto, verr.Fields[0].Field)
	}
	_, err = svc.SetPhoto(ctx, p.ID, p.Version, strings.Repeat("a", profile.MaxPhotoRefBytes+1))
	assertFieldCode(t, err, profile.FieldPhoto, profilekit.CodeTextTooLong)
	assertParams(t, err, map[string]any{"max": profile.MaxPhotoRefBytes, "max_bytes": profile.MaxPhotoRefBytes})
	p, err = svc.SetPhoto(ctx, p.ID, p.Version, "")
	require.NoError(t, err)
	assert.Empty(t, p.Photo)
}

func TestCancelledContext(t *testing.T) {
	svc, _ := newService(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := svc.Create(ctx, ada())
	assert.ErrorIs(t, err, context.Canceled)
	_, err = svc.Get(ctx, "agent-1")
	assert.ErrorIs(t, err, context.Canceled)
}

func TestNewIDFailure(t *testing.T) {
	boom := errors.New("entropy ran out")
	svc := profile.New(memory.New(), &profile.Options{NewID: func() (string, error) { return "", boom }})
	a := ada()
	a.ID = ""
	_, err := svc.Create(context.Background(), a)
	assert.ErrorIs(t, err, boom)
}

func TestConcurrentUpdatesWithRetry(t *testing.T) {
	ctx := context.Background()
	svc, _ := newService(t)
	p, err := svc.Create(ctx, ada())
	require.NoError(t, err)
	const writers = 20
	var wg sync.WaitGroup
	for i := range writers {
		wg.Go(func() {
			tag := " " + string(rune('A'+i))
			for {
				cur, err := svc.Get(ctx, p.ID)
				if !assert.NoError(t, err) {
					return
				}
				_, err = svc.Update(ctx, p.ID, cur.Version, profile.Patch{Name: new(cur.Name + tag)})
				if errors.Is(err, profile.ErrConflict) {
					continue
				}
				assert.NoError(t, err)
				return
			}
		})
	}
	wg.Wait()
	got, err := svc.Get(ctx, p.ID)
	require.NoError(t, err)
	assert.Equal(t, int64(1+writers), got.Version)
	for i := range writers {
		assert.Contains(t, got.Name, " "+string(rune('A'+i)))
	}
}

func codes(verr *profile.ValidationError) []string {
	out := make([]string, len(verr.Fields))
	for i, f := range verr.Fields {
		out[i] = f.Field + ":" + string(f.Code)
	}
	return out
}
