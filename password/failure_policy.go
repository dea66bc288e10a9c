package password

import "fmt"

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

// String returns "refuse" or "accept".
func (f FailurePolicy) String() string {
	switch f {
	case RefuseOnFailure:
		return "refuse"
	case AcceptOnFailure:
		return "accept"
	}
	return fmt.Sprintf("FailurePolicy(%d)", int(f))
}

// MarshalText returns the policy's String form; it fails for unknown values.
func (f FailurePolicy) MarshalText() ([]byte, error) {
	switch f {
	case RefuseOnFailure, AcceptOnFailure:
		return []byte(f.String()), nil
	}
	return nil, fmt.Errorf("password: unknown failure policy %d", int(f))
}

// UnmarshalText parses "refuse" or "accept".
func (f *FailurePolicy) UnmarshalText(text []byte) error {
	switch string(text) {
	case "refuse":
		*f = RefuseOnFailure
	case "accept":
		*f = AcceptOnFailure
	default:
		return fmt.Errorf("password: unknown failure policy %q", text)
	}
	return nil
}
