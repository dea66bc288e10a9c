package commonpasswords

import (
	"compress/gzip"
	_ "embed" // the list
	"fmt"
	"io"
	"strings"

	"github.com/convrs/profilekit/password"
)

// common is zxcvbn's password frequency list, gzipped.
//
//go:embed common-passwords.txt.gz
var common string

// famous holds long phrases made famous by comics and examples.
//
//go:embed famous.txt
var famous string

// Wordlist returns the list: zxcvbn's common passwords and the famous
// phrases, ignoring case. It takes a few tens of milliseconds and about
// 400 KB; it fails only if the embedded list is damaged, which a test of
// this package rules out.
func Wordlist() (*password.Wordlist, error) {
	zr, err := gzip.NewReader(strings.NewReader(common))
	if err != nil {
		return nil, fmt.Errorf("commonpasswords: %w", err)
	}
	list, err := password.ReadWordlist(io.MultiReader(zr, strings.NewReader("\n"+famous)))
	if err != nil {
		return nil, fmt.Errorf("commonpasswords: %w", err)
	}
	return list, nil
}

// New returns a password.Compounds over Wordlist: it refuses the common
// passwords and two of them strung together with a repeat or a sequence.
func New() (*password.Compounds, error) {
	list, err := Wordlist()
	if err != nil {
		return nil, err
	}
	return password.NewCompounds(list), nil
}
