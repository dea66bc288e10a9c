package storagetest

import (
	"context"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/convrs/profilekit"
	"github.com/convrs/profilekit/profile"
)

// The cases of profile.RoleKeeper: the last holder of a role keeps it,
// atomically. A store that does not implement it skips them, naming the
// interface.

// keeperOf returns s as a profile.RoleKeeper, or skips t.
func keeperOf(t *testing.T, s profile.Store) profile.RoleKeeper {
	t.Helper()
	k, ok := s.(profile.RoleKeeper)
	if !ok {
		t.Skipf("%T does not implement profile.RoleKeeper: profile.Service.AdminUpdate with Options.AdminRole fails with profile.ErrUnsupported when it would take the role", s)
	}
	return k
}

// holder is a stored profile id with role, at version 1.
func holder(t *testing.T, s profile.Store, id, role string) {
	t.Helper()
	p := sampleProfile(id, "user-"+id)
	p.Role = role
	require.NoError(t, s.CreateProfile(context.Background(), p))
}

// withRole returns the stored profile id with role, at the next version,
// and the version it was based on.
func withRole(t *testing.T, s profile.Store, id, role string) (profile.Profile, int64) {
	t.Helper()
	p, err := s.GetProfile(context.Background(), id)
	require.NoError(t, err)
	expected := p.Version
	p.Role = role
	p.Version++
	return p, expected
}

// holders counts the stored profiles among ids that have role.
func holders(t *testing.T, s profile.Store, role string, ids ...string) int {
	t.Helper()
	n := 0
	for _, id := range ids {
		p, err := s.GetProfile(context.Background(), id)
		require.NoError(t, err)
		if p.Role == role {
			n++
		}
	}
	return n
}

// profileKeepRoleRefusesLastHolder checks that UpdateProfileKeepingRole
// refuses to take role from its only holder and changes nothing, lets it
// go when another profile has it, and otherwise behaves as UpdateProfile
// (missing profile, stale version).
func profileKeepRoleRefusesLastHolder(t *testing.T, open openProfile) {
	ctx := context.Background()
	s := open(t)
	k := keeperOf(t, s)
	holder(t, s, "a1", "admin")
	holder(t, s, "a2", "agent")
	holder(t, s, "a3", "Admin") // another role: compared byte for byte

	p, expected := withRole(t, s, "a1", "agent")
	err := k.UpdateProfileKeepingRole(ctx, p, expected, "admin")
	require.ErrorIs(t, err, profile.ErrLastAdmin)
	assert.Equal(t, profilekit.CodeProfileLastAdmin, profilekit.CodeOf(err))
	got, err := s.GetProfile(ctx, "a1")
	require.NoError(t, err)
	assert.Equal(t, "admin", got.Role)
	assert.Equal(t, int64(1), got.Version, "a refused update changed the profile")

	p.ID = "missing"
	assert.ErrorIs(t, k.UpdateProfileKeepingRole(ctx, p, expected, "admin"), profile.ErrNotFound)
	p, _ = withRole(t, s, "a1", "agent")
	assert.ErrorIs(t, k.UpdateProfileKeepingRole(ctx, p, 7, "admin"), profile.ErrConflict)

	// A second holder lets the first go; then the second is the last.
	p, expected = withRole(t, s, "a2", "admin")
	require.NoError(t, k.UpdateProfileKeepingRole(ctx, p, expected, "admin"), "a2 still an agent: not a demotion of the last")
	p, expected = withRole(t, s, "a1", "agent")
	require.NoError(t, k.UpdateProfileKeepingRole(ctx, p, expected, "admin"))
	p, expected = withRole(t, s, "a2", "agent")
	assert.ErrorIs(t, k.UpdateProfileKeepingRole(ctx, p, expected, "admin"), profile.ErrLastAdmin)
	assert.Equal(t, 1, holders(t, s, "admin", "a1", "a2", "a3"))
	p, expected = withRole(t, s, "a2", "admin")
	p.Name = "renamed, still admin"
	assert.NoError(t, k.UpdateProfileKeepingRole(ctx, p, expected, "admin"), "a change that keeps the role")
}

