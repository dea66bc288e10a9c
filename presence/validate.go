package presence

import (
	"fmt"
	"time"
	"unicode"
	"unicode/utf8"
)

// Input limits. Lengths count characters (Unicode code points), not bytes.
const (
	// MaxIDLength is the longest agent, session or chat ID accepted.
	MaxIDLength = 128
	// MaxReasonLength is the longest busy reason accepted.
	MaxReasonLength = 200
	// MaxBusyDuration is the longest expiry SetBusyFor accepts.
	MaxBusyDuration = 30 * 24 * time.Hour
	// MaxCapacity is the largest per-agent capacity accepted.
	MaxCapacity = 10_000
	// MaxCandidates is the most candidates Eligible accepts in one call.
	MaxCandidates = 100_000
)

// problems collects the FieldErrors of one call.
type problems []FieldError

func (p *problems) add(field, code, format string, args ...any) {
	*p = append(*p, FieldError{Field: field, Code: code, Message: fmt.Sprintf(format, args...)})
}

// err returns nil or a *ValidationError listing every problem.
func (p problems) err() error {
	if len(p) == 0 {
		return nil
	}
	return &ValidationError{Fields: p}
}

// id checks an agent, session or chat ID: not empty, valid UTF-8, no
// control characters, at most MaxIDLength characters.
func (p *problems) id(field, v string) {
	if v == "" {
		p.add(field, field+".empty", "%s ID is empty", field)
		return
	}
	if code, msg := checkText(v, MaxIDLength); code != "" {
		p.add(field, field+code, "%s ID %s", field, msg)
	}
}

// reason checks a busy reason: valid UTF-8, no control characters, at most
// MaxReasonLength characters. Empty is fine.
func (p *problems) reason(v string) {
	if code, msg := checkText(v, MaxReasonLength); code != "" {
		p.add("reason", "reason"+code, "reason %s", msg)
	}
}

// checkText checks, in one pass, that s is at most limit characters of
// valid UTF-8 without control characters. It returns the code suffix and
// message of the first problem, or "" when there is none.
func checkText(s string, limit int) (code, msg string) {
	// n counts characters; for text too long to be within limit, or all
	// printable ASCII, the byte count is the answer without decoding.
	n := len(s)
	invalid, control := false, false
	if n <= limit*utf8.UTFMax && !printableASCII(s) {
		n = 0
		for i, r := range s {
			n++
			if r == utf8.RuneError {
				if _, w := utf8.DecodeRuneInString(s[i:]); w == 1 {
					invalid = true
				}
			} else if unicode.IsControl(r) {
				control = true
			}
		}
	}
	switch {
	case n > limit:
		return ".too_long", fmt.Sprintf("is longer than %d characters", limit)
	case invalid:
		return ".invalid_utf8", "is not valid UTF-8"
	case control:
		return ".control", "contains a control character"
	}
	return "", ""
}

// printableASCII reports whether s is all printable ASCII, the common case
// for IDs, which needs no decoding.
func printableASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= 0x7f {
			return false
		}
	}
	return true
}
