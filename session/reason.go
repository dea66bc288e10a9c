package session

import (
	"github.com/convrs/profilekit"
	"github.com/convrs/profilekit/internal/kit"
)

// Reason says why sessions ended, in a Revoked event. It is one of the
// constants below; as text it is their value ("sign_out").
type Reason string

// The reasons sessions end.
const (
	// ReasonSignOut is the agent signing out: Revoke, or the agent ending
	// one of their sessions, or all the others, from a list.
	ReasonSignOut Reason = "sign_out"
	// ReasonPasswordChanged is the agent's password changing: the other
	// sessions end so that whoever knew the old password is signed out.
	ReasonPasswordChanged Reason = "password_changed"
	// ReasonAdmin is an administrator ending the agent's sessions.
	ReasonAdmin Reason = "admin"
	// ReasonExpired is the session's idle or absolute expiry passing,
	// noticed by Lookup or Sweep.
	ReasonExpired Reason = "expired"
)

// reasons lists the Reasons in the order of the constants.
var reasons = [...]Reason{ReasonSignOut, ReasonPasswordChanged, ReasonAdmin, ReasonExpired}

// String returns the reason as text.
func (r Reason) String() string { return string(r) }

// Valid reports whether r is one of the Reason constants.
func (r Reason) Valid() bool {
	for _, known := range reasons {
		if r == known {
			return true
		}
	}
	return false
}

// MarshalText returns the reason as text, or a *ValidationError for a
// value that is not one of the constants.
func (r Reason) MarshalText() ([]byte, error) {
	if err := r.check(); err != nil {
		return nil, err
	}
	return []byte(r), nil
}

// UnmarshalText reads a reason from its text, refusing with a
// *ValidationError (profilekit.CodeRevokeReasonUnknown) any text that
// is not one of the constants' values.
func (r *Reason) UnmarshalText(b []byte) error {
	v := Reason(b)
	if err := v.check(); err != nil {
		return err
	}
	*r = v
	return nil
}

// ParseReason returns the Reason whose text is s, or a *ValidationError
// (profilekit.CodeRevokeReasonUnknown) on FieldReason.
func ParseReason(s string) (Reason, error) {
	var r Reason
	err := r.UnmarshalText([]byte(s))
	return r, err
}

// check returns nil for a known reason and the *ValidationError of an
// unknown one.
func (r Reason) check() error {
	if r.Valid() {
		return nil
	}
	return kit.Invalid(domain, reasonProblem())
}

// reasonProblem is the problem of an unknown Reason.
func reasonProblem() profilekit.FieldError {
	return profilekit.FieldError{Field: FieldReason, Code: profilekit.CodeRevokeReasonUnknown,
		Message: profilekit.CodeRevokeReasonUnknown.Message()}
}
