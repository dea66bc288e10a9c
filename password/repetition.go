package password

import "github.com/convrs/profilekit"

// minDistinctCheck is the shortest password checked for using too few
// distinct characters.
const minDistinctCheck = 6

// repetition returns profilekit.CodePasswordRepetitive when a folded
// password is a short run of characters repeated (its smallest period is
// at most half its length) or, from minDistinctCheck characters on, uses at
// most two distinct characters; profilekit.CodePasswordSequential when each
// character follows the previous one by the same step of +1 or -1 (digits
// wrap, so "1234567890123456" is a sequence); and "" otherwise.
func repetition(folded string) profilekit.Code {
	r := []rune(folded)
	n := len(r)
	if n < 3 {
		return ""
	}
	if period(r) <= n/2 || (n >= minDistinctCheck && distinct(r, 2)) {
		return profilekit.CodePasswordRepetitive
	}
	if sequential(r) {
		return profilekit.CodePasswordSequential
	}
	return ""
}

// period returns the smallest p such that r[i] == r[i-p] for every i >= p,
// from the Knuth–Morris–Pratt failure function.
func period(r []rune) int {
	fail := make([]int, len(r))
	k := 0
	for i := 1; i < len(r); i++ {
		for k > 0 && r[i] != r[k] {
			k = fail[k-1]
		}
		if r[i] == r[k] {
			k++
		}
		fail[i] = k
	}
	return len(r) - fail[len(r)-1]
}

// distinct reports whether r holds at most limit distinct characters.
func distinct(r []rune, limit int) bool {
	seen := make([]rune, 0, limit+1)
outer:
	for _, c := range r {
		for _, s := range seen {
			if s == c {
				continue outer
			}
		}
		seen = append(seen, c)
		if len(seen) > limit {
			return false
		}
	}
	return true
}

// sequential reports whether every character of r follows the previous one
// by the same step, +1 or -1, with '9' followed by '0' counting as +1.
func sequential(r []rune) bool {
	step := seqStep(r[0], r[1])
	if step == 0 {
		return false
	}
	for i := 2; i < len(r); i++ {
		if seqStep(r[i-1], r[i]) != step {
			return false
		}
	}
	return true
}

// seqStep returns +1 or -1 when b follows or precedes a, and 0 otherwise.
func seqStep(a, b rune) int {
	switch {
	case b == a+1, a == '9' && b == '0':
		return 1
	case b == a-1, a == '0' && b == '9':
		return -1
	}
	return 0
}
