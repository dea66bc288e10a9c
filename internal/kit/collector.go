package kit

import (
	"fmt"

	"github.com/convrs/profilekit"
)

// Collector gathers the problems found while one input is checked, so
// that the caller returns them all at once as one
// *profilekit.ValidationError of its domain: the one validation collector
// of every profilekit package. Each domain package declares its domain's
// name as a constant (const domain = "profile") and passes it to Err; a
// package that serves a domain without being one (notify/hub,
// storage/redis) passes its domain's name (see
// profilekit.ValidationError.Domain).
//
// The zero Collector is ready to use. A Collector is not safe for
// concurrent use: it lives for one call.
type Collector struct {
	fields []profilekit.FieldError
	cause  error
}

// Params is the type of profilekit.FieldError.Params, shorter to write:
// kit.Params{"min": 0, "max": MaxCapacity}.
type Params = map[string]any

// Add records a problem.
func (c *Collector) Add(fe profilekit.FieldError) {
	c.fields = append(c.fields, fe)
}

// Addf records a problem of field with code, params (nil when the rule
// has no number) and a message formatted from format and args.
func (c *Collector) Addf(field string, code profilekit.Code, params Params, format string, args ...any) {
	c.Add(profilekit.FieldError{Field: field, Code: code, Message: fmt.Sprintf(format, args...), Params: params})
}

// Check records fe when it is not nil, under field when field is not ""
// (a parser that does not know its field leaves FieldError.Field empty),
// and reports whether fe was nil.
func (c *Collector) Check(field string, fe *profilekit.FieldError) bool {
	if fe == nil {
		return true
	}
	if field != "" {
		fe.Field = field
	}
	c.fields = append(c.fields, *fe)
	return false
}

// Because records the error behind the problems, which Err sets as the
// ValidationError's Cause so that errors.Is still finds it: a taken
// username is a field error whose cause is profile.ErrUsernameTaken.
func (c *Collector) Because(cause error) { c.cause = cause }

// Len returns how many problems were recorded.
func (c *Collector) Len() int { return len(c.fields) }

// Err returns the recorded problems as a *profilekit.ValidationError of
// domain, or nil when there are none.
func (c *Collector) Err(domain string) error {
	if len(c.fields) == 0 {
		return nil
	}
	return &profilekit.ValidationError{Domain: domain, Fields: c.fields, Cause: c.cause}
}

// Invalid returns a *profilekit.ValidationError of domain for fields, or
// nil when fields is empty: a Collector's Err for problems found at once,
// such as the one of an ID.
func Invalid(domain string, fields ...profilekit.FieldError) error {
	c := Collector{fields: fields}
	return c.Err(domain)
}
