package kit

import (
	"strconv"

	"github.com/convrs/profilekit"
)

// Enum is the text form of an enumeration: typed int constants with
// String and text marshalling, where a text that names no constant is a
// coded problem naming the field, as every other bad input is. Every enum
// of profilekit (presence.Status, password.FailurePolicy,
// profile.PhoneKind, photo.Format, …) declares one, as a package-level
// value it never changes, and delegates its methods to it:
//
//	var statusText = kit.Enum[Status]{Type: "Status", Domain: domain,
//		Field: FieldStatus, Code: profilekit.CodeStatusUnknown, Names: statusNames[:]}
//
//	func (s Status) String() string                 { return statusText.String(s) }
//	func (s Status) MarshalText() ([]byte, error)   { return statusText.Marshal(s) }
//	func (s *Status) UnmarshalText(b []byte) error  { return statusText.Unmarshal(b, s) }
//
// An Enum is safe for concurrent use: its methods only read it.
type Enum[T ~int] struct {
	// Type is the Go type's name, for the String of a value that names no
	// constant: "Status(9)".
	Type string
	// Domain is the domain of the *profilekit.ValidationError an unknown
	// value or text gives.
	Domain string
	// Field names the input in that error: "status", "format".
	Field string
	// Code is that error's code, in the form "<enum>.unknown".
	Code profilekit.Code
	// Names holds the text of each constant at its value's index; ""
	// marks an index that is not a constant (the zero value, when it is
	// not valid).
	Names []string
}

// Valid reports whether v is one of the constants.
func (e *Enum[T]) Valid(v T) bool {
	return v >= 0 && int(v) < len(e.Names) && e.Names[v] != ""
}

// Values returns the constants in the order of their values.
func (e *Enum[T]) Values() []T {
	var out []T
	for i, n := range e.Names {
		if n != "" {
			out = append(out, T(i))
		}
	}
	return out
}

// String returns the text of v, or Type(v) ("Status(9)") when v is not a
// constant.
func (e *Enum[T]) String(v T) string {
	if e.Valid(v) {
		return e.Names[v]
	}
	return e.Type + "(" + strconv.Itoa(int(v)) + ")"
}

// Marshal returns the text of v, or a *profilekit.ValidationError for
// Field with Code when v is not a constant: MarshalText.
func (e *Enum[T]) Marshal(v T) ([]byte, error) {
	if e.Valid(v) {
		return []byte(e.Names[v]), nil
	}
	return nil, e.invalid(strconv.Itoa(int(v)))
}

// Parse returns the constant whose text is exactly text, or a
// *profilekit.ValidationError for Field with Code. The error's message
// quotes at most a short prefix of text.
func (e *Enum[T]) Parse(text string) (T, error) {
	for i, n := range e.Names {
		if n != "" && n == text {
			return T(i), nil
		}
	}
	return 0, e.invalid(QuoteID(text))
}

// Unmarshal sets *v to the constant whose text is exactly text, or
// returns Parse's error and leaves *v unchanged: UnmarshalText.
func (e *Enum[T]) Unmarshal(text []byte, v *T) error {
	for i, n := range e.Names {
		if n != "" && string(text) == n { // compared without a copy
			*v = T(i)
			return nil
		}
	}
	return e.invalid(QuoteID(string(text)))
}

// invalid is the problem of a value or text, shown as shown, that names
// no constant.
func (e *Enum[T]) invalid(shown string) error {
	return Invalid(e.Domain, profilekit.FieldError{Field: e.Field, Code: e.Code, Message: shown + " " + e.Code.Message()})
}
