package password

import "context"

// Blocklist is a list of passwords that must not be used: common passwords,
// passwords from breaches, words of the organisation. Wordlist holds one in
// memory; RangeClient asks a k-anonymity breached-password service.
//
// Implementations must be safe for concurrent use and must honour ctx.
type Blocklist interface {
	// Contains reports whether password, prepared with the PRECIS
	// OpaqueString profile, is on the list. It must return an error only
	// when it cannot answer, wrapping ErrBlocklistUnavailable (or ctx.Err()
	// when ctx ended); the Policy then refuses the password with
	// profilekit.CodePasswordCheckUnavailable. Errors must not contain the
	// password.
	Contains(ctx context.Context, password string) (bool, error)
}
