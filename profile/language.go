package profile

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"
	"golang.org/x/text/language/display"

	"github.com/convrs/profilekit"
	"github.com/convrs/profilekit/internal/text"
)

// MaxLanguageBytes is the longest language tag accepted, given and
// canonical, in bytes (a tag is ASCII, so also in characters). BCP 47 sets
// no maximum, but RFC 5646 asks implementations to accept at least 35
// characters; real tags with extensions stay far below this.
const MaxLanguageBytes = 128

// ParseLanguage parses a BCP 47 language tag leniently (case and "_" versus
// "-" do not matter: "en_us", "EN-us" and "en-US" are the same tag) and
// returns its canonical form, such as "en-US" or "zh-Hant-TW". Deprecated
// subtags are replaced by their preferred values ("iw" becomes "he").
//
// It rejects malformed tags (profilekit.CodeLanguageMalformed), and
// well-formed tags with an unregistered subtag, such as "xx", or that name
// no language, such as "und", "und-US" or "und-Latn"
// (profilekit.CodeLanguageUnknown), with a *ValidationError for
// FieldLanguage. The empty string is not a tag; callers
// that allow "no language" check for it first.
func ParseLanguage(s string) (string, error) {
	t, fe := parseLanguageTag(s)
	if fe != nil {
		return "", single(FieldLanguage, fe)
	}
	return t.String(), nil
}

func parseLanguageTag(s string) (language.Tag, *FieldError) {
	return parseTag(s, false)
}

// parseTag parses s as parseLanguageTag does; with undOK, a tag whose
// language is "und" ("und", "und-TW": no language, or a region's) is
// accepted too, as a preference to match rather than a language to store.
func parseTag(s string, undOK bool) (language.Tag, *FieldError) {
	if len(s) > MaxLanguageBytes {
		fe := invalid(profilekit.CodeLanguageMalformed, "is not a well-formed BCP 47 language tag")
		fe.Params = map[string]any{"max_bytes": MaxLanguageBytes}
		return language.Und, fe
	}
	if s == "" {
		return language.Und, invalid(profilekit.CodeLanguageMalformed, "is not a well-formed BCP 47 language tag")
	}
	t, err := language.Parse(s)
	if err != nil {
		var verr language.ValueError
		if errors.As(err, &verr) {
			return language.Und, invalid(profilekit.CodeLanguageUnknown, fmt.Sprintf("has an unknown subtag %q", verr.Subtag()))
		}
		return language.Und, invalid(profilekit.CodeLanguageMalformed, "is not a well-formed BCP 47 language tag")
	}
	// Raw gives the language subtag as written, where Base would guess one
	// from the region or script ("und-US" reads as English): a tag whose
	// language is "und", with or without a region, script or extension,
	// names no language.
	if base, _, _ := t.Raw(); base.String() == "und" && !undOK {
		return language.Und, invalid(profilekit.CodeLanguageUnknown, "names no language")
	}
	// The canonical form must parse again to itself, since it is what is
	// stored and read back. x/text does not guarantee it for every tag
	// with extensions: "AA-u-AA-AA-t-000" canonicalises to "aa-t-000-u-aa",
	// which it then refuses (found by FuzzParseLanguage).
	canonical := t.String()
	if len(canonical) > MaxLanguageBytes || !reparses(canonical) {
		return language.Und, invalid(profilekit.CodeLanguageMalformed, "is not a well-formed BCP 47 language tag")
	}
	return t, nil
}

// reparses reports whether canonical, a tag's canonical form, parses again
// to itself.
func reparses(canonical string) bool {
	again, err := language.Parse(canonical)
	return err == nil && again.String() == canonical
}

// DefaultLanguages returns the languages a LanguageSet supports when none
// are given: widely used languages that common machine-translation services
// handle. The first is the fallback shown when nothing matches. The slice is
// the caller's to change.
func DefaultLanguages() []string { return slices.Clone(defaultLanguages) }

var defaultLanguages = []string{
	"en", "ar", "bg", "bn", "ca", "cs", "da", "de", "el", "es", "et", "fa",
	"fi", "fr", "he", "hi", "hr", "hu", "id", "it", "ja", "ko", "lt", "lv",
	"ms", "nb", "nl", "pl", "pt", "pt-PT", "ro", "ru", "sk", "sl", "sr", "sv",
	"th", "tr", "uk", "ur", "vi", "zh-Hans", "zh-Hant",
}

