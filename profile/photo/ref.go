package photo

import (
	"crypto/sha256"
	"encoding/base32"
	"encoding/hex"
	"errors"
	"strconv"
	"strings"

	"github.com/convrs/profilekit/internal/kit"
)

// Ref is what a profile's Photo field holds for a photo of this package:
// the avatars' format and, for each size, the SHA-256 of its bytes. With
// the agent's ID and the Service's prefix it names every object (see Key).
// Its text form is "jpg:512-<hex>,128-<hex>,48-<hex>" (or "png:…"), sizes
// largest first; at most MaxSizes sizes keep it within
// profile.MaxPhotoRefBytes.
type Ref struct {
	// Format is JPEG or PNG.
	Format Format
	// Variants lists the sizes and hashes, largest first.
	Variants []RefVariant
}

// RefVariant is one avatar of a Ref.
type RefVariant struct {
	// Size is the side of the square, in pixels.
	Size int
	// Sum is the SHA-256 of the avatar's bytes.
	Sum [sha256.Size]byte
}

// refOf returns the reference to a processed photo.
func refOf(ph *Photo) Ref {
	r := Ref{Format: ph.Format, Variants: make([]RefVariant, len(ph.Variants))}
	for i, v := range ph.Variants {
		r.Variants[i] = RefVariant{Size: v.Size, Sum: v.Sum}
	}
	return r
}

// String returns the reference's text form, which ParseRef reads.
func (r Ref) String() string {
	var b strings.Builder
	b.WriteString(r.Format.ext())
	for i, v := range r.Variants {
		if i == 0 {
			b.WriteByte(':')
		} else {
			b.WriteByte(',')
		}
		b.WriteString(strconv.Itoa(v.Size))
		b.WriteByte('-')
		b.WriteString(hex.EncodeToString(v.Sum[:]))
	}
	return b.String()
}

// errBadRef reports a reference ParseRef cannot read.
var errBadRef = errors.New("photo: malformed photo reference")

// ParseRef reads a reference written by Ref.String. It accepts nothing
// else: a format of "jpg" or "png", one to MaxSizes sizes from 1 to
// MaxSize in decimal without leading zeros, each with 64 lower-case hex
// digits, sizes strictly decreasing.
func ParseRef(s string) (Ref, error) {
	ext, list, ok := strings.Cut(s, ":")
	if !ok {
		return Ref{}, errBadRef
	}
	var r Ref
	switch ext {
	case "jpg":
		r.Format = JPEG
	case "png":
		r.Format = PNG
	default:
		return Ref{}, errBadRef
	}
	for item := range strings.SplitSeq(list, ",") {
		size, sum, ok := strings.Cut(item, "-")
		n, err := strconv.Atoi(size)
		if !ok || err != nil || n < 1 || n > MaxSize || strconv.Itoa(n) != size || len(sum) != 2*sha256.Size || strings.ToLower(sum) != sum {
			return Ref{}, errBadRef
		}
		v := RefVariant{Size: n}
		if _, err := hex.Decode(v.Sum[:], []byte(sum)); err != nil {
			return Ref{}, errBadRef
		}
		if len(r.Variants) == MaxSizes || len(r.Variants) > 0 && r.Variants[len(r.Variants)-1].Size <= n {
			return Ref{}, errBadRef
		}
		r.Variants = append(r.Variants, v)
	}
	return r, nil
}

// Best returns the variant to serve for a request of size pixels: the
// smallest at least that large, or the largest when none is. r must have a
// variant.
func (r Ref) Best(size int) RefVariant {
	best := r.Variants[0]
	for _, v := range r.Variants[1:] {
		if v.Size >= size {
			best = v
		}
	}
	return best
}

// Key returns the object key of one avatar of agentID under prefix:
// prefix, the agent's ID in lower-case base32, "/", the hash in hex and
// the format's extension.
func Key(prefix, agentID string, f Format, sum [sha256.Size]byte) string {
	return prefix + agentEncoding().EncodeToString([]byte(agentID)) + "/" + hex.EncodeToString(sum[:]) + "." + f.ext()
}

// keys returns the keys of every avatar of r.
func (r Ref) keys(prefix, agentID string) []string {
	keys := make([]string, len(r.Variants))
	for i, v := range r.Variants {
		keys[i] = Key(prefix, agentID, r.Format, v.Sum)
	}
	return keys
}

// parseKey reads a key written by Key under prefix, returning the agent's
// ID; ok is false for any other key.
func parseKey(prefix, key string) (agentID string, ok bool) {
	rest, ok := strings.CutPrefix(key, prefix)
	if !ok {
		return "", false
	}
	seg, file, ok := strings.Cut(rest, "/")
	if !ok {
		return "", false
	}
	sum, ext, ok := strings.Cut(file, ".")
	if !ok || (ext != "jpg" && ext != "png") || len(sum) != 2*sha256.Size || strings.ToLower(sum) != sum {
		return "", false
	}
	if _, err := hex.DecodeString(sum); err != nil {
		return "", false
	}
	id, err := agentEncoding().DecodeString(seg)
	if err != nil || !kit.ValidID(string(id)) || agentEncoding().EncodeToString(id) != seg {
		return "", false
	}
	return string(id), true
}

// agentEncoding is how an agent's ID appears in keys: base32 in lower
// case without padding, which every object store and file system keeps
// apart (no "/", no case folding) and which fits a 128-byte ID in 205
// characters, within a file name's 255.
func agentEncoding() *base32.Encoding {
	return base32.NewEncoding("abcdefghijklmnopqrstuvwxyz234567").WithPadding(base32.NoPadding)
}
