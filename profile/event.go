package profile

import "github.com/convrs/profilekit"

// Saved is the event of an agent's own change, raised by Update,
// UpdateSettings and SetPhoto after the change is stored. A call that
// changes nothing, or is refused, raises no event.
type Saved struct {
	profilekit.EventMeta
	// Version is the profile's version after the change.
	Version int64 `json:"version"`
	// Fields names the fields whose stored values changed, as Field
	// constants, in the order of the Profile's fields.
	Fields []string `json:"fields"`
}

// Kind returns profilekit.EventProfileSaved.
func (Saved) Kind() profilekit.EventKind { return profilekit.EventProfileSaved }

// AdminChanged is the event of an administrator's change, raised by Create
// and AdminUpdate after the change is stored. A call that changes nothing,
// or is refused, raises no event.
type AdminChanged struct {
	profilekit.EventMeta
	// Version is the profile's version after the change (1 for Create).
	Version int64 `json:"version"`
	// Fields names the fields whose stored values changed (for Create, the
	// fields that are set), as Field constants, in the order of the
	// Profile's fields.
	Fields []string `json:"fields"`
}

// Kind returns profilekit.EventProfileAdminChanged.
func (AdminChanged) Kind() profilekit.EventKind { return profilekit.EventProfileAdminChanged }

// changedFields names the fields whose values differ between before and
// after, in the order of the Profile's fields. The ID, the skeleton and the
// bookkeeping fields are not among them.
func changedFields(before, after Profile) []string {
	var fields []string
	add := func(changed bool, name string) {
		if changed {
			fields = append(fields, name)
		}
	}
	add(before.Username != after.Username, FieldUsername)
	add(before.Role != after.Role, FieldRole)
	add(before.BusinessUnit != after.BusinessUnit, FieldBusinessUnit)
	add(before.Name != after.Name, FieldName)
	add(before.PublicName != after.PublicName, FieldPublicName)
	add(before.Language != after.Language, FieldLanguage)
	add(before.Landline != after.Landline, FieldLandline)
	add(before.Mobile != after.Mobile, FieldMobile)
	add(before.Photo != after.Photo, FieldPhoto)
	add(before.Settings.CapitalizeFirstLetter != after.Settings.CapitalizeFirstLetter, FieldCapitalizeFirstLetter)
	return fields
}

var (
	_ profilekit.Event = Saved{}
	_ profilekit.Event = AdminChanged{}
)
