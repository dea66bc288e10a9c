package password

import (
	"errors"
	"strings"
	"testing"
)

// FuzzParsePHC checks that the PHC parser never panics, rejects everything
// outside the bounds, and that what it accepts encodes back to the input.
func FuzzParsePHC(f *testing.F) {
	for _, s := range []string{
		"$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$" + strings.Repeat("A", 43),
		"$argon2id$v=19$m=64,t=1,p=1$AAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAA",
		"$argon2id$v=19$m=4294967295,t=1,p=1$AAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAA",
		"$argon2i$v=19$m=64,t=1,p=1$AAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAA",
		"", "$", "$$$$$",
	} {
		f.Add(s)
	}
	b := DefaultArgon2idBounds()
	f.Fuzz(func(t *testing.T, s string) {
		h, err := parsePHC(s, b)
		if err != nil {
			if !errors.Is(err, ErrMalformedHash) {
				t.Fatalf("error %v does not wrap ErrMalformedHash", err)
			}
			return
		}
		p := h.params
		if p.Memory > b.MaxMemory || p.Iterations < 1 || p.Iterations > b.MaxIterations ||
			p.Parallelism < 1 || p.Parallelism > b.MaxParallelism || p.Memory < 8*uint32(p.Parallelism) {
			t.Fatalf("accepted parameters out of bounds: %+v", p)
		}
		if h.encode() != s {
			t.Fatalf("accepted a non-canonical string: %q encodes as %q", s, h.encode())
		}
	})
}

// FuzzParseRange checks that the range-answer parser never panics and
// returns sorted keys.
func FuzzParseRange(f *testing.F) {
	f.Add(strings.Repeat("A", 35)+":3\r\n"+strings.Repeat("0", 35)+":0\n", 1)
	f.Add("garbage", 1)
	f.Fuzz(func(t *testing.T, s string, minCount int) {
		keys, err := parseRange(strings.NewReader(s), max(minCount, 1))
		if err != nil {
			if !errors.Is(err, errRangeFormat) {
				t.Fatalf("unexpected error %v", err)
			}
			return
		}
		for i := 1; i < len(keys); i++ {
			if keys[i-1] >= keys[i] {
				t.Fatalf("keys not sorted and unique")
			}
		}
	})
}
