package profilekit

import (
	"errors"
	"strings"
)

// ErrInvalid reports that input was rejected. Every *ValidationError
// matches it with errors.Is, whichever package returned it; use errors.As
// to read the fields and codes. The domain packages export the same value
// under their own name (profile.ErrInvalid, password.ErrInvalid, …).
var ErrInvalid = NewError(CodeInvalid, "invalid input")

// ErrClosed reports a call made on a store after its Close. Every adapter
// returns an error that matches it with errors.Is.
var ErrClosed = NewError(CodeStoreClosed, "store closed")

// ErrLocked reports that a store gave up waiting for a lock another
// process held (SQLite's write lock, for storage/sqlite): the call changed
// nothing and may be retried. Adapters return an error that matches it with
// errors.Is instead of their database's own "busy" error.
var ErrLocked = NewError(CodeStoreLocked, "store locked by another process")

// CodedError is an error with a stable, machine-readable code. Every error
// type of profilekit implements it, so one errors.As (or CodeOf) and one
// switch on the code turn any of them into a response.
type CodedError interface {
	error
	// Code returns the stable code, one of the Code constants.
	Code() Code
}

// CodeOf returns the code of the first CodedError in err's chain, or ""
// when there is none: context cancellation and unexpected failures of a
// store (a lost connection, a full disk) carry no code.
func CodeOf(err error) Code {
	var ce CodedError
	if errors.As(err, &ce) {
		return ce.Code()
	}
	return ""
}

// Error is an error with a code and a fixed text. The sentinel errors of
// every package are *Error values (profile.ErrNotFound, presence.ErrBusy,
// …): compare them with errors.Is, and read their code with CodeOf or
// errors.As.
type Error struct {
	code Code
	text string
}

// NewError returns an *Error with the given code and text. Packages declare
// their sentinels with it; the text should start with the package name.
func NewError(code Code, text string) *Error { return &Error{code: code, text: text} }

// Error returns the text given to NewError.
func (e *Error) Error() string { return e.text }

// Code returns the error's code.
func (e *Error) Code() Code { return e.code }

// FieldError is one rejected input field.
type FieldError struct {
	// Field names the input, in the lower-case snake words the JSON of the
	// example server uses: "name", "mobile", "agent_id", "new_password".
	Field string `json:"field"`
	// Code is the stable reason, one of the Code constants, in the form
	// "<kind>.<problem>" ("phone.not_mobile", "text.too_long").
	Code Code `json:"code"`
	// Message explains the problem to a person, in English. It never
	// repeats a secret, and quotes at most a short prefix of the input.
	// Code.Message gives the catalogue's generic text for the same code,
	// which translations key off.
	Message string `json:"message"`
	// Params holds the numbers (and other values) the Message states, so
	// that a translation can state them too: "min" and "max" for a length
	// in characters or the bounds of a range, "max_bytes" for a cap in
	// bytes, "max_seconds" for a duration, "max_width" and "max_height"
	// for an image. Every problem with a code carries at least the
	// parameters Code.Params lists (the placeholders a translation of the
	// code may use); a rule may add more, such as "index" for an item of a
	// list. Values are int or string. Nil when the rule has no number.
	Params map[string]any `json:"params,omitempty"`
}

// Error returns "field: message (code)".
func (e FieldError) Error() string {
	return e.Field + ": " + e.Message + " (" + string(e.Code) + ")"
}

// ValidationError lists every problem found in one input. A call that
// returns it has changed nothing. It matches ErrInvalid with errors.Is, and
// every domain package returns this same type (profile.ValidationError and
// the others are aliases of it), so one errors.As target catches them all.
type ValidationError struct {
	// Fields holds one entry per problem, in the order the inputs were
	// checked. It is never empty.
	Fields []FieldError `json:"fields"`
	// Domain names the domain whose rules rejected the input, one of
	// "profile", "photo" (profile/photo, a domain package of its own),
	// "password", "presence", "notify", "session" and "feed" (the
	// cross-instance feed of every domain's events); it starts the error
	// text. A package that serves a domain without being one reports
	// under the domain's name: notify/hub, notify/webhook, notify/pgnotify
	// and notify/natsnotify as "notify", storage/redis as "presence",
	// feed/pgfeed as "feed".
	Domain string `json:"-"`
	// Cause is an error behind the problems, if any, matched by errors.Is
	// through Unwrap: a taken username is a field error whose Cause is
	// profile.ErrUsernameTaken.
	Cause error `json:"-"`
}

// Error returns "domain: invalid input: " and every problem, each as
// "field: message (code)".
func (e *ValidationError) Error() string {
	var b strings.Builder
	if e.Domain != "" {
		b.WriteString(e.Domain)
		b.WriteString(": ")
	}
	b.WriteString("invalid input")
	for i, f := range e.Fields {
		if i == 0 {
			b.WriteString(": ")
		} else {
			b.WriteString("; ")
		}
		b.WriteString(f.Error())
	}
	return b.String()
}

// Code returns CodeInvalid.
func (e *ValidationError) Code() Code { return CodeInvalid }

// Is reports whether target is ErrInvalid.
func (e *ValidationError) Is(target error) bool { return target == ErrInvalid }

// Unwrap returns Cause.
func (e *ValidationError) Unwrap() error { return e.Cause }

// Field returns the first problem reported for the named field, if any.
func (e *ValidationError) Field(name string) (FieldError, bool) {
	for _, f := range e.Fields {
		if f.Field == name {
			return f, true
		}
	}
	return FieldError{}, false
}

// Has reports whether one of the problems has the given code.
func (e *ValidationError) Has(code Code) bool {
	for _, f := range e.Fields {
		if f.Code == code {
			return true
		}
	}
	return false
}

// Codes returns the codes of the problems, in order.
func (e *ValidationError) Codes() []Code {
	codes := make([]Code, len(e.Fields))
	for i, f := range e.Fields {
		codes[i] = f.Code
	}
	return codes
}
