package profile_test

import (
	"context"
	"errors"
	"slices"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/convrs/profilekit/profile"
	"github.com/convrs/profilekit/profilekittest"
	"github.com/convrs/profilekit/storage/memory"
)

func TestRoleSetFoldsCase(t *testing.T) {
	rs, err := profile.NewRoleSet("admin", "Supervisor", "agent")
	require.NoError(t, err)
	assert.Equal(t, []string{"admin", "Supervisor", "agent"}, rs.Roles())
	for in, want := range map[string]string{
		"admin": "admin", "ADMIN": "admin", " Admin ": "admin", "Ａｄｍｉｎ": "admin",
		"supervisor": "Supervisor", "SUPERVISOR": "Supervisor", "agent": "agent",
	} {
		got, err := rs.Parse(in)
		require.NoError(t, err, in)
		assert.Equal(t, want, got, in)
	}
	for in, code := range map[string]string{
		"wizard": "role.unknown", "admins": "role.unknown", "аdmin": "role.unknown", // Cyrillic а
		"": "text.required", "ad\u0000min": "text.disallowed_chars",
	} {
		_, err := rs.Parse(in)
		var verr *profile.ValidationError
		require.ErrorAs(t, err, &verr, in)
		assert.Equal(t, []string{"role:" + code}, codes(verr), in)
	}
}

func TestNewRoleSetRefusesBadSets(t *testing.T) {
	for name, roles := range map[string][]string{
		"empty":     nil,
		"duplicate": {"admin", "agent", "ADMIN"},
		"invalid":   {"admin", ""},
	} {
		_, err := profile.NewRoleSet(roles...)
		var verr *profile.ValidationError
		require.ErrorAs(t, err, &verr, name)
	}
	_, err := profile.NewRoleSet("admin", "Admin")
	var verr *profile.ValidationError
	require.ErrorAs(t, err, &verr)
	assert.Equal(t, []string{"role:role.duplicate"}, codes(verr))
}

func TestServiceWithRoles(t *testing.T) {
	ctx := context.Background()
	rs, err := profile.NewRoleSet("admin", "agent")
	require.NoError(t, err)
	store := memory.New()
	t.Cleanup(func() { _ = store.Close() })
	svc := profile.New(store, &profile.Options{Clock: profilekittest.NewClock(t0), Phone: profile.PhoneRules{DefaultRegion: "GB"}, Roles: rs})
	assert.Same(t, rs, svc.Roles())

	a := ada()
	a.Role = "AGENT"
	p, err := svc.Create(ctx, a)
	require.NoError(t, err)
	assert.Equal(t, "agent", p.Role)

	b := ada()
	b.ID, b.Username, b.Role = "agent-2", "grace", "wizard"
	_, err = svc.Create(ctx, b)
	var verr *profile.ValidationError
	require.ErrorAs(t, err, &verr)
	assert.Equal(t, []string{"role:role.unknown"}, codes(verr))
	_, err = svc.Get(ctx, "agent-2")
	assert.ErrorIs(t, err, profile.ErrNotFound, "nothing was created")

	// The agent's own role posted back by a self-service form is no change.
	role := "agent"
	name := "Ada King"
	p, err = svc.Update(ctx, "agent-1", p.Version, profile.Patch{Name: &name, Role: &role})
	require.NoError(t, err)
	assert.Equal(t, "Ada King", p.Name)
}

// FuzzRoleSetParse checks that any input gives a role of the set or a
// validation error, never a panic, and that a role of the set is found in
// upper case.
func FuzzRoleSetParse(f *testing.F) {
	for _, s := range []string{"admin", "ADMIN", "Ａｄｍｉｎ", "", "ad\u0000min", "\xff", "ǅ"} {
		f.Add(s)
	}
	rs, err := profile.NewRoleSet("admin", "Supervisor", "ǆungla")
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := rs.Parse(s)
		if err != nil {
			var verr *profile.ValidationError
			if !errors.As(err, &verr) || len(verr.Fields) != 1 || verr.Fields[0].Field != profile.FieldRole {
				t.Fatalf("Parse(%q): %v", s, err)
			}
			return
		}
		if !slices.Contains(rs.Roles(), got) {
			t.Fatalf("Parse(%q) = %q, not a role of the set", s, got)
		}
		if !utf8.ValidString(s) {
			t.Fatalf("Parse(%q) accepted invalid UTF-8", s)
		}
	})
}
