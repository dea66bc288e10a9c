package kit

import "github.com/convrs/profilekit"

// Closed returns an error whose text is text and which matches
// profilekit.ErrClosed, and each of also, with errors.Is: what a feed or
// subscription reports once it was closed ("feed: subscription closed").
// Its code is that of the first of also, or profilekit.CodeStoreClosed.
func Closed(text string, also ...error) error {
	return &closedError{text: text, wraps: append(also[:len(also):len(also)], profilekit.ErrClosed)}
}

// closedError is the error Closed returns.
type closedError struct {
	text  string
	wraps []error
}

func (e *closedError) Error() string   { return e.text }
func (e *closedError) Unwrap() []error { return e.wraps }
