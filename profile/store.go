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
