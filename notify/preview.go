package notify

import (
	"html"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/rivo/uniseg"
)

// Limits of Preview.
const (
	// maxPreviewInput is how many bytes of a text Preview reads; the rest
	// could never be shown.
	maxPreviewInput = 64 << 10
	// maxBytesPerCharacter bounds the bytes of a result to this many per
	// character asked for, so that a cluster of thousands of combining
	// marks cannot make a notification large.
	maxBytesPerCharacter = 40
	// ellipsis ends a text that was cut.
	ellipsis = "…"
)

// Preview returns text as a notification shows it: valid UTF-8 (invalid
// bytes become U+FFFD), HTML tags removed and entities decoded, control
// and bidirectional formatting characters removed, invisible characters
// removed (see below), every run of white space (U+2800 BRAILLE PATTERN
// BLANK included, which shows as one) turned into one space, trimmed, and
// at most max user-perceived
// characters (grapheme clusters, so an emoji with modifiers or a letter
// with its accents is never split). A text that is cut ends in "…", which
// counts as one of the max characters. The result also holds at most 40
// bytes per character asked for. It is plain text: show it as text, never
// as HTML. max <= 0 returns "".
//
// Invisible characters are Unicode's Default_Ignorable_Code_Point (zero
// width space, word joiner, soft hyphen, Hangul fillers, the Mongolian
// vowel separator, tag characters, …) and the interlinear annotation
// controls U+FFF9 to U+FFFB: they could hide text from the reader, or
// carry text in a run of them. Three kinds a text may need are kept where
// they have work to do: a zero width joiner or non-joiner between two
// characters (emoji sequences such as 👩‍💻, Persian and Indic words), one
// variation selector right after a character (❤️), and the tag characters
// of the recommended subdivision flags (England, Scotland, Wales); any
// other tag sequence loses its tags.
func Preview(text string, max int) string {
	if max <= 0 {
		return ""
	}
	max = min(max, maxPreviewInput) // no text read has more characters
	if len(text) > maxPreviewInput {
		cut := maxPreviewInput
		for cut > 0 && !utf8.RuneStart(text[cut]) {
			cut--
		}
		text = text[:cut]
	}
	if !clean(text) {
		text = cleanSpace(html.UnescapeString(stripTags(strings.ToValidUTF8(text, "\uFFFD"))))
	}
	return cut(text, max, max*maxBytesPerCharacter)
}

// clean reports whether s is already as Preview's cleaning would leave it
// (and holds no markup), so that the common plain text costs one scan and
// no allocation.
func clean(s string) bool {
	prevSpace := true // no space at the start
	for i, r := range s {
		switch {
		case r == ' ':
			if prevSpace {
				return false
			}
			prevSpace = true
			continue
		case r < ' ' || r == '<' || r == '&' || r == utf8.RuneError && i+1 <= len(s) && !strings.HasPrefix(s[i:], "\uFFFD"):
			return false
		case r >= 0x7f && (unicode.IsSpace(r) || unicode.IsControl(r) || bidiControl(r) || r == '\u2028' || r == '\u2029' || r == '\uFEFF' ||
			r == brailleNone || invisible(r)):
			return false
		}
		prevSpace = false
	}
	return !prevSpace || s == ""
}

// stripTags replaces each HTML tag, comment or declaration of s with a
// space. A "<" that starts none (a "<" before a space or digit, or one
// never closed) stays as text.
func stripTags(s string) string {
	if !strings.Contains(s, "<") {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for {
		i := strings.IndexByte(s, '<')
		if i < 0 || i+1 >= len(s) {
			b.WriteString(s)
			return b.String()
		}
		c := s[i+1]
		opens := c == '/' || c == '!' || c == '?' || (c|0x20 >= 'a' && c|0x20 <= 'z')
		end := strings.IndexByte(s[i+1:], '>')
		if !opens || end < 0 {
			b.WriteString(s[:i+1])
			s = s[i+1:]
			continue
		}
		b.WriteString(s[:i])
		b.WriteByte(' ')
		s = s[i+1+end+1:]
	}
}

// cleanSpace removes control, bidirectional formatting and invisible
// characters but those Preview keeps, turns each run of white space into
// one space and trims both ends.
func cleanSpace(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false    // a space is due before the next character
	after := false    // the last rune written is a character a joiner or variation selector may follow
	selected := false // the last rune written is a variation selector
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		i += n
		switch {
		case blank(r):
			space = b.Len() > 0
			after = false
		case r == zwj || r == zwnj:
			// Kept between two characters: written after one, and followed
			// by one, which is written next.
			if after && i < len(s) && shown(s[i:]) {
				b.WriteRune(r)
			}
			after = false
		case variationSelector(r):
			if after && !selected {
				b.WriteRune(r)
				selected = true
			}
		case unicode.IsControl(r) || bidiControl(r) || invisible(r):
		default:
			if space {
				b.WriteByte(' ')
				space = false
			}
			b.WriteRune(r)
			after, selected = true, false
			if r == blackFlag {
				k := flagTags(s[i:])
				b.WriteString(s[i : i+k])
				i += k
			}
		}
	}
	return b.String()
}

// blank reports whether r is white space to Preview.
func blank(r rune) bool {
	return unicode.IsSpace(r) || r == '\u2028' || r == '\u2029' || r == brailleNone
}

// shown reports whether the first rune of s is one cleanSpace writes as a
// character.
func shown(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return !blank(r) && !unicode.IsControl(r) && !bidiControl(r) && !invisible(r)
}

// bidiControl reports whether r is a bidirectional formatting character,
// which could reorder the text around a notification.
func bidiControl(r rune) bool {
	return r == '\u061C' || r == '\u200E' || r == '\u200F' ||
		(r >= '\u202A' && r <= '\u202E') || (r >= '\u2066' && r <= '\u2069')
}

// cut returns s if it has at most max grapheme clusters and maxBytes
// bytes, and otherwise its longest prefix that ends on a cluster boundary
// and leaves room for the ellipsis within both limits, trimmed, followed by
// the ellipsis.
func cut(s string, max, maxBytes int) string {
	if len(s) <= max && len(s) <= maxBytes { // no more bytes than max: no more clusters either
		return s
	}
	keep := 0 // the prefix to keep if s must be cut
	rest, state := s, -1
	for n := 1; rest != ""; n++ {
		_, rest, _, state = uniseg.FirstGraphemeClusterInString(rest, state)
		end := len(s) - len(rest)
		if n > max || end > maxBytes {
			return strings.TrimRightFunc(s[:keep], unicode.IsSpace) + ellipsis
		}
		if n < max && end+len(ellipsis) <= maxBytes {
			keep = end
		}
	}
	return s
}
