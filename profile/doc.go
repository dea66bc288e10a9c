// Package profile is the General and Settings tabs of an agent's My profile
// page: the profile fields, their validation, the agent's self-service
// update, the administrator's create and update, and the personal settings.
//
// # Fields
//
// Name (shown to other agents) and PublicName (shown to customers in web
// chat) are prepared with the PRECIS Nickname profile (RFC 8266); a public
// name needs a letter or digit. Language is a BCP 47 tag, parsed leniently
// and stored canonical ("en_us" becomes "en-US"); it must name a language
// ("und", "und-US" and "und-Latn" do not) that a LanguageSet can serve.
// Landline and Mobile are parsed with libphonenumber, checked for the right
// number type and stored in E.164. Username (PRECIS UsernameCaseMapped,
// unique), Role and BusinessUnit are set by an administrator and read-only
// to the agent. With Options.Roles (a RoleSet), Role is one of a closed set
// of roles, matched ignoring case and stored in the set's spelling ("ADMIN"
// is stored as "admin"); another is refused with
// profilekit.CodeRoleUnknown. Photo refers to the agent's current photo.
//
// Every text field is capped twice, in user-perceived characters and in
// bytes (MaxNameLength and MaxNameBytes, MaxUsernameLength and
// MaxUsernameBytes, …), so that one character with many combining marks
// cannot make a value that a database refuses: every storage adapter stores
// the largest accepted value of every field.
//
// # Usernames that look alike
//
// A username must not look like another agent's. ParseUsername refuses a
// username that mixes scripts beyond what Unicode UTS #39 "highly
// restrictive" allows (profilekit.CodeUsernameMixedScript): its letters are
// of one script, or of Latin with Han, Hiragana and Katakana, with Han and
// Bopomofo, or with Han and Hangul; digits and punctuation (Common) and
// combining marks (Inherited) belong to no script. So "pаypаl" with a
// Cyrillic "а" is refused. A single-script look-alike such as "admın" (a
// dotless ı) is caught by its UTS #39 skeleton: the Service stores each
// username's skeleton in Profile.UsernameSkeleton, the Store keeps
// skeletons unique (a UNIQUE index in SQL, so that two instances cannot
// race past it), and a clash comes back as a *ValidationError for
// FieldUsername with profilekit.CodeUsernameConfusable whose Cause is
// ErrUsernameConfusable. Profiles stored before skeletons existed get
// theirs when the SQL adapters open the database (UsernameSkeleton); of two
// such usernames that already look alike, the earlier keeps the skeleton and
// the later one keeps its username but no skeleton.
//
// # Sign-in and agent lists
//
// GetByUsername finds the profile of a username as typed: it prepares the
// input as Create does (PRECIS UsernameCaseMapped, so case and width fold)
// and then matches the stored username byte for byte, so a look-alike
// never finds another agent. List pages through every profile in username
// order (byte order) with an opaque cursor, at most MaxPageSize at a time.
// Both need an ability a Store may lack, the optional interfaces
// UsernameLookup and Lister; over a Store without it they fail with an
// error matching ErrUnsupported (profilekit.CodeProfileUnsupported).
//
// # Updates
//
// Service.Update takes a Patch: only the fields it gives change. Every field
// is checked and all problems come back together as a *ValidationError whose
// FieldErrors carry a stable code. Every write names the Version it was
// based on; a stale one fails with ErrConflict. Either the whole patch is
// applied or nothing is.
//
// # The last administrator
//
// With Options.AdminRole set, Service.AdminUpdate refuses with ErrLastAdmin
// (profilekit.CodeProfileLastAdmin) a change that takes that role from the
// last profile that has it, so that someone can always administer. The
// Store checks and writes in one atomic step, through the optional
// interface RoleKeeper that every adapter of profilekit implements: two
// administrators demoting each other at once, through any instances,
// leave one.
//
// # IDs
//
// Every Service method checks the agent ID it is given with
// profilekit.CheckID (1 to 128 visible ASCII characters) before a store
// sees it; a problem is a *ValidationError for FieldID ("id"). Errors quote
// at most a short prefix of an ID.
//
// # Errors
//
// Check errors with errors.Is (ErrNotFound, ErrConflict, ErrForbidden,
// ErrUsernameTaken, ErrUsernameConfusable, ErrAlreadyExists, ErrUnsupported,
// ErrInvalid)
// and read details with errors.As (*ValidationError, *ForbiddenError).
// ValidationError and FieldError are profilekit's types, so one errors.As
// target serves every package; codes are profilekit's Code constants
// (profilekit.CodeTextTooLong, profilekit.CodePhoneNotMobile, …), and
// profilekit.CodeOf gives the code of any of these errors.
//
// # Events
//
// With Options.Observer set, a Service raises Saved after an agent's own
// stored change (Update, UpdateSettings, SetPhoto) and AdminChanged after an
// administrator's (Create, AdminUpdate), each with the new Version and the
// names of the fields that changed. Events are raised after the change is
// stored and before the call returns, in the order of the changes for each
// agent; a refused, conflicting or empty write raises none. They are local
// to the instance that made the change.
//
// # Storage
//
// A Service persists through a Store; storage/memory, storage/sqlite and
// storage/postgres implement it with both optional interfaces, and
// profile/profilemock has moq mocks of the three for tests.
package profile
