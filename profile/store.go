package profile

import "context"

// Store persists profiles. It is the part of a storage adapter that the
// profile Service uses; storage.Store embeds it.
//
// Adapters only persist and load: the Service validates, normalises and
// assigns versions and timestamps before it calls a Store.
//
// Every method must be safe for concurrent use, must honour ctx (a cancelled
// context returns an error that wraps ctx.Err()), and must neither keep nor
// share the values it is given or returns: a caller that changes a returned
// Profile changes nothing stored.
//
// Usernames and their skeletons are unique: a write must fail with an error
// wrapping ErrUsernameTaken when another profile has p.Username, and
// otherwise with one wrapping ErrUsernameConfusable when another profile
// has p.UsernameSkeleton (an empty skeleton is never compared). The check
// must hold across every process that shares the store's data.
//
// A store must hold every value of every field within the caps of this
// package (MaxUsernameBytes, MaxNameBytes, MaxUsernameSkeletonBytes, …) and
// return it unchanged. Errors should name the operation and quote the ID
// with storage/driver.QuoteID, never in full.
type Store interface {
	// CreateProfile stores p as a new profile. It must fail with an error
	// wrapping ErrAlreadyExists when a profile with p.ID exists, and with one
	// wrapping ErrUsernameTaken or ErrUsernameConfusable when another
	// profile has p.Username or p.UsernameSkeleton. On failure nothing is
	// stored.
	CreateProfile(ctx context.Context, p Profile) error

	// GetProfile returns the profile with the given ID. It must fail with an
	// error wrapping ErrNotFound when there is none.
	GetProfile(ctx context.Context, id string) (Profile, error)

	// UpdateProfile replaces the stored profile p.ID with p if, and only if,
	// the stored profile's Version equals expected; p.Version carries the new
	// version, which the Service sets to expected+1. It must fail with an
	// error wrapping ErrNotFound when there is no such profile, with one
	// wrapping ErrConflict when the stored version differs from expected,
	// and with one wrapping ErrUsernameTaken or ErrUsernameConfusable when
	// another profile has p.Username or p.UsernameSkeleton. The check and the
	// write must be atomic: of two writers
	// that name the same expected version, at most one succeeds. On failure
	// nothing is changed.
	UpdateProfile(ctx context.Context, p Profile, expected int64) error
}

// UsernameLookup is an optional interface of a Store: one that implements
// it finds a profile by its username, as a sign-in form needs. The Service
// detects it with a type assertion; see Service.GetByUsername, which
// prepares the username before it calls GetProfileByUsername. Every
// adapter of profilekit implements it (storage/memory, storage/sqlite,
// storage/postgres), and storage/storagetest checks it.
type UsernameLookup interface {
	// GetProfileByUsername returns the profile whose Username equals
	// username byte for byte: no case folding, normalisation, trimming,
	// prefix or pattern matching, and no comparison of skeletons (the
	// Service has prepared username already). It must fail with an error
	// wrapping ErrNotFound when no profile has it, and should be an
	// indexed lookup (the unique index on usernames). It sees every
	// committed write, from any process sharing the store's data, as
	// GetProfile does: a renamed profile is found under its new username,
	// never under the old one.
	GetProfileByUsername(ctx context.Context, username string) (Profile, error)
}

// Lister is an optional interface of a Store: one that implements it lists
// profiles a page at a time, as an agent list or a router's candidate list
// needs. The Service detects it with a type assertion; see Service.List.
// Every adapter of profilekit implements it (storage/memory,
// storage/sqlite, storage/postgres), and storage/storagetest checks it.
type Lister interface {
	// ListProfiles returns at most limit profiles whose Username is
	// greater than after, ordered by Username compared byte for byte
	// (the order of Go's string comparison and of SQL's "C" or BINARY
	// collation: UTF-8 bytes, that is code point order); after == ""
	// starts at the first profile. limit is between 1 and MaxPageSize+1.
	// Fewer than limit profiles means there are no more. It should seek
	// on the unique index on usernames (keyset pagination), not skip
	// rows, so that every page costs the same however deep it is.
	//
	// Each call reads the store as it is then. A walk from "" that passes
	// each page's last username as the next after therefore returns
	// usernames in strictly increasing order, never one twice, and visits
	// every profile that exists unrenamed throughout the walk exactly
	// once, whatever is created or renamed meanwhile. A profile created
	// during the walk is visited if its username sorts after the page
	// being read then, and not otherwise; a renamed one may be visited
	// under its old username, its new one, both or neither.
	ListProfiles(ctx context.Context, after string, limit int) ([]Profile, error)
}

// RoleKeeper is an optional interface of a Store: one that implements it
// changes a profile without taking a role from its last holder, as
// Options.AdminRole needs. The Service detects it with a type assertion:
// with Options.AdminRole set, an AdminUpdate that takes the role from a
// profile calls UpdateProfileKeepingRole instead of UpdateProfile, and over
// a Store without it fails with an error matching ErrUnsupported. Every
// adapter of profilekit implements it (storage/memory, storage/sqlite,
// storage/postgres), and storage/storagetest checks it, concurrent
// demotions included.
type RoleKeeper interface {
	// UpdateProfileKeepingRole is UpdateProfile with one more condition:
	// when p.Role is not role and no profile other than p.ID has Role
	// equal to role (roles compare byte for byte), it must fail with an
	// error wrapping ErrLastAdmin and change nothing (after the checks of
	// ErrNotFound and ErrConflict, which come first). The condition, the version check and the write must be one
	// atomic step across every process that shares the store's data: of
	// two calls that each take role from one of its last two holders, at
	// most one succeeds, and role always keeps a holder that it had.
	UpdateProfileKeepingRole(ctx context.Context, p Profile, expected int64, role string) error
}
