package password

import "context"

// Hasher turns passwords into stored hashes and checks passwords against
// them. Argon2id is the implementation this package provides; the Service
// accepts any Hasher, so tests may use a fast one.
//
// Passwords given to a Hasher are prepared (the Service prepares them with
// PRECIS OpaqueString first). Implementations must be safe for concurrent
// use, must honour ctx while waiting, and must never put a password or hash
// in an error.
type Hasher interface {
	// Hash returns an encoded hash of password with a fresh random salt.
	Hash(ctx context.Context, password string) (string, error)

	// Verify reports whether password matches encoded, in constant time. It
	// must return (false, nil) for a wrong password and an error wrapping
	// ErrMalformedHash, never a panic, for an encoded hash it cannot use.
	Verify(ctx context.Context, password, encoded string) (bool, error)

	// NeedsRehash reports whether encoded should be replaced by a new Hash of
	// the same password: it uses another algorithm or weaker parameters than
	// the Hasher's, or cannot be parsed.
	NeedsRehash(encoded string) bool
}
