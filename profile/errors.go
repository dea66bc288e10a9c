package profile

import "errors"

// Sentinel errors of the profile Store contract and of the Service. Check
// them with errors.Is: adapters and the Service wrap them with detail.
var (
	// ErrNotFound reports that no profile has the requested ID.
	ErrNotFound = errors.New("profile: not found")
	// ErrConflict reports that a write was based on a stale version: someone
	// else changed the profile since it was read. Read it again and retry.
	ErrConflict = errors.New("profile: version conflict")
	// ErrAlreadyExists reports that a profile with the same ID exists.
	ErrAlreadyExists = errors.New("profile: already exists")
	// ErrUsernameTaken reports that another profile has the same username.
	ErrUsernameTaken = errors.New("profile: username taken")
	// ErrForbidden reports that an agent tried to change a field only an
	// administrator may set. The error wrapping it names the field.
	ErrForbidden = errors.New("profile: forbidden")
)
