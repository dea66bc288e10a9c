package profile

import (
	"fmt"
	"slices"
	"strings"

	"golang.org/x/text/cases"

	"github.com/convrs/profilekit"
)

// RoleSet is the closed set of roles a deployment gives its agents
// ("admin", "supervisor", "agent"). A Service with a RoleSet
// (Options.Roles) accepts only these roles, compared ignoring case after
// the same preparation as any role (PRECIS Nickname), and stores each in
// the spelling the set gives it: "ADMIN" and "Ａｄｍｉｎ" are stored as
// "admin", so a check for the administrator's role cannot be fooled by
// case. It is immutable and safe for concurrent use.
type RoleSet struct {
	roles  []string          // prepared, in the order given
	folded map[string]string // case-folded role → its entry in roles
}

// NewRoleSet returns the set of roles. It fails with a *ValidationError on
// FieldRole when roles is empty, when a role is not valid (empty, too long,
// disallowed characters), or when two roles are equal ignoring case
// (profilekit.CodeRoleDuplicate).
func NewRoleSet(roles ...string) (*RoleSet, error) {
	if len(roles) == 0 {
		return nil, single(FieldRole, invalid(profilekit.CodeTextRequired, "a role set needs at least one role"))
	}
	rs := &RoleSet{folded: make(map[string]string, len(roles))}
	for _, r := range roles {
		v, fe := parseRole(r)
		if fe != nil {
			return nil, single(FieldRole, fe)
		}
		key := foldRole(v)
		if _, dup := rs.folded[key]; dup {
			return nil, single(FieldRole, invalid(profilekit.CodeRoleDuplicate, fmt.Sprintf("%q is named twice", v)))
		}
		rs.folded[key] = v
		rs.roles = append(rs.roles, v)
	}
	return rs, nil
}

// Roles returns the roles in the order given.
func (rs *RoleSet) Roles() []string { return slices.Clone(rs.roles) }

// Parse prepares s as a role and returns the set's spelling of it, or a
// *ValidationError on FieldRole: the text rule's codes, or
// profilekit.CodeRoleUnknown when the set does not hold it.
func (rs *RoleSet) Parse(s string) (string, error) {
	v, fe := rs.parse(s)
	return v, single(FieldRole, fe)
}

// parse is Parse with the field error unwrapped.
func (rs *RoleSet) parse(s string) (string, *FieldError) {
	v, fe := parseRole(s)
	if fe != nil {
		return "", fe
	}
	role, ok := rs.folded[foldRole(v)]
	if !ok {
		return "", invalid(profilekit.CodeRoleUnknown, "is not a known role")
	}
	return role, nil
}

// foldRole case-folds a prepared role for comparison. A cases.Caser is not
// safe for concurrent use, so each call makes its own.
func foldRole(v string) string {
	for i := 0; i < len(v); i++ {
		if v[i] >= 0x80 {
			return cases.Fold().String(v)
		}
	}
	return strings.ToLower(v)
}
