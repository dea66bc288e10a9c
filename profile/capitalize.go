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
//     becomes `¿Qué?`.
//   - The letter is title-cased in lang: Turkish "istanbul" becomes
//     "İstanbul", Dutch "ijssel" becomes "IJssel".
//   - Text is left as it is when it starts with a URL, a domain, an e-mail
//     address, an @mention, a /command or `inline code`; when the first
//     letter is already upper-case or has no case (Chinese, Arabic...); when
//     a digit comes before any letter ("2nd floor"); and when the first word
//     already mixes cases ("iPhone", "eBay").
//
// Capitalize never fails: text that is not valid UTF-8 is handled rune by
// rune and returned as unchanged as it can be. Applying it twice changes
// nothing more than applying it once.
func Capitalize(text, lang string) string {
	start, end, ok := firstWord(text)
	if !ok {
		return text
	}
	word := text[start:end]
	titled := cases.Title(casingTag(lang), cases.NoLower).String(word)
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

// firstWord finds the run of letters (with their combining marks) that
// starts at the message's first letter, and reports whether it should be
// capitalised at all.
func firstWord(text string) (start, end int, ok bool) {
	// The first token decides whether the message is a command, mention,
	// code or link.
	lead := strings.TrimLeftFunc(text, unicode.IsSpace)
	if lead == "" {
		return 0, 0, false
	}
	switch lead[0] {
	case '@', '/', '`':
		return 0, 0, false
	}
	start = -1
	for i, r := range text {
		if unicode.IsLetter(r) {
			start = i
			break
		}
		if !skippable(r) { // a digit, or anything else that is not decoration
			return 0, 0, false
		}
	}
	if start < 0 {
		return 0, 0, false
	}
	first, _ := utf8.DecodeRuneInString(text[start:])
	if !unicode.IsLower(first) {
		return 0, 0, false // already capitalised, or a script without case
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
		return 0, 0, false // "iPhone": the author chose the casing
	}
	if looksLikeAddress(tokenAt(text, start)) {
		return 0, 0, false
	}
	return start, end, true
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
