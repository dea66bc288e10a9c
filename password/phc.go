package password

import (
	"encoding/base64"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"golang.org/x/crypto/argon2"
)

// maxEncodedLength caps the length of a stored hash the parsers read.
const maxEncodedLength = 512

// b64 is the PHC string format's base64: standard alphabet, no padding,
// canonical trailing bits.
var b64 = base64.RawStdEncoding.Strict()

// phc is a parsed argon2id PHC string.
type phc struct {
	params Argon2idParams // SaltLength and KeyLength from salt and key
	salt   []byte
	key    []byte
}

// errPHC is the cause of every parse failure; it is wrapped with what was
// wrong, never with the input.
var errPHC = errors.New("not an argon2id PHC string")

// parsePHC parses "$argon2id$v=19$m=M,t=T,p=P$SALT$KEY" and checks its
// parameters against bounds. Its errors wrap ErrMalformedHash.
func parsePHC(s string, b Argon2idBounds) (phc, error) {
	bad := func(what string) (phc, error) {
		return phc{}, fmt.Errorf("password: %w: %w: %s", ErrMalformedHash, errPHC, what)
	}
	if len(s) > maxEncodedLength {
		return bad("too long")
	}
	parts := strings.Split(s, "$")
	if len(parts) != 6 || parts[0] != "" || parts[1] != "argon2id" {
		return bad("wrong layout")
	}
	if parts[2] != "v="+strconv.Itoa(argon2.Version) {
		return bad("unsupported version")
	}
	fields := strings.Split(parts[3], ",")
	if len(fields) != 3 {
		return bad("wrong parameters")
	}
	var vals [3]uint64
	for i, name := range []string{"m", "t", "p"} {
		k, v, ok := strings.Cut(fields[i], "=")
		if !ok || k != name {
			return bad("wrong parameters")
		}
		n, ok := parseDecimal(v)
		if !ok {
			return bad("bad parameter value")
		}
		vals[i] = n
	}
	m, t, p := vals[0], vals[1], vals[2]
	if t < 1 || t > uint64(b.MaxIterations) {
		return bad("iterations out of bounds")
	}
	if p < 1 || p > uint64(b.MaxParallelism) {
		return bad("parallelism out of bounds")
	}
	if m < 8*p || m > uint64(b.MaxMemory) {
		return bad("memory out of bounds")
	}
	salt, ok := decodeB64(parts[4])
	if !ok || len(salt) < minSaltLength || len(salt) > maxSaltLength {
		return bad("bad salt")
	}
	key, ok := decodeB64(parts[5])
	if !ok || len(key) < minKeyLength || len(key) > maxKeyLength {
		return bad("bad key")
	}
	return phc{
		params: Argon2idParams{
			Memory:      uint32(m),
			Iterations:  uint32(t),
			Parallelism: uint8(p),
			SaltLength:  uint32(len(salt)),
			KeyLength:   uint32(len(key)),
		},
		salt: salt,
		key:  key,
	}, nil
}

// decodeB64 decodes s, the PHC format's unpadded standard base64, only when
// it is canonical: every byte is of the alphabet and the unused trailing
// bits are zero. Go's decoder skips CR and LF anywhere in its input, so
// without the alphabet check a stored hash with a line break inserted would
// verify like the original while differing from it.
func decodeB64(s string) ([]byte, bool) {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '+' || c == '/') {
			return nil, false
		}
	}
	out, err := b64.DecodeString(s)
	return out, err == nil
}

// parseDecimal parses a canonical decimal number: digits only, no leading
// zero, at most 10 digits.
func parseDecimal(s string) (uint64, bool) {
	if s == "" || len(s) > 10 || (s[0] == '0' && len(s) > 1) {
		return 0, false
	}
	var n uint64
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, false
		}
		n = n*10 + uint64(s[i]-'0')
	}
	return n, true
}

// encode returns h as a PHC string.
func (h phc) encode() string {
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s",
		argon2.Version, h.params.Memory, h.params.Iterations, h.params.Parallelism,
		b64.EncodeToString(h.salt), b64.EncodeToString(h.key))
}
