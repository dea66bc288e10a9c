package profile

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/cases"
	"golang.org/x/text/language"
)

// Capitalize upper-cases the first letter of a message being composed, the
// way the "Capitalize the first letter when typing a message" setting
// promises, using the casing rules of lang (a BCP 47 tag; one that does not
// parse means language-neutral rules):
//
//   - Leading spaces, quotes, brackets, punctuation, symbols and emoji are
//     skipped to the first letter: `"hello` becomes `"Hello`, `¿qué?`
//     becomes `¿Qué?`. An emoji shortcode such as :wave: or :+1: is skipped
//     like the emoji it stands for: ":wave: hello" becomes ":wave: Hello".
//   - The letter is title-cased in lang: Turkish "istanbul" becomes
//     "İstanbul", Dutch "ijssel" becomes "IJssel".
//   - In Dutch and Afrikaans a sentence that starts with an elided word
//     ('s, 't, 'n, 'k, 'm) capitalises the word after it, as their
//     orthography does: "'s avonds" becomes "'s Avonds".
//   - Text is left as it is when it starts (after any emoji and
//     decoration) with an @mention, a #channel, a /command or a `code
//     span`, or with a URL, a domain, a host:port or an e-mail address;
//     when the first letter is already upper-case or has no case
//     (Chinese, Arabic...); when a digit comes before any letter ("2nd
//     floor"); and when the first word already mixes cases ("iPhone",
//     "eBay").
//
// Capitalize never fails: text that is not valid UTF-8 is handled rune by
// rune and returned as unchanged as it can be. Applying it twice changes
// nothing more than applying it once.
func Capitalize(text, lang string) string {
	tag := casingTag(lang)
	start, end, ok := firstWord(text, elides(tag))
	if !ok {
		return text
	}
	word := text[start:end]
	titled := cases.Title(tag, cases.NoLower).String(word)
	if titled == word {
		return text
	}
	return text[:start] + titled + text[end:]
}

// Compose applies the agent's personal settings to a message being
// composed: with CapitalizeFirstLetter on, it capitalises the first letter
// in the agent's language (see Capitalize); otherwise it returns text as it
// is.
func (p Profile) Compose(text string) string {
	if !p.Settings.CapitalizeFirstLetter {
		return text
	}
	return Capitalize(text, p.Language)
}

// casingTag parses lang for casing, falling back to language.Und.
func casingTag(lang string) language.Tag {
	t, fe := parseLanguageTag(lang)
	if fe != nil {
		return language.Und
	}
	return t
}

// elides reports whether a sentence in the language of tag may start with
// an elided word whose next word takes the capital (Dutch, Afrikaans).
func elides(tag language.Tag) bool {
	base, _ := tag.Base()
	return base.String() == "nl" || base.String() == "af"
}

// firstWord finds the run of letters (with their combining marks) that
// starts at the message's first letter, and reports whether it should be
// capitalised at all. With elision set (Dutch, Afrikaans), an elided first
// word ("'s") hands the capital to the word after it.
func firstWord(text string, elision bool) (start, end int, ok bool) {
	start = -1
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRuneInString(text[i:])
		switch {
		case unicode.IsLetter(r):
			start = i
		case r == '@' || r == '#' || r == '/' || r == '`':
			// A mention, a channel, a command or code, at the start of the
			// message even after emoji or quotes: the author's casing.
			return 0, 0, false
		case r == ':':
			if n := emojiCode(text[i:]); n > 0 {
				i += n
				continue
			}
			i += size
			continue
		case skippable(r):
			i += size
			continue
		default: // a digit, or anything else that is not decoration
			return 0, 0, false
		}
		break
	}
	if start < 0 {
		return 0, 0, false
	}
	if elision {
		if next, found := afterElision(text, start); found {
			if next < 0 {
				return 0, 0, false // an elided word alone keeps its case
			}
			start = next
		}
	}
	end, ok = wordAt(text, start)
	if !ok {
		return 0, 0, false
	}
	return start, end, true
}

// wordAt returns the end of the word of letters and marks that starts at
// byte start, and whether that word should be capitalised: its first
// letter is lower-case, the rest does not mix cases, and its token is no
// address.
func wordAt(text string, start int) (end int, ok bool) {
	first, _ := utf8.DecodeRuneInString(text[start:])
	if !unicode.IsLower(first) {
		return 0, false // already capitalised, or a script without case
	}
	end = len(text)
	for i, r := range text[start:] {
		if !unicode.IsLetter(r) && !unicode.Is(unicode.M, r) {
			end = start + i
			break
		}
	}
	word := text[start:end]
	if strings.IndexFunc(word[utf8.RuneLen(first):], isUpperOrTitle) >= 0 {
		return 0, false // "iPhone": the author chose the casing
	}
	if looksLikeAddress(tokenAt(text, start)) {
		return 0, false
	}
	return end, true
}

// elisions are the Dutch and Afrikaans words that stand elided, after an
// apostrophe, at the start of a sentence: 's (des), 't (het), 'n (een), 'k
// (ik), 'm (hem).
var elisions = [...]string{"s", "t", "n", "k", "m"}

