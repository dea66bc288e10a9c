package photo

import (
	"fmt"

	"github.com/convrs/profilekit/internal/kit"

	"github.com/convrs/profilekit"
)

// ValidationError is the error type of a rejected upload or agent ID: the
// one type every profilekit package returns (see
// profilekit.ValidationError). An upload's problem is reported for
// FieldPhoto with one of the photo codes (profilekit.CodePhotoTooLarge,
// CodePhotoUnsupportedFormat, CodePhotoCorrupt,
// CodePhotoDimensionsTooLarge, CodePhotoDimensionsTooSmall,
// CodePhotoEmpty).
type ValidationError = profilekit.ValidationError

// FieldError is one rejected input field (see profilekit.FieldError).
type FieldError = profilekit.FieldError

// ErrInvalid is matched by every *ValidationError (see
// profilekit.ErrInvalid).
var ErrInvalid = profilekit.ErrInvalid

// Field names used in FieldError.Field.
const (
	// FieldPhoto is the uploaded image.
	FieldPhoto = "photo"
	// FieldAgentID is the agent whose photo is set, removed or read.
	FieldAgentID = "agent_id"
)

// domain starts the text of the errors this package originates.
const domain = "photo"

// reject returns the *ValidationError for one problem of the upload.
func reject(code profilekit.Code, format string, args ...any) error {
	return kit.Invalid(domain, FieldError{Field: FieldPhoto, Code: code, Message: fmt.Sprintf(format, args...)})
}

// checkAgent applies the ID rule to an agent ID.
func checkAgent(id string) error {
	if fe := profilekit.CheckID(FieldAgentID, id); fe != nil {
		return kit.Invalid(domain, *fe)
	}
	return nil
}
