package photo

import (
	"github.com/convrs/profilekit"
	"github.com/convrs/profilekit/internal/kit"
)

// ValidationError is the error type of a rejected upload or agent ID: the
// one type every profilekit package returns (see
// profilekit.ValidationError). An upload's problem is reported for
// FieldPhoto with one of the photo codes (profilekit.CodePhotoTooLarge,
// CodePhotoUnsupportedFormat, CodePhotoCorrupt,
// CodePhotoDimensionsTooLarge, CodePhotoDimensionsTooSmall,
// CodePhotoDecodeTooLarge, CodePhotoEmpty).
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
	// FieldFormat is a Format given as text.
	FieldFormat = "format"
)

// domain names this package in its *ValidationError values: photo is a
// domain of its own, beside profile (see
// profilekit.ValidationError.Domain).
const domain = "photo"

// reject returns the *ValidationError for one problem of the upload, with
// the numbers its message states in params (nil when none).
func reject(code profilekit.Code, params kit.Params, format string, args ...any) error {
	var c kit.Collector
	c.Addf(FieldPhoto, code, params, format, args...)
	return c.Err(domain)
}

// checkAgent applies the ID rule to an agent ID.
func checkAgent(id string) error {
	if fe := profilekit.CheckID(FieldAgentID, id); fe != nil {
		return kit.Invalid(domain, *fe)
	}
	return nil
}
