package profile

import (
	"strconv"
	"strings"
	"unicode"

	"github.com/rivo/uniseg"
	"golang.org/x/text/secure/precis"
)

// Length limits for the text fields, in user-perceived characters (extended
// grapheme clusters, so "é", "🇩🇪" and "👩‍💻" each count once) after PRECIS
// preparation.
const (
	MaxNameLength         = 64
	MaxUsernameLength     = 64
	MaxRoleLength         = 64
	MaxBusinessUnitLength = 128
)

// maxTextBytes caps raw text input before PRECIS sees it: enough for any
// legitimate value (64 emoji ZWJ sequences fit), small enough that the
// library's cost stays bounded.
const maxTextBytes = 4096

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

// ParseUsername prepares and checks a username with the PRECIS
// UsernameCaseMapped profile (RFC 8265): width-mapped, lower-cased, NFC, no
// spaces. Errors name FieldUsername.
func ParseUsername(s string) (string, error) {
	v, fe := parseUsername(s)
	return v, single(FieldUsername, fe)
}

func parseName(s string) (string, *FieldError) {
	return parseText(precis.Nickname, s, true, MaxNameLength)
}

func parsePublicName(s string) (string, *FieldError) {
	v, fe := parseName(s)
	if fe != nil {
		return "", fe
	}
	if strings.IndexFunc(v, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) < 0 {
		return "", invalid(CodeNoLetterOrDigit, "must contain at least one letter or digit")
	}
	return v, nil
}

func parseUsername(s string) (string, *FieldError) {
	return parseText(precis.UsernameCaseMapped, s, true, MaxUsernameLength)
}

func parseRole(s string) (string, *FieldError) {
	return parseText(precis.Nickname, s, true, MaxRoleLength)
}

func parseBusinessUnit(s string) (string, *FieldError) {
	return parseText(precis.Nickname, s, false, MaxBusinessUnitLength)
}

// parseText enforces profile p on s and checks the result's length in
// grapheme clusters. An empty or all-space s is allowed only when the field
// is optional, and then yields "".
func parseText(p *precis.Profile, s string, required bool, maxLen int) (string, *FieldError) {
	if len(s) > maxTextBytes {
		return "", tooLong(maxLen)
	}
	// Form input often carries a stray tab or newline at either end; PRECIS
	// would refuse those control characters, though they are not part of
	// the value. Inside the value they are still refused.
	s = strings.TrimSpace(s)
	if s == "" {
		if required {
			return "", invalid(CodeRequired, "is required")
		}
		return "", nil
	}
	v, err := enforce(p, s)
	if err != nil {
		return "", invalid(CodeDisallowedChars, "contains characters that are not allowed (control, unassigned or invalid code points)")
	}
	if v == "" {
		if required {
			return "", invalid(CodeRequired, "is required")
		}
		return "", nil
	}
	if uniseg.GraphemeClusterCount(v) > maxLen {
		return "", tooLong(maxLen)
	}
	return v, nil
}

func tooLong(maxLen int) *FieldError {
	return invalid(CodeTooLong, "must be at most "+strconv.Itoa(maxLen)+" characters")
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
