package profile

import (
	"strings"

	"github.com/convrs/profilekit"
)

// Sentinel errors of the profile Store contract and of the Service. Each is
// a *profilekit.Error with a stable code (profilekit.CodeOf reads it).
// Check them with errors.Is: adapters and the Service wrap them with detail.
var (
	// ErrNotFound reports that no profile has the requested ID.
	ErrNotFound = profilekit.NewError(profilekit.CodeProfileNotFound, "profile: not found")
	// ErrConflict reports that a write was based on a stale version: someone
	// else changed the profile since it was read. Read it again and retry.
	ErrConflict = profilekit.NewError(profilekit.CodeProfileConflict, "profile: version conflict")
	// ErrAlreadyExists reports that a profile with the same ID exists.
	ErrAlreadyExists = profilekit.NewError(profilekit.CodeProfileExists, "profile: already exists")
	// ErrUsernameTaken reports that another profile has the same username.
	// The Service returns it as the Cause of a *ValidationError for
	// FieldUsername with profilekit.CodeUsernameTaken.
	ErrUsernameTaken = profilekit.NewError(profilekit.CodeUsernameTaken, "profile: username taken")
	// ErrUsernameConfusable reports that another profile's username has the
	// same Unicode UTS #39 skeleton (Profile.UsernameSkeleton): the two look
	// alike, as "admin" and "admın" do. The Service returns it as the Cause
	// of a *ValidationError for FieldUsername with
	// profilekit.CodeUsernameConfusable.
	ErrUsernameConfusable = profilekit.NewError(profilekit.CodeUsernameConfusable, "profile: username confusable with another")
	// ErrForbidden reports that an agent tried to change a field only an
	// administrator may set. The *ForbiddenError that matches it names the
	// fields.
	ErrForbidden = profilekit.NewError(profilekit.CodeProfileForbidden, "profile: forbidden")
	// ErrUnsupported reports that the Store cannot do what a Service
	// method needs: Service.GetByUsername needs a Store that implements
	// UsernameLookup and Service.List one that implements Lister; over a
	// Store without the interface they fail at once, before any input is
	// checked, with an error matching ErrUnsupported that names the
	// interface; Service.AdminUpdate needs a RoleKeeper to take
	// Options.AdminRole from a profile. A program that can do without the
	// ability checks for it with errors.Is. Every adapter of profilekit
	// implements all three.
	ErrUnsupported = profilekit.NewError(profilekit.CodeProfileUnsupported, "profile: not supported by the store")
	// ErrLastAdmin reports that Service.AdminUpdate would take the
	// administrator role (Options.AdminRole) from the only profile that
	// has it, leaving nobody who can administer. Nothing was changed: make
	// another agent an administrator first. A Store that implements
	// RoleKeeper returns it from UpdateProfileKeepingRole.
	ErrLastAdmin = profilekit.NewError(profilekit.CodeProfileLastAdmin, "profile: last administrator")
)

// ErrInvalid reports that input was rejected. Every *ValidationError, of
// this package or any other of profilekit, matches it with errors.Is; use
// errors.As to read the fields and codes. It is profilekit.ErrInvalid.
var ErrInvalid = profilekit.ErrInvalid

// ValidationError lists every problem found in one input; a call that
// returns it has changed nothing. It is profilekit.ValidationError, so one
// errors.As target catches the validation errors of every package. Its
// Domain is "profile"; a taken or confusable username has
// ErrUsernameTaken or ErrUsernameConfusable as its Cause.
type ValidationError = profilekit.ValidationError

// FieldError is one rejected field: profilekit.FieldError, whose Field is
// one of the Field constants of this package and whose Code is one of the
// profilekit.Code constants.
type FieldError = profilekit.FieldError

// ForbiddenError reports that a self-service update tried to change fields
// only an administrator may set. It matches ErrForbidden with errors.Is and
// has the code profilekit.CodeProfileForbidden.
type ForbiddenError struct {
	// Fields names the read-only fields the update tried to change, as
	// Field constants.
	Fields []string `json:"fields"`
}

// Error names the fields.
func (e *ForbiddenError) Error() string {
	return "profile: forbidden: only an administrator may change " + strings.Join(e.Fields, ", ")
}

// Code returns profilekit.CodeProfileForbidden.
func (e *ForbiddenError) Code() profilekit.Code { return profilekit.CodeProfileForbidden }

// Is reports whether target is ErrForbidden.
func (e *ForbiddenError) Is(target error) bool { return target == ErrForbidden }
