package profile

import (
	"unicode"

	"github.com/mtibben/confusables"

	"github.com/convrs/profilekit"
	"github.com/convrs/profilekit/internal/text"
)

// MaxUsernameSkeletonBytes is the most bytes of Profile.UsernameSkeleton,
// which is indexed. No character the username rules accept has a skeleton
// more than seven times its own size (a test checks every code point), so
// a username within MaxUsernameBytes always fits; a username whose
// skeleton did not would be refused with profilekit.CodeTextTooLong.
const MaxUsernameSkeletonBytes = 7 * MaxUsernameBytes

// ParseUsername prepares and checks a username with the PRECIS
// UsernameCaseMapped profile (RFC 8265): width-mapped, lower-cased, NFC, no
// spaces, at most MaxUsernameLength characters and MaxUsernameBytes bytes.
// It also refuses a username that mixes scripts, with
// profilekit.CodeUsernameMixedScript, unless Unicode UTS #39 "highly
// restrictive" allows the mix: the letters of a username are of a single
// script, or all within Latin + Han + Hiragana + Katakana, Latin + Han +
// Bopomofo, or Latin + Han + Hangul. Characters common to all scripts
// (digits, punctuation) and inherited ones (combining marks) belong to no
// script for this rule, which reads each character's Unicode Script
// property. Errors name FieldUsername.
//
// Whether a username looks like another agent's is decided where the
// usernames are, in the Store: see Profile.UsernameSkeleton.
func ParseUsername(s string) (string, error) {
	v, fe := parseUsername(s)
	return v, single(FieldUsername, fe)
}

func parseUsername(s string) (string, *FieldError) {
	v, fe := prepareUsername(s)
	if fe != nil {
		return "", fe
	}
	if !singleScriptOrAllowedMix(v) {
		return "", invalid(profilekit.CodeUsernameMixedScript,
			"mixes letters of different scripts (such as Latin and Cyrillic)")
	}
	if len(UsernameSkeleton(v)) > MaxUsernameSkeletonBytes {
		return "", text.TooLong("", MaxUsernameLength, MaxUsernameBytes)
	}
	return v, nil
}

// UsernameSkeleton returns the Unicode UTS #39 skeleton of a prepared
// username: NFD, each character mapped to its prototype by confusables.txt,
// NFD again. Two usernames with the same skeleton look alike. The Service
// stores it as Profile.UsernameSkeleton; adapters use it to give rows
// stored before skeletons existed theirs.
func UsernameSkeleton(username string) string {
	return confusables.Skeleton(username)
}

// A scriptSet is a set of the scripts the mixed-script rule knows by name,
// plus other for any further one.
type scriptSet uint8

const (
	latin scriptSet = 1 << iota
	han
	hiragana
	katakana
	bopomofo
	hangul
	other
)

// The mixes UTS #39 "highly restrictive" allows besides a single script.
const (
	japanese    = latin | han | hiragana | katakana
	chineseBopo = latin | han | bopomofo
	korean      = latin | han | hangul
)

// singleScriptOrAllowedMix reports whether the letters of s are of one
// script, or of one of the mixes "highly restrictive" allows.
func singleScriptOrAllowedMix(s string) bool {
	var set scriptSet
	var otherName string
	for _, r := range s {
		if r < 0x80 {
			if 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' {
				set |= latin
			}
			continue // ASCII digits and punctuation are Common
		}
		bit, name := scriptOf(r)
		if bit == other {
			if otherName != "" && name != otherName {
				return false
			}
			otherName = name
		}
		set |= bit
	}
	switch {
	case set&other != 0:
		return set == other // one script outside the named ones, alone
	case set&(set-1) == 0: // at most one script
		return true
	default:
		return set&^japanese == 0 || set&^chineseBopo == 0 || set&^korean == 0
	}
}

// scriptOf returns the set bit of r's script, 0 for Common and Inherited,
// and other with the script's name for the rest.
func scriptOf(r rune) (scriptSet, string) {
	switch {
	case unicode.Is(unicode.Common, r), unicode.Is(unicode.Inherited, r):
		return 0, ""
	case unicode.Is(unicode.Latin, r):
		return latin, ""
	case unicode.Is(unicode.Han, r):
		return han, ""
	case unicode.Is(unicode.Hiragana, r):
		return hiragana, ""
	case unicode.Is(unicode.Katakana, r):
		return katakana, ""
	case unicode.Is(unicode.Bopomofo, r):
		return bopomofo, ""
	case unicode.Is(unicode.Hangul, r):
		return hangul, ""
	}
	for name, table := range unicode.Scripts {
		if unicode.Is(table, r) {
			return other, name
		}
	}
	// Unassigned code points have no script; PRECIS has refused them
	// already, so this is only a safe answer.
	return other, "Zzzz"
}
