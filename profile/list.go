package profile

import (
	"context"
	"encoding/base64"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/convrs/profilekit"
	"github.com/convrs/profilekit/internal/kit"
)

// Page sizes of Service.List.
const (
	// DefaultPageSize is the number of profiles a page holds when List is
	// given a limit of 0.
	DefaultPageSize = 100
	// MaxPageSize is the largest limit List accepts.
	MaxPageSize = 1000
)

// Page is one page of Service.List.
type Page struct {
	// Profiles holds the page's profiles, ordered by Username byte for
	// byte; it is empty, not nil, when there are none.
	Profiles []Profile
	// Next is the cursor of the following page, to pass to List as it
	// is; it is empty when this page is the last.
	Next string
}

// List returns a page of profiles ordered by Username, compared byte for
// byte (the code point order of the UTF-8 text, not a language's
// alphabetical order), as an agent list or a router's candidate list
// needs. cursor is "" for the first page and a Page.Next for each
// following one; limit is the most profiles a page holds, DefaultPageSize
// when 0, at most MaxPageSize.
//
// A cursor is opaque: it carries the last username of the page before,
// and the next page starts strictly after it, so that a walk from "" to
// an empty Next visits every profile that exists unrenamed throughout the
// walk exactly once, in order, however many profiles are created or
// renamed meanwhile (see Lister for the rest). It stays valid for as
// long as the walk takes, across instances and restarts. A cursor List
// did not return is a *ValidationError for FieldCursor with
// profilekit.CodeCursorInvalid, and a limit below 0 or above MaxPageSize
// one for FieldLimit with profilekit.CodeLimitOutOfRange; both are
// reported together.
//
// A Store that does not implement Lister makes List fail with an error
// matching ErrUnsupported.
func (s *Service) List(ctx context.Context, cursor string, limit int) (Page, error) {
	lister, ok := s.store.(Lister)
	if !ok {
		return Page{}, fmt.Errorf("profile: list: %T does not implement profile.Lister: %w", s.store, ErrUnsupported)
	}
	var c kit.Collector
	after, err := decodeCursor(cursor)
	if err != nil {
		c.Check(FieldCursor, invalid(profilekit.CodeCursorInvalid, "is not a cursor that List returned"))
	}
	switch {
	case limit == 0:
		limit = DefaultPageSize
	case limit < 0 || limit > MaxPageSize:
		c.Addf(FieldLimit, profilekit.CodeLimitOutOfRange, kit.Params{"min": 0, "max": MaxPageSize},
			"must be between 0 and %d", MaxPageSize)
	}
	if err := c.Err(domain); err != nil {
		return Page{}, err
	}
	// One more than the page tells whether another page follows, without
	// a second query.
	ps, err := lister.ListProfiles(ctx, after, limit+1)
	if err != nil {
		return Page{}, err
	}
	prev := after
	for _, p := range ps {
		if p.Username <= prev {
			return Page{}, fmt.Errorf("profile: list: the store returned profiles out of order")
		}
		prev = p.Username
	}
	page := Page{Profiles: ps}
	if len(ps) > limit {
		page.Profiles = ps[:limit:limit]
		page.Next = encodeCursor(ps[limit-1].Username)
	}
	if page.Profiles == nil {
		page.Profiles = []Profile{}
	}
	return page, nil
}

// cursorVersion is the first byte of every cursor's decoded form, so that
// a later format can be told apart.
const cursorVersion = 1

// cursorEncoding writes cursors: URL-safe base64 without padding, so that
// a cursor fits a query string as it is. Strict refuses trailing bits
// that are not zero; decodeCursor also refuses the line breaks the decoder
// would skip, so that each cursor has one spelling.
var cursorEncoding = base64.RawURLEncoding.Strict()

// maxCursorLen is the length of the longest cursor: a version byte and a
// username of MaxUsernameBytes bytes, encoded.
var maxCursorLen = cursorEncoding.EncodedLen(1 + MaxUsernameBytes)

// encodeCursor returns the cursor of the page after username.
func encodeCursor(username string) string {
	b := make([]byte, 0, 1+len(username))
	b = append(b, cursorVersion)
	b = append(b, username...)
	return cursorEncoding.EncodeToString(b)
}

// decodeCursor returns the username that a cursor of Service.List carries,
// the one after which the page starts, as a Lister's after argument: ""
// for the empty cursor. It fails for text that encodeCursor did not make.
func decodeCursor(cursor string) (string, error) {
	if cursor == "" {
		return "", nil
	}
	if len(cursor) > maxCursorLen {
		return "", fmt.Errorf("profile: cursor longer than %d bytes", maxCursorLen)
	}
	b, err := cursorEncoding.DecodeString(cursor)
	if err != nil {
		return "", fmt.Errorf("profile: cursor is not base64url: %w", err)
	}
	if len(b) < 2 || b[0] != cursorVersion {
		return "", fmt.Errorf("profile: cursor of an unknown format")
	}
	username := string(b[1:])
	if !utf8.ValidString(username) || strings.IndexByte(username, 0) >= 0 {
		// No username holds either, and SQL text cannot.
		return "", fmt.Errorf("profile: cursor holds invalid UTF-8 or NUL")
	}
	if encodeCursor(username) != cursor {
		// The decoder skips line breaks; one spelling per cursor.
		return "", fmt.Errorf("profile: cursor not in canonical form")
	}
	return username, nil
}