// afterElision reports whether the word at byte start is an elided word
// (an apostrophe right before it, a space or the start of the text before
// that, then the end of the text or a space), and returns where the next
// word starts: -1 when no letter follows.
func afterElision(text string, start int) (next int, ok bool) {
	before, size := utf8.DecodeLastRuneInString(text[:start])
	if before != '\'' && before != '’' {
		return 0, false
	}
	if prev, _ := utf8.DecodeLastRuneInString(text[:start-size]); start-size > 0 && !unicode.IsSpace(prev) {
		return 0, false
	}
	end := start
	for end < len(text) {
		r, n := utf8.DecodeRuneInString(text[end:])
		if !unicode.IsLetter(r) {
			break
		}
		end += n
	}
	word := strings.ToLower(text[start:end])
	known := false
	for _, e := range elisions {
		known = known || word == e
	}
	if !known {
		return 0, false
	}
	rest := strings.TrimLeftFunc(text[end:], unicode.IsSpace)
	if end < len(text) && len(rest) == len(text)-end { // no space after it: "'tis"
		return 0, false
	}
	if r, _ := utf8.DecodeRuneInString(rest); rest == "" || !unicode.IsLetter(r) {
		return -1, true
	}
	return len(text) - len(rest), true
}

// emojiCode returns the length of the emoji shortcode (":wave:", ":+1:",
// ":thumbsup_tone2:") that s starts with, or 0 when it starts with none.
func emojiCode(s string) int {
	for i := 1; i < len(s) && i <= 64; i++ {
		c := s[i]
		switch {
		case c == ':':
			if i == 1 {
				return 0
			}
			return i + 1
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9', c == '_', c == '+', c == '-':
		default:
			return 0
		}
	}
	return 0
}

// skippable reports whether r may stand before the first letter: spaces,
// punctuation (quotes, brackets, "¿"), symbols and emoji with their
// modifiers, joiners and variation selectors.
func skippable(r rune) bool {
	return unicode.IsSpace(r) || unicode.IsPunct(r) || unicode.IsSymbol(r) ||
		unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Me, r) || unicode.Is(unicode.Cf, r)
}

func isUpperOrTitle(r rune) bool { return unicode.IsUpper(r) || unicode.IsTitle(r) }

// tokenAt returns the whitespace-delimited token that contains byte i.
func tokenAt(text string, i int) string {
	from := 0
	if j := strings.LastIndexFunc(text[:i], unicode.IsSpace); j >= 0 {
		_, size := utf8.DecodeRuneInString(text[j:])
		from = j + size
	}
	to := strings.IndexFunc(text[i:], unicode.IsSpace)
	if to < 0 {
		return text[from:]
	}
	return text[from : i+to]
}

// looksLikeAddress reports whether a token is a URL, a bare domain or an
// e-mail address, which must keep the case the author typed.
func looksLikeAddress(tok string) bool {
	lower := strings.ToLower(tok)
	if strings.Contains(lower, "://") || strings.HasPrefix(lower, "www.") ||
		strings.HasPrefix(lower, "mailto:") {
		return true
	}
	if at := strings.IndexByte(tok, '@'); at > 0 && strings.Contains(tok[at+1:], ".") {
		return true
	}
	if hostPort(tok) {
		return true
	}
	// A bare domain such as "example.com/path" or "docs.convrs.io": a dot
	// between letters or digits and at least two letters, as in a top-level
	// domain. "e.g." and a sentence's full stop (followed by a space) do not
	// match; "ok.thanks" typed without a space does, and stays as typed.
	host, _, _ := strings.Cut(tok, "/")
	host = strings.TrimRightFunc(host, unicode.IsPunct)
	dot := strings.LastIndexByte(host, '.')
	if dot <= 0 {
		return false
	}
	before, _ := utf8.DecodeLastRuneInString(host[:dot])
	tld := host[dot+1:]
	return (unicode.IsLetter(before) || unicode.IsDigit(before)) &&
		utf8.RuneCountInString(tld) >= 2 && strings.IndexFunc(tld, func(r rune) bool { return !unicode.IsLetter(r) }) < 0
}

// hostPort reports whether tok starts with a host name and a port, as in
// "localhost:8080" or "db.internal:5432/x": letters, digits, dots and
// hyphens, a colon and one to five digits, then the end of the token, a
// path or punctuation. "note:" and "re:" are no host.
func hostPort(tok string) bool {
	host, rest, found := strings.Cut(tok, ":")
	if !found || host == "" || strings.IndexFunc(host, func(r rune) bool {
		return !(unicode.IsLetter(r) || unicode.IsDigit(r) || r == '.' || r == '-')
	}) >= 0 {
		return false
	}
	digits := 0
	for digits < len(rest) && rest[digits] >= '0' && rest[digits] <= '9' {
		digits++
	}
	if digits == 0 || digits > 5 {
		return false
	}
	next, _ := utf8.DecodeRuneInString(rest[digits:])
	return digits == len(rest) || next == '/' || unicode.IsPunct(next)
}
