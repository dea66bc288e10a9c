package password

import (
	"context"
	"fmt"
	"hash/maphash"
	"unicode"
	"unicode/utf8"
)

// Limits of a compound: how many pieces of each kind Compounds lets a
// password be made of and still refuses it.
const (
	// maxCompoundEntries is the most list entries in a compound.
	maxCompoundEntries = 2
	// maxCompoundRuns is the most repeats or sequences in a compound.
	maxCompoundRuns = 1
	// maxCompoundSingles is the most single characters that are not
	// letters (a digit, a space, a "!") in a compound.
	maxCompoundSingles = 2
	// minRunLength is the shortest repeat or sequence that counts as one
	// piece ("111", "abc").
	minRunLength = 3
	// maxCompoundRunes is the longest password, in characters, Compounds
	// splits; longer ones are only looked up whole. It is above
	// DefaultMaxLength, and bounds the work of a lookup.
	maxCompoundRunes = 256
)

// Compounds is a Blocklist that refuses the entries of a Wordlist and the
// passwords people build from them when a policy asks for length: at most
// two entries strung together, with at most one repeat or sequence of three
// or more characters and at most two single characters that are not letters
// before, between or after them. "Password1234567" ("password" and the
// sequence "1234567"), "qwertyuiopasdfgh" ("qwertyuiop" and "asdfgh") and
// "iloveyou iloveyou!" are refused by a list holding those words. Case is
// ignored, as in the Wordlist.
//
// A compound of two entries of a list of n passwords is one of about n²
// candidates (2.2e9 for 47,000 entries), which a guesser that starts with
// such lists tries early; a passphrase of three or more common words is
// not refused.
//
// A Compounds is immutable and safe for concurrent use.
type Compounds struct {
	list *Wordlist
}

// NewCompounds returns a Compounds over list.
func NewCompounds(list *Wordlist) *Compounds { return &Compounds{list: list} }

// Contains reports whether password is an entry of the list or a compound
// of its entries (see Compounds). It never fails unless ctx has ended.
func (c *Compounds) Contains(ctx context.Context, password string) (bool, error) {
	if found, err := c.list.Contains(ctx, password); err != nil || found {
		return found, err
	}
	folded := fold(password)
	if utf8.RuneCountInString(folded) > maxCompoundRunes {
		return false, nil
	}
	if err := ctx.Err(); err != nil {
		return false, fmt.Errorf("password: compounds: %w", err)
	}
	return c.compound(folded), nil
}

// compoundState counts the pieces a prefix of the password was split into.
type compoundState struct{ entries, runs, singles int }

// index numbers a state for the reach bit set.
func (s compoundState) index() uint {
	return uint((s.entries*(maxCompoundRuns+1)+s.runs)*(maxCompoundSingles+1) + s.singles)
}

// compound reports whether folded can be split into pieces within the
// limits of a compound, with at least one list entry. It walks the
// character boundaries, keeping at each the set of piece counts that reach
// it.
func (c *Compounds) compound(folded string) bool {
	// starts[i] is the byte offset of the i-th character; the last entry
	// is len(folded).
	starts := make([]int, 0, len(folded)+1)
	for i := range folded {
		starts = append(starts, i)
	}
	starts = append(starts, len(folded))
	n := len(starts) - 1
	if n < 2 {
		return false
	}
	reach := make([]uint64, n+1) // bit s.index() set: state s reaches i
	reach[0] = 1
	var h maphash.Hash
	for i := range n {
		if reach[i] == 0 {
			continue
		}
		// Pieces starting at character i, by their end j.
		h.SetSeed(c.list.seed)
		first, _ := utf8.DecodeRuneInString(folded[starts[i]:])
		single := !unicode.IsLetter(first)
		runsLeft := false
		for e := range maxCompoundEntries + 1 {
			for s := range maxCompoundSingles + 1 {
				runsLeft = runsLeft || reach[i]&(1<<compoundState{e, 0, s}.index()) != 0
			}
		}
		for j := i + 1; j <= n; j++ {
			piece := folded[starts[i]:starts[j]]
			_, _ = h.WriteString(folded[starts[j-1]:starts[j]])
			entry := c.list.hasHash(h.Sum64())
			run := runsLeft && j-i >= minRunLength && repetition(piece) != ""
			if !entry && !run && !(single && j == i+1) {
				continue
			}
			for e := range maxCompoundEntries + 1 {
				for r := range maxCompoundRuns + 1 {
					for s := range maxCompoundSingles + 1 {
						from := compoundState{e, r, s}
						if reach[i]&(1<<from.index()) == 0 {
							continue
						}
						if entry && e < maxCompoundEntries {
							reach[j] |= 1 << compoundState{e + 1, r, s}.index()
						}
						if run && r < maxCompoundRuns {
							reach[j] |= 1 << compoundState{e, r + 1, s}.index()
						}
						if single && j == i+1 && s < maxCompoundSingles {
							reach[j] |= 1 << compoundState{e, r, s + 1}.index()
						}
					}
				}
			}
		}
	}
	for e := 1; e <= maxCompoundEntries; e++ {
		for r := range maxCompoundRuns + 1 {
			for s := range maxCompoundSingles + 1 {
				if reach[n]&(1<<compoundState{e, r, s}.index()) != 0 {
					return true
				}
			}
		}
	}
	return false
}
