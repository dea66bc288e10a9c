package profile

import (
	"strings"
	"unicode"

	"golang.org/x/text/secure/precis"

	"github.com/convrs/profilekit"
	"github.com/convrs/profilekit/internal/text"
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

// parseText prepares s with the PRECIS profile p by the shared text rule
// (internal/text: trimmed, prepared to a fixed point, capped in characters
// and bytes), refusing an empty result when the field is required. The
// FieldError's Field is the caller's to fill in.
func parseText(p *precis.Profile, s string, required bool, maxLen, maxBytes int) (string, *FieldError) {
	v, fe := text.Prepare("", p, s, maxLen, maxBytes)
	if fe != nil {
		return "", fe
	}
	if v == "" && required {
		return "", invalid(profilekit.CodeTextRequired, "is required")
	}
	return v, nil
}
