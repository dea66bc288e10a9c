package notify

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// defaultIgnorable is Unicode's Default_Ignorable_Code_Point property: the
// code points a renderer shows as nothing when it does not support them
// (zero width space, word joiner, soft hyphen, the Hangul fillers, the
// Mongolian vowel separator, joiners, variation selectors, bidirectional
// formatting, tag characters and reserved code points among them). The
// ranges are those of DerivedCoreProperties.txt (Unicode 15.0.0, the
// version of Go's unicode package; neither it nor golang.org/x/text
// exports the property), which derives the property as
// Other_Default_Ignorable_Code_Point + Cf + Variation_Selector -
// White_Space - FFF9..FFFB - 13430..1343F - Prepended_Concatenation_Mark;
// TestDefaultIgnorableIsDerivedFromUnicode recomputes it from Go's tables.
var defaultIgnorable = &unicode.RangeTable{
	R16: []unicode.Range16{
		{Lo: 0x00AD, Hi: 0x00AD, Stride: 1}, // soft hyphen
		{Lo: 0x034F, Hi: 0x034F, Stride: 1}, // combining grapheme joiner
		{Lo: 0x061C, Hi: 0x061C, Stride: 1}, // Arabic letter mark
		{Lo: 0x115F, Hi: 0x1160, Stride: 1}, // Hangul choseong and jungseong fillers
		{Lo: 0x17B4, Hi: 0x17B5, Stride: 1}, // Khmer inherent vowels
		{Lo: 0x180B, Hi: 0x180F, Stride: 1}, // Mongolian free variation selectors, vowel separator
		{Lo: 0x200B, Hi: 0x200F, Stride: 1}, // zero width space, ZWNJ, ZWJ, LRM, RLM
		{Lo: 0x202A, Hi: 0x202E, Stride: 1}, // bidirectional embeddings and overrides
		{Lo: 0x2060, Hi: 0x206F, Stride: 1}, // word joiner, invisible operators, isolates, deprecated formats
		{Lo: 0x3164, Hi: 0x3164, Stride: 1}, // Hangul filler
		{Lo: 0xFE00, Hi: 0xFE0F, Stride: 1}, // variation selectors 1 to 16
		{Lo: 0xFEFF, Hi: 0xFEFF, Stride: 1}, // zero width no-break space (BOM)
		{Lo: 0xFFA0, Hi: 0xFFA0, Stride: 1}, // halfwidth Hangul filler
		{Lo: 0xFFF0, Hi: 0xFFF8, Stride: 1}, // reserved
	},
	R32: []unicode.Range32{
		{Lo: 0x1BCA0, Hi: 0x1BCA3, Stride: 1}, // shorthand format controls
		{Lo: 0x1D173, Hi: 0x1D17A, Stride: 1}, // musical symbol format controls
		{Lo: 0xE0000, Hi: 0xE0FFF, Stride: 1}, // tags, variation selectors 17 to 256, reserved
	},
}

// invisible reports whether r shows as nothing, so that it could hide or
// carry text the reader does not see: a Default_Ignorable_Code_Point, or
// one of the interlinear annotation controls U+FFF9 to U+FFFB (which the
// property leaves out, as a renderer that supports them shows the
// annotation; one that does not shows nothing in their place).
func invisible(r rune) bool {
	return r >= 0xAD && (unicode.Is(defaultIgnorable, r) || r >= 0xFFF9 && r <= 0xFFFB)
}

// Invisible characters a text may need, and what Preview keeps of them.
const (
	zwnj        = '\u200C' // zero width non-joiner: Persian and Indic words, ligature control
	zwj         = '\u200D' // zero width joiner: emoji sequences, Indic conjuncts
	blackFlag   = '\U0001F3F4'
	cancelTag   = '\U000E007F'
	brailleNone = '\u2800' // Braille pattern blank: Preview takes it for a space
)

// variationSelector reports whether r selects a variant of the character
// before it: VS1 to VS16 (emoji or text presentation, standardized
// variants), VS17 to VS256 (ideographic variants) and the Mongolian free
// variation selectors.
func variationSelector(r rune) bool {
	return r >= 0xFE00 && r <= 0xFE0F || r >= 0xE0100 && r <= 0xE01EF || r >= 0x180B && r <= 0x180D || r == 0x180F
}

// subdivisionFlags are the tag sequences that follow U+1F3F4 in the
// recommended emoji subdivision flags (England, Scotland, Wales), each
// ending in the cancel tag.
var subdivisionFlags = [...]string{"gbeng", "gbsct", "gbwls"}

// flagTags returns how many bytes at the start of s are the tag sequence
// of a recommended subdivision flag (to follow U+1F3F4), or 0.
func flagTags(s string) int {
	for _, name := range subdivisionFlags {
		i := 0
		for _, c := range []byte(name) {
			r, n := utf8.DecodeRuneInString(s[i:])
			if r != 0xE0000+rune(c) {
				i = -1
				break
			}
			i += n
		}
		if i > 0 && strings.HasPrefix(s[i:], string(cancelTag)) {
			return i + utf8.RuneLen(cancelTag)
		}
	}
	return 0
}
