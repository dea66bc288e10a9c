// Package profile is the General and Settings tabs of an agent's My profile
// page: the profile fields, their validation, the agent's self-service
// update, the administrator's create and update, and the personal settings.
//
// # Fields
//
// Name (shown to other agents) and PublicName (shown to customers in web
// chat) are prepared with the PRECIS Nickname profile (RFC 8266) and hold 1
// to 64 user-perceived characters; a public name needs a letter or digit.
// Language is a BCP 47 tag, parsed leniently and stored canonical ("en_us"
// becomes "en-US"), and must be one a LanguageSet can serve. Landline and
// Mobile are parsed with libphonenumber, checked for the right number type
// and stored in E.164. Username (PRECIS UsernameCaseMapped, unique), Role
// and BusinessUnit are set by an administrator and read-only to the agent.
// Photo refers to the agent's current photo.
//
// # Updates
//
// Service.Update takes a Patch: only the fields it gives change. Every field
// is checked and all problems come back together as a *ValidationError whose
// FieldErrors carry a stable Code. Every write names the Version it was
// based on; a stale one fails with ErrConflict. Either the whole patch is
// applied or nothing is.
//
// # Errors
//
// Check errors with errors.Is (ErrNotFound, ErrConflict, ErrForbidden,
// ErrUsernameTaken, ErrAlreadyExists, ErrInvalid) and read details with
// errors.As (*ValidationError, *ForbiddenError).
//
// # Storage
//
// A Service persists through a Store; storage/memory, storage/sqlite and
// storage/postgres implement it, and profile/profilemock has a moq mock for
// tests.
package profile

//go:generate go tool moq -rm -out profilemock/store.go -pkg profilemock . Store
