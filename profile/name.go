package profile

import (
	"strconv"
	"strings"
	"unicode"

	"github.com/rivo/uniseg"
	"golang.org/x/text/secure/precis"

	"github.com/convrs/profilekit"
)

// Length limits of the text fields. Each field is capped twice, after
// PRECIS preparation: in user-perceived characters (extended grapheme
// clusters, so "é", "🇩🇪" and "👍🏽" each count once) and in bytes of UTF-8,
// because one character may hold any number of combining marks. The byte
// caps are what every storage adapter is held to (the conformance suite
// stores a value of each at its cap), and keep an indexed value well under
// PostgreSQL's 2,704-byte limit for a btree index entry.
const (
	// MaxNameLength is the most characters of Name and PublicName.
	MaxNameLength = 64
	// MaxNameBytes is the most bytes of Name and PublicName: 16 a
	// character, room for 64 flags or skin-toned emoji.
	MaxNameBytes = 1024
	// MaxUsernameLength is the most characters of Username.
	MaxUsernameLength = 64
	// MaxUsernameBytes is the most bytes of Username, which is indexed: 4
	// a character, room for 64 characters of any script.
	MaxUsernameBytes = 256
	// MaxRoleLength is the most characters of Role.
	MaxRoleLength = 64
	// MaxRoleBytes is the most bytes of Role.
	MaxRoleBytes = 1024
	// MaxBusinessUnitLength is the most characters of BusinessUnit.
	MaxBusinessUnitLength = 128
	// MaxBusinessUnitBytes is the most bytes of BusinessUnit.
	MaxBusinessUnitBytes = 2048
)

// rawTextFactor caps raw text input before PRECIS sees it, at this many
// times the field's byte cap: room for surrounding and repeated spaces and
// for width forms that preparation shrinks, small enough that the
// library's cost (which grows faster than the input) stays bounded.
const rawTextFactor = 2

// ParseName prepares and checks an agent's Name (shown to other agents) with
// the PRECIS Nickname profile (RFC 8266): surrounding and repeated spaces are
// collapsed, width and compatibility forms normalised, and control and
// unassigned code points rejected. Leading and trailing white space is
// trimmed first. PRECIS refuses a zero-width joiner outside the Indic
// scripts that need it, so emoji ZWJ sequences ("👩‍💻") are refused. It returns the prepared name, or a
// *ValidationError for FieldName.
func ParseName(s string) (string, error) {
	v, fe := parseName(s)
	return v, single(FieldName, fe)
}

// ParsePublicName is ParseName for the Public name shown to customers in web
// chat; it also rejects a name with no letter or digit, such as "!!!" or
// "🙂". Errors name FieldPublicName.
func ParsePublicName(s string) (string, error) {
	v, fe := parsePublicName(s)
	return v, single(FieldPublicName, fe)
}

func parseName(s string) (string, *FieldError) {
	return parseText(precis.Nickname, s, true, MaxNameLength, MaxNameBytes)
}

func parsePublicName(s string) (string, *FieldError) {
	v, fe := parseName(s)
	if fe != nil {
		return "", fe
	}
	if strings.IndexFunc(v, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) < 0 {
		return "", invalid(profilekit.CodeTextNoLetterOrDigit, "must contain at least one letter or digit")
	}
	return v, nil
}

func parseRole(s string) (string, *FieldError) {
	return parseText(precis.Nickname, s, true, MaxRoleLength, MaxRoleBytes)
}

func parseBusinessUnit(s string) (string, *FieldError) {
	return parseText(precis.Nickname, s, false, MaxBusinessUnitLength, MaxBusinessUnitBytes)
}

// parseText enforces profile p on s and checks the result's length in
// grapheme clusters (at most maxLen) and in bytes (at most maxBytes). An
// empty or all-space s is allowed only when the field is optional, and then
// yields "".
func parseText(p *precis.Profile, s string, required bool, maxLen, maxBytes int) (string, *FieldError) {
	if len(s) > rawTextFactor*maxBytes {
		return "", tooLong(maxLen, maxBytes)
	}
	// Form input often carries a stray tab or newline at either end; PRECIS
	// would refuse those control characters, though they are not part of
	// the value. Inside the value they are still refused.
	s = strings.TrimSpace(s)
	if s == "" {
		if required {
			return "", invalid(profilekit.CodeTextRequired, "is required")
		}
		return "", nil
	}
	v, err := enforce(p, s)
	if err != nil {
		return "", invalid(profilekit.CodeTextDisallowedChars, "contains characters that are not allowed (control, unassigned or invalid code points)")
	}
	if v == "" {
		if required {
			return "", invalid(profilekit.CodeTextRequired, "is required")
		}
		return "", nil
	}
	if len(v) > maxBytes || uniseg.GraphemeClusterCount(v) > maxLen {
		return "", tooLong(maxLen, maxBytes)
	}
	return v, nil
}

// tooLong is the problem of a text over either of its caps.
func tooLong(maxLen, maxBytes int) *FieldError {
	return invalid(profilekit.CodeTextTooLong,
		"must be at most "+strconv.Itoa(maxLen)+" characters and "+strconv.Itoa(maxBytes)+" bytes")
}

// enforce applies p until the result is stable. PRECIS profiles that use
// NFKC are not idempotent for a few code points (U+00A8 decomposes to a space
// and a combining mark, and the space is then trimmed on the next pass), and
// a prepared value must prepare again to itself so that it compares equal
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
	if err != nil {
		return "", err
	}
	return v, nil
}