// LanguageMatch is the result of matching a requested language against a
// LanguageSet.
type LanguageMatch struct {
	// Tag is the supported tag that best serves the request, canonical BCP 47.
	Tag string
	// Confidence says how good the match is: Exact when the request is
	// supported as such, High or Low for a fallback within the same language
	// such as "de-AT" to "de", No when nothing serves it. A fallback to
	// another language, which the CLDR matching data offers for many
	// languages (Maori to English, say), is reported as No: for a field that
	// drives translation, the wrong language is worse than a refusal.
	Confidence language.Confidence
}

// LanguageSet is the set of languages a deployment supports, for example
// those its translation service handles. It is immutable and safe for
// concurrent use.
type LanguageSet struct {
	tags []language.Tag
	// matcher is read-only after NewMatcher: Match keeps its working state
	// in locals, so concurrent calls need no lock (the race tests check it).
	matcher language.Matcher
}

// NewLanguageSet returns a set of the given BCP 47 tags, the first being the
// preferred fallback. It fails with a *ValidationError when a tag does not
// parse, and when tags is empty.
//
// Besides languages, a set may hold the tags CLDR's matcher knows that
// name none: "und" (no particular language, also "root"), "und" with a
// region or script ("und-TW": whatever is spoken there) and "mul" (several
// languages). Options leaves them out of the drop-down, and a profile
// never stores them (ParseLanguage refuses them).
func NewLanguageSet(tags ...string) (*LanguageSet, error) {
	if len(tags) == 0 {
		return nil, single(FieldLanguage, invalid(profilekit.CodeTextRequired, "a language set needs at least one language"))
	}
	ls := &LanguageSet{tags: make([]language.Tag, 0, len(tags))}
	for _, s := range tags {
		t, fe := parseTag(s, true)
		if fe != nil && s == "root" {
			t, fe = language.Und, nil
		}
		if fe != nil {
			fe.Message = fmt.Sprintf("%q %s", s, fe.Message)
			return nil, single(FieldLanguage, fe)
		}
		ls.tags = append(ls.tags, t)
	}
	ls.matcher = language.NewMatcher(ls.tags)
	return ls, nil
}

// DefaultLanguageSet returns a LanguageSet of DefaultLanguages.
func DefaultLanguageSet() *LanguageSet {
	ls := &LanguageSet{tags: make([]language.Tag, len(defaultLanguages))}
	for i, s := range defaultLanguages {
		ls.tags[i] = language.Make(s) // every entry parses; TestDefaultLanguagesParse checks it
	}
	ls.matcher = language.NewMatcher(ls.tags)
	return ls
}

// Tags returns the supported tags in canonical form, in the order given.
func (ls *LanguageSet) Tags() []string {
	out := make([]string, len(ls.tags))
	for i, t := range ls.tags {
		out[i] = t.String()
	}
	return out
}

// Match parses the requested tag and finds the closest supported language.
// A request that does not parse returns a *ValidationError; one that parses
// but that nothing serves returns the fallback with Confidence No.
func (ls *LanguageSet) Match(requested string) (LanguageMatch, error) {
	t, fe := parseLanguageTag(requested)
	if fe != nil {
		return LanguageMatch{}, single(FieldLanguage, fe)
	}
	return ls.match(t), nil
}

// MaxDesiredLanguages is the most preferred languages MatchAll and
// MatchAcceptLanguage consider; more are refused.
const MaxDesiredLanguages = 32

// MaxAcceptLanguageBytes is the longest Accept-Language value
// MatchAcceptLanguage reads, in bytes. Browsers send a few dozen.
const MaxAcceptLanguageBytes = 1024

// FieldAcceptLanguage names an Accept-Language value in a FieldError.
const FieldAcceptLanguage = "accept_language"

// MatchAll finds the supported language that best serves a list of
// preferred languages, most preferred first, as a browser's language
// settings give them ("de-CH", "fr", "en"): a good match for an earlier
// entry beats an exact one for a later entry, as CLDR's locale matcher
// decides. An entry may name a region without a language ("und-TW", which
// matches Traditional Chinese); a bare "und" adds no preference. An empty
// list, or one nothing serves, returns the set's first tag with Confidence
// No. An entry that does not parse, or more than MaxDesiredLanguages
// entries, returns a *ValidationError for FieldLanguage.
func (ls *LanguageSet) MatchAll(desired ...string) (LanguageMatch, error) {
	if len(desired) > MaxDesiredLanguages {
		return LanguageMatch{}, single(FieldLanguage, tooManyLanguages())
	}
	tags := make([]language.Tag, 0, len(desired))
	for _, s := range desired {
		t, fe := parseTag(s, true)
		if fe != nil {
			fe.Message = fmt.Sprintf("%q %s", clip(s), fe.Message)
			return LanguageMatch{}, single(FieldLanguage, fe)
		}
		tags = append(tags, t)
	}
	return ls.match(tags...), nil
}

