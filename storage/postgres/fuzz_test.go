package postgres_test

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/convrs/profilekit/profile"
	"github.com/convrs/profilekit/storage/storagetest"
)

// FuzzProfileRoundTrip checks that any text PostgreSQL can hold (valid
// UTF-8 without NUL, which the profile Service guarantees) and any time
// within timestamptz's range comes back exactly as it went in.
func FuzzProfileRoundTrip(f *testing.F) {
	s, _, _ := openTest(f)
	defer s.Close()
	storagetest.FuzzProfileRoundTrip(f, s, storable)
}

// storable reports whether PostgreSQL can hold p: text that is valid UTF-8
// without NUL, and times in the years 1 to 9999.
func storable(p profile.Profile) bool {
	for _, v := range []string{p.ID, p.Username, p.Role, p.BusinessUnit, p.Name, p.PublicName,
		p.Language, p.Landline, p.Mobile, p.Photo} {
		if !utf8.ValidString(v) || strings.ContainsRune(v, 0) {
			return false
		}
	}
	for _, year := range []int{p.CreatedAt.Year(), p.UpdatedAt.Year()} {
		if year < 1 || year > 9999 {
			return false
		}
	}
	return true
}

func TestTimesAreTruncatedToTheMicrosecond(t *testing.T) {
	s, _, _ := openTest(t)
	defer s.Close()
	storagetest.TimesTruncatedToTheMicrosecond(t, s)
}
