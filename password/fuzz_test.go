package password_test

import (
	"context"
	"errors"
	"net/netip"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/secure/precis"

	"github.com/convrs/profilekit"
	"github.com/convrs/profilekit/password"
)

// FuzzValidate checks that Validate never panics, always answers with nil
// or a *ValidationError with known codes, and never echoes the password.
func FuzzValidate(f *testing.F) {
	for _, s := range []string{"", "correct horse battery staple", "aaaaaaaaaaaaaaaa", "1234567890123456", "ada.lovelace2026", "cafe\u0301 au lait", "\x00\xff", strings.Repeat("🐈", 200)} {
		f.Add(s, "ada.lovelace", "Ada Lovelace", "countess@example.org", false)
	}
	known := map[profilekit.Code]bool{
		profilekit.CodePasswordTooShort: true, profilekit.CodePasswordTooLong: true, profilekit.CodePasswordInvalid: true,
		profilekit.CodePasswordBreached: true, profilekit.CodePasswordCheckUnavailable: true,
		profilekit.CodePasswordContainsUsername: true, profilekit.CodePasswordContainsName: true, profilekit.CodePasswordContainsEmail: true,
		profilekit.CodePasswordContainsProductName: true, profilekit.CodePasswordRepetitive: true, profilekit.CodePasswordSequential: true,
	}
	p := password.NewPolicy(&password.PolicyOptions{MinLength: 8, Blocklists: []password.Blocklist{password.NewWordlist([]string{"password1", "letmein"})}})
	f.Fuzz(func(t *testing.T, pw, username, name, email string, second bool) {
		err := p.Validate(context.Background(), password.Subject{Username: username, Name: name, Email: email, SecondFactor: second}, pw)
		if err == nil {
			if !utf8.ValidString(pw) || utf8.RuneCountInString(pw) < p.MinLength(second) {
				t.Fatalf("accepted an invalid or short password")
			}
			return
		}
		var ve *password.ValidationError
		if !errors.As(err, &ve) || len(ve.Fields) == 0 {
			t.Fatalf("unexpected error %v", err)
		}
		for _, v := range ve.Fields {
			if !known[v.Code] || v.Field != password.FieldPassword || v.Message == "" {
				t.Fatalf("bad violation %+v", v)
			}
			for _, name := range v.Code.Params() {
				if _, ok := v.Params[name]; !ok {
					t.Fatalf("%s lacks its parameter %q: %+v", v.Code, name, v)
				}
			}
		}
		if len(pw) >= 4 && strings.Contains(err.Error(), pw) {
			t.Fatalf("error repeats the password")
		}
	})
}

// FuzzVerify checks that Verify never panics on any stored string: it
// answers false with ErrMalformedHash, or a boolean without error.
func FuzzVerify(f *testing.F) {
	h := password.NewArgon2id(&password.Argon2idOptions{
		Params: password.Argon2idParams{Memory: 64, Iterations: 1},
		Bounds: password.Argon2idBounds{MaxMemory: 256, MaxIterations: 2, MaxParallelism: 4, MaxBcryptCost: 5},
	})
	good, err := h.Hash(context.Background(), "secret")
	if err != nil {
		f.Fatal(err)
	}
	for _, s := range []string{good, "", "$argon2id$", "$2b$04$" + strings.Repeat("a", 53), "$argon2id$v=19$m=64,t=1,p=1$AAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAA"} {
		f.Add("secret", s)
	}
	f.Fuzz(func(t *testing.T, pw, encoded string) {
		ok, err := h.Verify(context.Background(), pw, encoded)
		if err != nil {
			if ok || !errors.Is(err, password.ErrMalformedHash) {
				t.Fatalf("Verify = %v, %v", ok, err)
			}
			if len(encoded) >= 8 && strings.Contains(err.Error(), encoded) {
				t.Fatalf("error repeats the stored hash")
			}
			if !h.NeedsRehash(encoded) {
				t.Fatalf("an unusable hash needs no rehash")
			}
		}
		if err == nil && strings.HasPrefix(encoded, "$argon2id$") && strings.Trim(encoded, phcAlphabet) != "" {
			t.Fatalf("accepted a stored hash with a byte outside the PHC alphabet")
		}
		if ok && encoded == good && pw != "secret" {
			t.Fatalf("wrong password verified")
		}
	})
}

// phcAlphabet holds every byte of a canonical argon2id PHC string.
const phcAlphabet = "$=,+/0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"

// FuzzReadWordlist checks that reading any input never panics and that
// every short, valid line read is found again.
func FuzzReadWordlist(f *testing.F) {
	f.Add("password\nletmein\r\n\nZürich\n")
	f.Add(strings.Repeat("x", 2000) + "\nshort")
	f.Fuzz(func(t *testing.T, input string) {
		w, err := password.ReadWordlist(strings.NewReader(input))
		if err != nil {
			t.Fatal(err)
		}
		if w.Len() > strings.Count(input, "\n")+1 {
			t.Fatalf("more entries than lines")
		}
		for line := range strings.SplitSeq(input, "\n") {
			line = strings.TrimSuffix(line, "\r")
			if line == "" || len(line) > 100 || !utf8.ValidString(line) {
				continue
			}
			// Contains takes a prepared password, as the Policy passes it.
			prepared, err := precis.OpaqueString.String(line)
			if err != nil || prepared == "" {
				continue
			}
			found, err := w.Contains(context.Background(), prepared)
			if err != nil {
				t.Fatal(err)
			}
			if !found {
				t.Fatalf("line %q was read but is not found", line)
			}
		}
	})
}

// FuzzClientFromAddr checks that ClientFromAddr never panics, is
// idempotent, and gives every address of one IPv6 /64 (or one IPv4
// address, whatever its port) one key.
func FuzzClientFromAddr(f *testing.F) {
	f.Add("203.0.113.9:52100")
	f.Add("[2001:db8::1]:443")
	f.Fuzz(func(t *testing.T, addr string) {
		key := password.ClientFromAddr(addr)
		if again := password.ClientFromAddr(key); again != key {
			t.Fatalf("ClientFromAddr(%q) = %q, then %q", addr, key, again)
		}
		if ip, err := netip.ParseAddr(addr); err == nil && ip.Zone() == "" {
			withPort := netip.AddrPortFrom(ip, 80).String()
			if got := password.ClientFromAddr(withPort); got != key {
				t.Fatalf("%q gives %q but %q gives %q", addr, key, withPort, got)
			}
		}
	})
}
