package password

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"hash/maphash"
	"io"
	"os"
	"slices"
)

// maxWordlistLine is the longest line, in bytes, a Wordlist reads; longer
// lines are skipped (no password policy allows them anyway).
const maxWordlistLine = 1024

// Wordlist is an in-memory, case-insensitive Blocklist: a set of passwords
// read from a newline-separated list such as a list of common passwords.
//
// Each entry is prepared with PRECIS OpaqueString, case-folded and kept as a
// 64-bit seeded hash in a sorted slice, beside an index of where each run of
// hashes with the same top bits starts (about eight hashes a run). A list of
// a million entries takes about 8.5 MB, and a lookup reads one index entry
// and searches one short run. Two different passwords share
// a hash with a probability of about n/2^64 per lookup (5e-14 for a million
// entries); such a collision would only reject a good password.
//
// A Wordlist is immutable and safe for concurrent use.
type Wordlist struct {
	seed   maphash.Seed
	hashes []uint64 // sorted, without duplicates
	// index[b] is where the hashes whose top bits are b start; index has
	// 1<<bits+1 entries, the last being len(hashes).
	index []uint32
	bits  uint
}

// NewWordlist returns a Wordlist holding words. Empty words and words PRECIS
// rejects are skipped.
func NewWordlist(words []string) *Wordlist {
	w := &Wordlist{seed: maphash.MakeSeed()}
	w.hashes = make([]uint64, 0, len(words))
	for _, word := range words {
		w.add(word)
	}
	w.finish()
	return w
}

// ReadWordlist reads a Wordlist from r, one password per line. Line endings
// may be "\n" or "\r\n"; empty lines, lines longer than 1,024 bytes and
// lines PRECIS rejects are skipped. It fails only when r does.
func ReadWordlist(r io.Reader) (*Wordlist, error) {
	w := &Wordlist{seed: maphash.MakeSeed()}
	br := bufio.NewReaderSize(r, 64*1024)
	long := false // inside a line that is too long
	for {
		line, err := br.ReadSlice('\n')
		switch {
		case errors.Is(err, bufio.ErrBufferFull):
			long = true
			continue
		case err != nil && !errors.Is(err, io.EOF):
			return nil, fmt.Errorf("password: read wordlist: %w", err)
		}
		if !long {
			line = bytes.TrimSuffix(bytes.TrimSuffix(line, []byte("\n")), []byte("\r"))
			if len(line) <= maxWordlistLine {
				w.add(string(line))
			}
		}
		long = false
		if err != nil { // io.EOF
			break
		}
	}
	w.finish()
	return w, nil
}

// OpenWordlist reads a Wordlist from the file at path; see ReadWordlist.
func OpenWordlist(path string) (*Wordlist, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("password: open wordlist: %w", err)
	}
	defer f.Close()
	return ReadWordlist(f)
}

// add inserts one entry; finish must be called afterwards.
func (w *Wordlist) add(word string) {
	p, code := prepare(word, maxWordlistLine)
	if code != "" || p == "" {
		return
	}
	w.hashes = append(w.hashes, maphash.String(w.seed, fold(p)))
}

// finish sorts the hashes, drops duplicates and spare capacity, and builds
// the index.
func (w *Wordlist) finish() {
	slices.Sort(w.hashes)
	w.hashes = slices.Clip(slices.Compact(w.hashes))
	w.bits = 1
	for len(w.hashes)>>(w.bits+3) > 0 && w.bits < 32 {
		w.bits++
	}
	w.index = make([]uint32, 1<<w.bits+1)
	b := 0
	for i, h := range w.hashes {
		for top := int(h >> (64 - w.bits)); b <= top; b++ {
			w.index[b] = uint32(i)
		}
	}
	for ; b < len(w.index); b++ {
		w.index[b] = uint32(len(w.hashes))
	}
}

// Len returns the number of distinct entries.
func (w *Wordlist) Len() int { return len(w.hashes) }

// Contains reports whether password is on the list, ignoring case. It never
// fails unless ctx has ended.
func (w *Wordlist) Contains(ctx context.Context, password string) (bool, error) {
	if err := ctx.Err(); err != nil {
		return false, fmt.Errorf("password: wordlist: %w", err)
	}
	return w.hasHash(maphash.String(w.seed, fold(password))), nil
}

// hasHash reports whether h, the seeded hash of a folded password, is on
// the list.
func (w *Wordlist) hasHash(h uint64) bool {
	top := h >> (64 - w.bits)
	_, found := slices.BinarySearch(w.hashes[w.index[top]:w.index[top+1]], h)
	return found
}
