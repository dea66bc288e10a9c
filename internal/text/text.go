// Package text holds profilekit's one rule for free text that people type
// and other people read, such as a busy reason: the PRECIS Nickname profile
// (RFC 8266, from golang.org/x/text/secure/precis), prepared to a fixed
// point, capped in user-perceived characters (extended grapheme clusters,
// counted with github.com/rivo/uniseg) and in bytes. The rule refuses
// control characters, bidirectional overrides such as U+202E, zero-width
// characters and other format characters, unassigned code points and
// invalid UTF-8; it trims and collapses spaces, so text made only of
// spaces prepares to "".
//
// The domain packages (profile for every text field, presence for busy
// reasons) call it rather than import each other; it is
// internal because its API is theirs, not a consumer's.
package text

import (
	"strconv"
	"strings"

	"github.com/rivo/uniseg"
	"golang.org/x/text/secure/precis"

	"github.com/convrs/profilekit"
)

// rawFactor bounds the raw input Prepare hands to PRECIS, as a multiple of the
// byte cap: preparation trims spaces and can shrink compatibility forms,
// but no legitimate input is this much longer than its prepared form, and
// the bound keeps the library's cost proportional to the cap.
const rawFactor = 4

// Free prepares s, the value of the named field, as optional free text: it
// trims white space at either end (a stray tab or newline from a form),
// applies the PRECIS Nickname profile until the result is stable, and
// checks that the result has at most maxChars grapheme clusters and
// maxBytes bytes. Text that is empty or only spaces yields "" and no
// error; a caller whose field is required refuses "" itself. Free returns
// the prepared text, or the problem (CodeTextDisallowedChars or
// CodeTextTooLong), whose message never repeats the input.
func Free(field, s string, maxChars, maxBytes int) (string, *profilekit.FieldError) {
	return Prepare(field, precis.Nickname, s, maxChars, maxBytes)
}

// Prepare is Free with another PRECIS profile: profile's names use
// Nickname as Free does, its usernames UsernameCaseMapped.
func Prepare(field string, p *precis.Profile, s string, maxChars, maxBytes int) (string, *profilekit.FieldError) {
	if len(s) > rawFactor*maxBytes {
		return "", TooLong(field, maxChars, maxBytes)
	}
	s = strings.TrimSpace(s)
	if s == "" {
		return "", nil
	}
	v, err := enforce(p, s)
	if err != nil {
		return "", &profilekit.FieldError{Field: field, Code: profilekit.CodeTextDisallowedChars,
			Message: "contains characters that are not allowed (control, format, unassigned or invalid code points)"}
	}
	if len(v) > maxBytes || uniseg.GraphemeClusterCount(v) > maxChars {
		return "", TooLong(field, maxChars, maxBytes)
	}
	return v, nil
}

// TooLong is the problem of a text over either cap, for a caller whose
// own check (such as a username's skeleton) finds the text too long. Its
// Params hold both caps: "max" in characters and "max_bytes".
func TooLong(field string, maxChars, maxBytes int) *profilekit.FieldError {
	return &profilekit.FieldError{Field: field, Code: profilekit.CodeTextTooLong,
		Message: "must be at most " + strconv.Itoa(maxChars) + " characters (" + strconv.Itoa(maxBytes) + " bytes)",
		Params:  map[string]any{"max": maxChars, "max_bytes": maxBytes}}
}

// enforce applies p until the result is stable. Profiles that use NFKC
// are not idempotent for a few code points (U+00A8 decomposes to a space
// and a combining mark, and the space is trimmed on the next pass), and a
// prepared value must prepare again to itself so that it compares equal
// after a round trip through a store.
func enforce(p *precis.Profile, s string) (string, error) {
	v, err := p.String(s)
	if err == nil && (v == s || v == strings.Join(strings.Fields(s), " ")) {
		// Either s was already prepared, or preparing it only trimmed and
		// collapsed spaces (the common case of a name typed with a stray
		// space): every other code point was left as it was, so a second
		// pass would return v unchanged.
		return v, nil
	}
	for range 4 {
		if err != nil {
			return "", err
		}
		next, nerr := p.String(v)
		if nerr == nil && next == v {
			return v, nil
		}
		v, err = next, nerr
	}
	return v, err
}