// profileKeepRoleConcurrentDemotionsLeaveOne checks that concurrent calls
// that each take role from a holder never leave it with none: two holders
// demoting each other leave one, and of five holders each demoting
// itself, four succeed.
func profileKeepRoleConcurrentDemotionsLeaveOne(t *testing.T, open openProfile) {
	ctx := context.Background()
	s := open(t)
	k := keeperOf(t, s)
	// Each round races for a role of its own, held by two profiles.
	for round := range 20 {
		role := fmt.Sprintf("admin-%d", round)
		a, b := fmt.Sprintf("r%d-a", round), fmt.Sprintf("r%d-b", round)
		holder(t, s, a, role)
		holder(t, s, b, role)
		pa, ea := withRole(t, s, a, "agent")
		pb, eb := withRole(t, s, b, "agent")
		errs := concurrently(2, func(i int) error {
			if i == 0 {
				return k.UpdateProfileKeepingRole(ctx, pb, eb, role)
			}
			return k.UpdateProfileKeepingRole(ctx, pa, ea, role)
		})
		assertOneWinner(t, errs, profile.ErrLastAdmin)
		require.Equal(t, 1, holders(t, s, role, a, b), "round %d", round)
	}
	// Five holders each taking the role from itself: four succeed.
	for round := range 5 {
		role := fmt.Sprintf("lead-%d", round)
		const n = 5
		ids := make([]string, n)
		for i := range n {
			ids[i] = fmt.Sprintf("l%d-%d", round, i)
			holder(t, s, ids[i], role)
		}
		errs := concurrently(n, func(i int) error {
			p, expected := withRole(t, s, ids[i], "agent")
			return k.UpdateProfileKeepingRole(ctx, p, expected, role)
		})
		won := 0
		for _, err := range errs {
			if err == nil {
				won++
				continue
			}
			assert.ErrorIs(t, err, profile.ErrLastAdmin)
		}
		assert.Equal(t, n-1, won, "round %d", round)
		require.Equal(t, 1, holders(t, s, role, ids...), "round %d", round)
	}
}

// profileServiceKeepsLastAdmin checks profile.Service.AdminUpdate with
// Options.AdminRole over the store: the last administrator stays one,
// through the Service, and demotions racing through two Services on the
// store leave one.
func profileServiceKeepsLastAdmin(t *testing.T, open openProfile) {
	ctx := context.Background()
	s := open(t)
	keeperOf(t, s)
	opts := &profile.Options{AdminRole: "admin"}
	one, two := profile.New(s, opts), profile.New(s, opts)
	create := func(id, role string) profile.Profile {
		p, err := one.Create(ctx, profile.NewAgent{ID: id, Username: id, Role: role, Name: "N", PublicName: "N"})
		require.NoError(t, err)
		return p
	}
	boss := create("boss", "admin")
	agent := "agent"
	_, err := one.AdminUpdate(ctx, boss.ID, boss.Version, profile.Patch{Role: &agent})
	require.ErrorIs(t, err, profile.ErrLastAdmin)
	got, err := s.GetProfile(ctx, boss.ID)
	require.NoError(t, err)
	assert.Equal(t, "admin", got.Role)

	deputy := create("deputy", "admin")
	errs := concurrently(2, func(i int) error {
		if i == 0 {
			_, err := one.AdminUpdate(ctx, deputy.ID, deputy.Version, profile.Patch{Role: &agent})
			return err
		}
		_, err := two.AdminUpdate(ctx, boss.ID, boss.Version, profile.Patch{Role: &agent})
		return err
	})
	assertOneWinner(t, errs, profile.ErrLastAdmin)
	assert.Equal(t, 1, holders(t, s, "admin", boss.ID, deputy.ID))
}
