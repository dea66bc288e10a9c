package profile

import (
	"errors"
	"strings"
)

// ErrInvalid reports that input was rejected. Every *ValidationError matches
// it with errors.Is; use errors.As to read the fields and codes.
var ErrInvalid = errors.New("profile: invalid input")

// Field names used in FieldError.Field and ForbiddenError.Fields. They are
// stable and match the JSON names the example server uses.
const (
	FieldID           = "id"
	FieldUsername     = "username"
	FieldRole         = "role"
	FieldBusinessUnit = "business_unit"
	FieldName         = "name"
	FieldPublicName   = "public_name"
	FieldLanguage     = "language"
	FieldLandline     = "landline"
	FieldMobile       = "mobile"
	FieldPhoto        = "photo"
)

// Codes are the stable, machine-readable reasons a field is rejected. A
// client may switch on them; the Message beside them is for people and may
// change.
const (
	CodeRequired        = "text.required"           // an empty required field
	CodeTooLong         = "text.too_long"           // over the field's maximum length
	CodeDisallowedChars = "text.disallowed_chars"   // control, unassigned or otherwise disallowed code points
	CodeNoLetterOrDigit = "text.no_letter_or_digit" // a public name made only of symbols or punctuation
	CodeUsernameTaken   = "username.taken"          // another agent has the username

	CodeLanguageMalformed   = "language.malformed"   // not a well-formed BCP 47 tag
	CodeLanguageUnknown     = "language.unknown"     // well-formed, but a subtag is not registered
	CodeLanguageUnsupported = "language.unsupported" // valid, but no supported language is close enough

	CodePhoneInvalid         = "phone.invalid"          // not a valid number for any region
	CodePhoneNeedsRegion     = "phone.needs_region"     // a national number with no region to read it in
	CodePhoneNotMobile       = "phone.not_mobile"       // a fixed-line number in the mobile field
	CodePhoneNotLandline     = "phone.not_landline"     // a mobile-only number in the landline field
	CodePhoneVoIP            = "phone.voip"             // a VoIP number, unless PhoneRules.AllowVoIP
	CodePhoneTollFree        = "phone.toll_free"        // a toll-free number, unless PhoneRules.AllowTollFree
	CodePhonePremiumRate     = "phone.premium_rate"     // a premium-rate number, unless PhoneRules.AllowPremiumRate
	CodePhoneExtension       = "phone.extension"        // a number with an extension, which E.164 cannot keep
	CodePhoneUnsupportedType = "phone.unsupported_type" // pager, shared cost, UAN, voicemail, personal or unknown type
)

// FieldError is one rejected field.
type FieldError struct {
	// Field names the field, one of the Field constants.
	Field string `json:"field"`
	// Code is the stable reason, one of the Code constants.
	Code string `json:"code"`
	// Message explains the problem to a person, in English.
	Message string `json:"message"`
}

// Error returns "field: message (code)".
func (e FieldError) Error() string {
	return e.Field + ": " + e.Message + " (" + e.Code + ")"
}

// ValidationError lists every problem found in one input. A call that
// returns it has changed nothing.
type ValidationError struct {
	// Fields holds one entry per problem, in the order the fields were
	// checked. It is never empty.
	Fields []FieldError `json:"fields"`

	// cause is a store sentinel behind the problem (ErrUsernameTaken), kept
	// for errors.Is.
	cause error
}

// Error joins every problem into one line.
func (e *ValidationError) Error() string {
	var b strings.Builder
	b.WriteString("profile: invalid input: ")
	for i, f := range e.Fields {
		if i > 0 {
			b.WriteString("; ")
		}
		b.WriteString(f.Error())
	}
	return b.String()
}

// Is reports whether target is ErrInvalid.
func (e *ValidationError) Is(target error) bool { return target == ErrInvalid }

// Unwrap returns the store error behind the problem, if any: a taken
// username matches ErrUsernameTaken as well as ErrInvalid.
func (e *ValidationError) Unwrap() error { return e.cause }

// Field returns the first problem reported for the named field, if any.
func (e *ValidationError) Field(name string) (FieldError, bool) {
	for _, f := range e.Fields {
		if f.Field == name {
			return f, true
		}
	}
	return FieldError{}, false
}

// collector gathers field errors while a whole input is checked.
type collector struct{ fields []FieldError }

// check records fe, if any, under field.
func (c *collector) check(field string, fe *FieldError) {
	if fe != nil {
		fe.Field = field
		c.fields = append(c.fields, *fe)
	}
}

// err returns the collected problems as a *ValidationError, or nil.
func (c *collector) err() error {
	if len(c.fields) == 0 {
		return nil
	}
	return &ValidationError{Fields: c.fields}
}

// invalid is shorthand for a field error whose Field the caller fills in.
func invalid(code, msg string) *FieldError {
	return &FieldError{Code: code, Message: msg}
}

// single wraps one field error as a *ValidationError for the exported
// parsers, or returns nil.
func single(field string, fe *FieldError) error {
	var c collector
	c.check(field, fe)
	return c.err()
}

// ForbiddenError reports that a self-service update tried to change fields
// only an administrator may set. It matches ErrForbidden with errors.Is.
type ForbiddenError struct {
	// Fields names the read-only fields the update tried to change.
	Fields []string
}

// Error names the fields.
func (e *ForbiddenError) Error() string {
	return "profile: forbidden: only an administrator may change " + strings.Join(e.Fields, ", ")
}

// Is reports whether target is ErrForbidden.
func (e *ForbiddenError) Is(target error) bool { return target == ErrForbidden }
