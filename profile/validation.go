package profile

import (
	"github.com/convrs/profilekit"
	"github.com/convrs/profilekit/internal/kit"
)

// domain names this package in its *ValidationError values (see
// profilekit.ValidationError.Domain).
const domain = "profile"

// Field names used in FieldError.Field, ForbiddenError.Fields and the
// Fields of the events. They are stable, in the lower-case snake words the
// JSON of the example server uses.
const (
	// FieldID is the agent's ID: NewAgent.ID, and the id argument of every
	// Service method, all checked with profilekit.CheckID under this name.
	FieldID = "id"
	// FieldUsername is Profile.Username.
	FieldUsername = "username"
	// FieldRole is Profile.Role.
	FieldRole = "role"
	// FieldBusinessUnit is Profile.BusinessUnit.
	FieldBusinessUnit = "business_unit"
	// FieldName is Profile.Name.
	FieldName = "name"
	// FieldPublicName is Profile.PublicName.
	FieldPublicName = "public_name"
	// FieldLanguage is Profile.Language.
	FieldLanguage = "language"
	// FieldLandline is Profile.Landline.
	FieldLandline = "landline"
	// FieldMobile is Profile.Mobile.
	FieldMobile = "mobile"
	// FieldPhoto is Profile.Photo.
	FieldPhoto = "photo"
	// FieldCapitalizeFirstLetter is Settings.CapitalizeFirstLetter.
	FieldCapitalizeFirstLetter = "capitalize_first_letter"
	// FieldCursor is the cursor argument of Service.List.
	FieldCursor = "cursor"
	// FieldLimit is the limit argument of Service.List.
	FieldLimit = "limit"
	// FieldPhoneKind is a PhoneKind given as text.
	FieldPhoneKind = "phone_kind"
)

// invalid is shorthand for a field error whose Field the caller fills in.
func invalid(code profilekit.Code, msg string) *FieldError {
	return &FieldError{Code: code, Message: msg}
}

// single wraps one field error as a *ValidationError for the exported
// parsers, or returns nil.
func single(field string, fe *FieldError) error {
	var c kit.Collector
	c.Check(field, fe)
	return c.Err(domain)
}
