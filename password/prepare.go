package password

import (
	"strings"
	"unicode/utf8"

	"golang.org/x/text/cases"
	"golang.org/x/text/secure/precis"

	"github.com/convrs/profilekit"
)

// bytesPerChar bounds the bytes one character of a password may take
// before preparation, combining marks included. Input longer than
// MaxLength*bytesPerChar bytes is rejected as too long without being handed
// to PRECIS, which has no length cap of its own.
const bytesPerChar = 8

// prepare applies the PRECIS OpaqueString profile to s after checking its
// size: the result is in Unicode normalisation form C with every non-ASCII
// space mapped to U+0020. It returns profilekit.CodePasswordTooLong for
// input over maxBytes and profilekit.CodePasswordInvalid for input PRECIS
// rejects; the empty string prepares to itself.
func prepare(s string, maxBytes int) (string, profilekit.Code) {
	if len(s) > maxBytes {
		return "", profilekit.CodePasswordTooLong
	}
	if s == "" {
		return "", ""
	}
	if !utf8.ValidString(s) {
		return "", profilekit.CodePasswordInvalid
	}
	p, err := precis.OpaqueString.String(s)
	if err != nil {
		return "", profilekit.CodePasswordInvalid
	}
	return p, ""
}

// fold returns s case-folded, for case-insensitive comparison. ASCII text
// is lower-cased directly; other text goes through cases.Fold (a
// cases.Caser is not safe for concurrent use, so each call makes its own).
func fold(s string) string {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return cases.Fold().String(s)
		}
	}
	return strings.ToLower(s)
}

// length returns the number of characters in a prepared password.
func length(prepared string) int {
	return utf8.RuneCountInString(prepared)
}
