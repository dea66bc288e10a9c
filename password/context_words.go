package password

import (
	"strings"
	"unicode"

	"github.com/convrs/profilekit"
)

// Minimum lengths, in characters after folding, of the context words a
// password must not contain. Shorter words would reject too many good
// passwords ("Ada" is in "Canada").
const (
	minUsernameLength = 3
	minWordLength     = 4
)

// contextWords checks a folded, prepared password against the agent's
// context words and the policy's folded words. It returns the codes of the
// words found, each at most once, in a fixed order.
func contextWords(folded string, s Subject, words []string) []profilekit.Code {
	var out []profilekit.Code
	if u := foldWord(s.Username); length(u) >= minUsernameLength && nearCopy(folded, u) {
		out = append(out, profilekit.CodePasswordContainsUsername)
	}
	if containsAny(folded, nameWords(s.Name, s.PublicName)) {
		out = append(out, profilekit.CodePasswordContainsName)
	}
	if containsAny(folded, emailWords(s.Email)) {
		out = append(out, profilekit.CodePasswordContainsEmail)
	}
	if containsAny(folded, words) {
		out = append(out, profilekit.CodePasswordContainsProductName)
	}
	return out
}

// foldWord prepares and folds a context word for comparison; it returns ""
// for words PRECIS rejects.
func foldWord(w string) string {
	p, code := prepare(strings.TrimSpace(w), 4096)
	if code != "" {
		return ""
	}
	return fold(p)
}

// containsAny reports whether folded contains one of words.
func containsAny(folded string, words []string) bool {
	for _, w := range words {
		if strings.Contains(folded, w) {
			return true
		}
	}
	return false
}

// splitWords splits folded, a prepared and folded text, into runs of
// letters and digits at least minWordLength characters long.
func splitWords(folded string) []string {
	var out []string
	for _, w := range strings.FieldsFunc(folded, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && !unicode.Is(unicode.Mn, r)
	}) {
		if length(w) >= minWordLength {
			out = append(out, w)
		}
	}
	return out
}

// nameWords returns the folded words of the names, and each name with its
// spaces removed ("adalovelace").
func nameWords(names ...string) []string {
	var out []string
	for _, n := range names {
		f := foldWord(n)
		out = append(out, splitWords(f)...)
		if joined := strings.Join(strings.Fields(f), ""); length(joined) >= minWordLength {
			out = append(out, joined)
		}
	}
	return out
}

// emailWords returns the folded local part of an e-mail address, its
// words, and the words of its domain labels except the last (the top-level
// domain).
func emailWords(email string) []string {
	f := foldWord(email)
	local, domain, ok := strings.Cut(f, "@")
	if !ok {
		return splitWords(f)
	}
	out := splitWords(local)
	if length(local) >= minWordLength {
		out = append(out, local)
	}
	labels := strings.Split(domain, ".")
	if len(labels) > 1 {
		labels = labels[:len(labels)-1]
	}
	for _, l := range labels {
		out = append(out, splitWords(l)...)
	}
	return out
}

// nearCopy reports whether folded contains username, or a substring within
// a small edit distance of it: none for usernames under 6 characters, one
// edit up to 9 characters, two from 10.
func nearCopy(folded, username string) bool {
	if strings.Contains(folded, username) {
		return true
	}
	u := []rune(username)
	var k int
	switch {
	case len(u) >= 10:
		k = 2
	case len(u) >= 6:
		k = 1
	default:
		return false
	}
	return substringDistance([]rune(folded), u) <= k
}

// substringDistance returns the least Levenshtein distance between pattern
// and any substring of text (Sellers' algorithm), in O(len(text) *
// len(pattern)) time and O(len(pattern)) space.
func substringDistance(text, pattern []rune) int {
	m := len(pattern)
	col := make([]int, m+1) // col[i]: distance of pattern[:i] ending here
	for i := range col {
		col[i] = i
	}
	best := col[m]
	for _, t := range text {
		diag := col[0] // col[0] stays 0: a match may start anywhere
		for i := 1; i <= m; i++ {
			up := col[i]
			cost := 1
			if pattern[i-1] == t {
				cost = 0
			}
			col[i] = min(diag+cost, up+1, col[i-1]+1)
			diag = up
		}
		best = min(best, col[m])
	}
	return best
}
