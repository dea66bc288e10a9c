package password_test

import (
	"bufio"
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"fmt"
	"os"
	"runtime"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"golang.org/x/crypto/argon2"
	"golang.org/x/text/secure/precis"

	"github.com/convrs/profilekit/password"
)

// benchWords returns n blocklist entries: the shared list of common
// passwords, then synthetic entries up to n. It skips the benchmark when the
// shared list is missing.
func benchWords(b *testing.B, n int) []string {
	b.Helper()
	words := make([]string, 0, n)
	f, err := os.Open(commonPasswordsPath(b))
	require.NoError(b, err)
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() && len(words) < n {
		words = append(words, sc.Text())
	}
	require.NoError(b, sc.Err())
	for i := 0; len(words) < n; i++ {
		words = append(words, fmt.Sprintf("synthetic-%d-Entry", i))
	}
	return words
}

var sink bool

// BenchmarkHash hashes a password. Both it and its baseline hash once
// before timing, so that neither pays alone for the first touch of
// argon2's memory (page faults), whichever runs first.
func BenchmarkHash(b *testing.B) {
	h := password.NewArgon2id(nil)
	ctx := context.Background()
	if _, err := h.Hash(ctx, "warm up"); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := h.Hash(ctx, "correct horse battery staple"); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkHashBaseline does what Hash does by hand at the same
// parameters: a random salt, the argon2id key, the PHC string.
func BenchmarkHashBaseline(b *testing.B) {
	p := password.DefaultArgon2idParams()
	hash := func(pw string) string {
		salt := make([]byte, p.SaltLength)
		if _, err := rand.Read(salt); err != nil {
			b.Fatal(err)
		}
		key := argon2.IDKey([]byte(pw), salt, p.Iterations, p.Memory, p.Parallelism, p.KeyLength)
		return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, p.Memory, p.Iterations, p.Parallelism,
			base64.RawStdEncoding.EncodeToString(salt), base64.RawStdEncoding.EncodeToString(key))
	}
	hash("warm up")
	b.ReportAllocs()
	for b.Loop() {
		_ = hash("correct horse battery staple")
	}
}

func BenchmarkVerify(b *testing.B) {
	h := password.NewArgon2id(nil)
	ctx := context.Background()
	encoded, err := h.Hash(ctx, "correct horse battery staple")
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		ok, err := h.Verify(ctx, "correct horse battery staple", encoded)
		if err != nil || !ok {
			b.Fatal(ok, err)
		}
	}
}

// BenchmarkVerifyAtBounds verifies a stored hash whose parameters are the
// largest DefaultArgon2idBounds accept: the most one tampered record can
// cost a Verify.
func BenchmarkVerifyAtBounds(b *testing.B) {
	ctx := context.Background()
	bounds := password.DefaultArgon2idBounds()
	worst := password.Argon2idParams{Memory: bounds.MaxMemory, Iterations: bounds.MaxIterations, Parallelism: bounds.MaxParallelism}
	h := password.NewArgon2id(&password.Argon2idOptions{Params: worst})
	encoded, err := h.Hash(ctx, "correct horse battery staple")
	if err != nil {
		b.Fatal(err)
	}
	verifier := password.NewArgon2id(nil)
	b.ReportAllocs()
	for b.Loop() {
		ok, err := verifier.Verify(ctx, "correct horse battery staple", encoded)
		if err != nil || !ok {
			b.Fatal(ok, err)
		}
	}
}

// BenchmarkVerifyBaseline is the raw library call and comparison Verify
// wraps, without parsing.
func BenchmarkVerifyBaseline(b *testing.B) {
	p := password.DefaultArgon2idParams()
	salt := make([]byte, p.SaltLength)
	want := argon2.IDKey([]byte("correct horse battery staple"), salt, p.Iterations, p.Memory, p.Parallelism, p.KeyLength)
	b.ReportAllocs()
	for b.Loop() {
		got := argon2.IDKey([]byte("correct horse battery staple"), salt, p.Iterations, p.Memory, p.Parallelism, p.KeyLength)
		sink = subtle.ConstantTimeCompare(got, want) == 1
	}
}

