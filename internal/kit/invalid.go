package kit

import "github.com/convrs/profilekit"

// Invalid returns a *profilekit.ValidationError of domain for fields, or
// nil when fields is empty: the shorthand the domain packages use to
// return what they collected.
func Invalid(domain string, fields ...profilekit.FieldError) error {
	if len(fields) == 0 {
		return nil
	}
	return &profilekit.ValidationError{Domain: domain, Fields: fields}
}
