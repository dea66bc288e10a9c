package profile

import (
	"context"
	"fmt"

	"golang.org/x/text/secure/precis"
)

// GetByUsername returns the profile whose username is username, as a
// sign-in form needs, or an error wrapping ErrNotFound.
//
// The input is prepared as Create prepares a username, with the PRECIS
// UsernameCaseMapped profile (RFC 8265) applied until stable: spaces at
// either end trimmed, full- and half-width forms mapped to their usual
// width, letters lower-cased, NFC. The prepared text must then equal a
// stored username byte for byte. So "ADA", " ada " and the full-width
// "ＡＤＡ" find "ada", and a decomposed "zoë" finds the composed one; but
// nothing else is folded: "adà" does not find "ada", and neither does a
// look-alike such as "аda" with a Cyrillic "а" or "admın" with a dotless
// "ı", since a lookup never compares skeletons. (Create keeps look-alikes
// from being stored at all; see Profile.UsernameSkeleton.) The mixed-script
// rule of ParseUsername is not applied here: it decides which usernames
// may be created, and a username stored before it existed can still be
// found.
//
// Input that cannot be a username (empty, control or unassigned
// characters, more than MaxUsernameLength characters or MaxUsernameBytes
// bytes) is a *ValidationError for FieldUsername. A Store that does not
// implement UsernameLookup makes GetByUsername fail with an error matching
// ErrUnsupported. The Service checks the Store's answer: a profile under
// another username (as a case-insensitive database collation would
// return) is reported as not found.
func (s *Service) GetByUsername(ctx context.Context, username string) (Profile, error) {
	lookup, ok := s.store.(UsernameLookup)
	if !ok {
		return Profile{}, fmt.Errorf("profile: get by username: %T does not implement profile.UsernameLookup: %w",
			s.store, ErrUnsupported)
	}
	v, fe := prepareUsername(username)
	if fe != nil {
		return Profile{}, single(FieldUsername, fe)
	}
	p, err := lookup.GetProfileByUsername(ctx, v)
	if err != nil {
		return Profile{}, err
	}
	if p.Username != v {
		return Profile{}, fmt.Errorf("profile: get by username: the store matched another username: %w", ErrNotFound)
	}
	return p, nil
}

// prepareUsername is the preparation of parseUsername without its checks
// of scripts and skeleton length: what a stored username must equal.
func prepareUsername(s string) (string, *FieldError) {
	return parseText(precis.UsernameCaseMapped, s, true, MaxUsernameLength, MaxUsernameBytes)
}