func BenchmarkValidate(b *testing.B) {
	list := password.NewWordlist(benchWords(b, 100_000))
	p := password.NewPolicy(&password.PolicyOptions{Blocklists: []password.Blocklist{list}})
	ctx := context.Background()
	for _, pw := range []string{"violet submarine orchestra", "Grüße aus Zürich, 2026!"} {
		b.Run(pw[:6], func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if err := p.Validate(ctx, ada, pw); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkValidateBaseline is the PRECIS preparation alone, the one
// library call every validation makes.
func BenchmarkValidateBaseline(b *testing.B) {
	for _, pw := range []string{"violet submarine orchestra", "Grüße aus Zürich, 2026!"} {
		b.Run(pw[:6], func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := precis.OpaqueString.String(pw); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// lookups are the passwords the lookup benchmarks search: one on the list
// (a synthetic entry, which benchWords adds at every size) and one not.
var lookups = []struct{ name, pw string }{{"Hit", "synthetic-7-ENTRY"}, {"Miss", "violet submarine orchestra"}}

func BenchmarkWordlistContains(b *testing.B) {
	for _, n := range []int{100_000, 1_000_000} {
		list := password.NewWordlist(benchWords(b, n))
		ctx := context.Background()
		for _, c := range lookups {
			b.Run(fmt.Sprintf("%d/%s", n, c.name), func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					found, _ := list.Contains(ctx, c.pw)
					sink = found
				}
			})
		}
	}
}

// BenchmarkWordlistContainsBaseline is a plain map of lower-cased strings.
func BenchmarkWordlistContainsBaseline(b *testing.B) {
	for _, n := range []int{100_000, 1_000_000} {
		words := benchWords(b, n)
		set := make(map[string]struct{}, len(words))
		for _, w := range words {
			set[strings.ToLower(w)] = struct{}{}
		}
		for _, c := range lookups {
			b.Run(fmt.Sprintf("%d/%s", n, c.name), func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					_, found := set[strings.ToLower(c.pw)]
					sink = found
				}
			})
		}
	}
}

// heapGrowth returns the live heap bytes build leaves behind, keeping its
// result alive until measured.
func heapGrowth(build func() any) (uint64, any) {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	v := build()
	runtime.GC()
	runtime.ReadMemStats(&after)
	return after.HeapAlloc - before.HeapAlloc, v
}

// benchFootprint reports the heap that build leaves behind for n words,
// per entry (B/entry) and in total (MB).
func benchFootprint(b *testing.B, build func(words []string) any) {
	for _, n := range []int{100_000, 1_000_000} {
		words := benchWords(b, n)
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			var grown uint64
			for b.Loop() {
				var keep any
				grown, keep = heapGrowth(func() any { return build(words) })
				runtime.KeepAlive(keep)
			}
			b.ReportMetric(float64(grown)/float64(n), "B/entry")
			b.ReportMetric(float64(grown)/1e6, "MB")
		})
	}
}

// BenchmarkWordlistFootprint reports the memory a Wordlist keeps, for
// 100,000 and 1,000,000 entries.
func BenchmarkWordlistFootprint(b *testing.B) {
	benchFootprint(b, func(words []string) any { return password.NewWordlist(words) })
}

// BenchmarkWordlistFootprintBaseline is the same for a map[string]struct{}
// of the lower-cased entries (the strings' own bytes included).
func BenchmarkWordlistFootprintBaseline(b *testing.B) {
	benchFootprint(b, func(words []string) any {
		set := make(map[string]struct{})
		for _, w := range words {
			set[strings.Clone(strings.ToLower(w))] = struct{}{}
		}
		return set
	})
}
