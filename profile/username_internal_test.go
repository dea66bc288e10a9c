package profile

import (
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"golang.org/x/text/secure/precis"
)

// No character the username rules accept has a skeleton more than seven
// times its size, which is what makes MaxUsernameSkeletonBytes hold for
// every username within MaxUsernameBytes: a skeleton's length is the sum of
// its characters' (NFD and the confusables mapping work one character at a
// time).
func TestSkeletonGrowthIsBounded(t *testing.T) {
	const bound = MaxUsernameSkeletonBytes / MaxUsernameBytes
	worst, worstRatio := rune(0), 0
	for r := rune(0); r <= utf8.MaxRune; r++ {
		if !utf8.ValidRune(r) {
			continue
		}
		s := string(r)
		if v, err := precis.UsernameCaseMapped.String(s); err != nil || v != s {
			continue // refused, or not prepared: a prepared username never holds it
		}
		if ratio := (len(UsernameSkeleton(s)) + len(s) - 1) / len(s); ratio > worstRatio {
			worst, worstRatio = r, ratio
		}
	}
	assert.LessOrEqual(t, worstRatio, bound, "%U grows %d times", worst, worstRatio)
	t.Logf("largest growth: %U, %d times", worst, worstRatio)
}
