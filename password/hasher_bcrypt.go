package password

import (
	"context"
	"errors"
	"fmt"

	"golang.org/x/crypto/bcrypt"
)

// bcryptLength is the length of every bcrypt hash ("$2b$10$" and 53
// characters of salt and key).
const bcryptLength = 60

// verifyBcrypt checks password against a bcrypt hash of a system being
// migrated, inside the concurrency bound. Costs above the bounds are
// rejected as malformed before any work is done.
func (h *Argon2id) verifyBcrypt(ctx context.Context, password, encoded string) (bool, error) {
	bad := func(what string) (bool, error) {
		return false, fmt.Errorf("password: %w: bcrypt: %s", ErrMalformedHash, what)
	}
	if len(encoded) != bcryptLength {
		return bad("wrong length")
	}
	cost, err := bcrypt.Cost([]byte(encoded))
	if err != nil {
		return bad("unreadable")
	}
	if cost > h.bounds.MaxBcryptCost {
		return bad("cost out of bounds")
	}
	if len(password) > maxHashInput {
		return false, nil
	}
	release, err := h.acquire(ctx)
	if err != nil {
		return false, fmt.Errorf("password: verify: %w", err)
	}
	defer release()
	err = bcrypt.CompareHashAndPassword([]byte(encoded), []byte(password))
	switch {
	case err == nil:
		return true, nil
	case errors.Is(err, bcrypt.ErrMismatchedHashAndPassword):
		return false, nil
	}
	return bad("unreadable")
}
