package password

import (
	"github.com/convrs/profilekit"
	"github.com/convrs/profilekit/internal/kit"
)

// FailurePolicy says what a RangeClient answers when the breached-password
// service cannot be reached or answers badly.
type FailurePolicy int

const (
	// RefuseOnFailure, the default, makes Contains fail with an error
	// wrapping ErrBlocklistUnavailable, so the Policy refuses the password
	// with profilekit.CodePasswordCheckUnavailable.
	RefuseOnFailure FailurePolicy = iota
	// AcceptOnFailure makes Contains report the password as not found. The
	// failure still reaches RangeOptions.ReportFailure, so it is never
	// silent.
	AcceptOnFailure
)

// failurePolicyText is the text form of FailurePolicy.
var failurePolicyText = kit.Enum[FailurePolicy]{
	Type: "FailurePolicy", Domain: domain, Field: FieldOnFailure, Code: profilekit.CodeFailurePolicyUnknown,
	Names: []string{RefuseOnFailure: "refuse", AcceptOnFailure: "accept"},
}

// String returns "refuse" or "accept", or "FailurePolicy(n)" for a value
// that is not one of the constants.
func (f FailurePolicy) String() string { return failurePolicyText.String(f) }

// MarshalText implements encoding.TextMarshaler with the String form. It
// fails with a *ValidationError (FieldOnFailure,
// profilekit.CodeFailurePolicyUnknown) for a value that is not one of the
// constants.
func (f FailurePolicy) MarshalText() ([]byte, error) { return failurePolicyText.Marshal(f) }

// UnmarshalText implements encoding.TextUnmarshaler. It accepts exactly
// "refuse" and "accept" and fails with a *ValidationError (FieldOnFailure,
// profilekit.CodeFailurePolicyUnknown) for anything else, leaving f
// unchanged.
func (f *FailurePolicy) UnmarshalText(text []byte) error { return failurePolicyText.Unmarshal(text, f) }
