package kit

import (
	"fmt"

	"github.com/convrs/profilekit"
)

// TooLarge returns the problem of a message for other instances, reported
// on field, that is size bytes as its transport sends it, over the limit
// the transport carries: code profilekit.CodePayloadTooLarge with the
// limit as "max_bytes". notify/pgnotify, feed and feed/pgfeed report an
// oversize message with it, so that it is one problem with one code
// whichever sends it.
func TooLarge(field string, size, limit int) profilekit.FieldError {
	return profilekit.FieldError{
		Field:   field,
		Code:    profilekit.CodePayloadTooLarge,
		Message: fmt.Sprintf("is %d bytes as sent, over the %d the transport carries", size, limit),
		Params:  Params{"max_bytes": limit},
	}
}