// MatchAcceptLanguage matches the value of an HTTP Accept-Language header
// ("de-CH, fr;q=0.8, en;q=0.5, *;q=0.1") against the set, as MatchAll does
// with its languages in the order of their q-values (a q of 0 excludes a
// language). An empty value returns the set's first tag with Confidence
// No. A value longer than MaxAcceptLanguageBytes, with more than
// MaxDesiredLanguages entries, or that is not a well-formed list returns a
// *ValidationError for FieldAcceptLanguage; a page then falls back to its
// default language.
func (ls *LanguageSet) MatchAcceptLanguage(header string) (LanguageMatch, error) {
	if len(header) > MaxAcceptLanguageBytes {
		return LanguageMatch{}, single(FieldAcceptLanguage, text.TooLong("", MaxAcceptLanguageBytes, MaxAcceptLanguageBytes))
	}
	if strings.Count(header, ",") >= MaxDesiredLanguages {
		return LanguageMatch{}, single(FieldAcceptLanguage, tooManyLanguages())
	}
	tags, _, err := language.ParseAcceptLanguage(header)
	if err != nil {
		return LanguageMatch{}, single(FieldAcceptLanguage, invalid(profilekit.CodeLanguageMalformed, "is not a well-formed Accept-Language list"))
	}
	return ls.match(tags...), nil
}

// tooManyLanguages is the problem of a list longer than
// MaxDesiredLanguages.
func tooManyLanguages() *FieldError {
	fe := invalid(profilekit.CodeLanguageTooMany, fmt.Sprintf("must name at most %d languages", MaxDesiredLanguages))
	fe.Params = map[string]any{"max": MaxDesiredLanguages}
	return fe
}

// clip cuts s to a short prefix for an error message.
func clip(s string) string {
	const most = 16
	if len(s) <= most {
		return s
	}
	return strings.ToValidUTF8(s[:most], "") + "…"
}

func (ls *LanguageSet) match(desired ...language.Tag) LanguageMatch {
	if len(desired) == 0 {
		return LanguageMatch{Tag: ls.tags[0].String(), Confidence: language.No}
	}
	_, i, conf := ls.matcher.Match(desired...)
	got := ls.tags[i]
	if conf != language.No {
		// A fallback to another language than every desired one (Maori
		// to English) is no match for a field that drives translation.
		gb, _ := got.Base()
		same := false
		for _, d := range desired {
			db, _ := d.Base()
			same = same || db == gb
		}
		if !same {
			conf = language.No
		}
	}
	return LanguageMatch{Tag: got.String(), Confidence: conf}
}

// LanguageOption is one entry of a language drop-down.
type LanguageOption struct {
	// Tag is the canonical BCP 47 tag to submit.
	Tag string `json:"tag"`
	// Name is the language's name in the user interface's language.
	Name string `json:"name"`
	// SelfName is the language's name in itself ("Deutsch", "日本語").
	SelfName string `json:"self_name"`
}

// Options lists the supported languages for a drop-down, named in the user
// interface language ui (a BCP 47 tag; one that does not parse, or that
// x/text has no names for, means English) and sorted by that name as the
// collation rules of ui order it ("Español" before "Français" in German,
// whatever their tags).
func (ls *LanguageSet) Options(ui string) []LanguageOption {
	namer, uiTag := tagNamer(ui)
	out := make([]LanguageOption, 0, len(ls.tags))
	for _, t := range ls.tags {
		if b, _, _ := t.Raw(); b.String() == "und" || b.String() == "mul" {
			continue
		}
		out = append(out, LanguageOption{Tag: t.String(), Name: namer.Name(t), SelfName: display.Self.Name(t)})
	}
	c := collate.New(uiTag)
	slices.SortStableFunc(out, func(a, b LanguageOption) int { return c.CompareString(a.Name, b.Name) })
	return out
}

// LanguageName returns the display name of the BCP 47 tag in the user
// interface language ui ("German" for "de" in "en", "allemand" in "fr").
// It returns "" when tag does not parse or has no name in ui.
func LanguageName(tag, ui string) string {
	t, fe := parseLanguageTag(tag)
	if fe != nil {
		return ""
	}
	namer, _ := tagNamer(ui)
	return namer.Name(t)
}

// tagNamer names tags in the UI language ui, or in English when ui does not
// parse or x/text has no names for it (display.Tags then returns nil); it
// returns the language it names them in.
func tagNamer(ui string) (display.Namer, language.Tag) {
	if t, fe := parseLanguageTag(ui); fe == nil {
		if n := display.Tags(t); n != nil {
			return n, t
		}
	}
	return display.Tags(language.English), language.English
}
