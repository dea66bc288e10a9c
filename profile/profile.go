package profile

import "time"

// Profile is one agent's profile: the fields of the General tab, the fields an
// administrator sets, the personal settings and the bookkeeping a store needs.
//
// A Profile returned by a Service is valid: every field has been prepared and
// checked. Phone numbers are in E.164 form, the language is a canonical BCP 47
// tag, and names are PRECIS-enforced.
type Profile struct {
	// ID identifies the agent. It never changes.
	ID string
	// Username is the agent's login name, set by an administrator, prepared
	// with the PRECIS UsernameCaseMapped profile and unique in a store.
	Username string
	// UsernameSkeleton is the Unicode UTS #39 confusable skeleton of
	// Username, set by the Service on every write: two usernames that look
	// alike ("admin", "admın") have the same skeleton, and a Store keeps
	// skeletons unique as it keeps usernames unique. It is derived data, at
	// most MaxUsernameSkeletonBytes; empty means none was computed (a
	// profile stored before skeletons existed), and empty skeletons are not
	// compared.
	UsernameSkeleton string
	// Role is the agent's role (for example "agent" or "supervisor"), set by
	// an administrator.
	Role string
	// BusinessUnit is the team or department the agent belongs to, set by an
	// administrator. It may be empty.
	BusinessUnit string

	// Name is shown to other agents.
	Name string
	// PublicName is shown to customers in web chat.
	PublicName string
	// Language is a canonical BCP 47 tag such as "en-US"; it drives automatic
	// translation. It may be empty.
	Language string
	// Landline is a fixed-line number in E.164 form, or empty.
	Landline string
	// Mobile is a mobile number in E.164 form, or empty.
	Mobile string
	// Photo refers to the agent's current profile photo (a key the photo
	// store understands), or is empty when the agent has none.
	Photo string

	// Settings holds the agent's personal settings.
	Settings Settings

	// Version counts the writes to this profile, starting at 1. Every update
	// names the version it was based on; see Store.UpdateProfile.
	Version int64
	// CreatedAt is when the profile was created, in UTC, to the microsecond.
	CreatedAt time.Time
	// UpdatedAt is when the profile was last written, in UTC, to the
	// microsecond.
	UpdatedAt time.Time
}

// Settings holds an agent's personal settings (the Settings tab).
type Settings struct {
	// CapitalizeFirstLetter turns on "Capitalize the first letter when typing
	// a message"; see Capitalize.
	CapitalizeFirstLetter bool
}
