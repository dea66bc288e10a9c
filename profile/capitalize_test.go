package profile_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/convrs/profilekit/profile"
)

func TestCapitalize(t *testing.T) {
	tests := []struct{ name, in, lang, want string }{
		{name: "plain", in: "hello there", lang: "en", want: "Hello there"},
		{name: "Turkish dotted I", in: "istanbul'a gidiyorum", lang: "tr", want: "İstanbul'a gidiyorum"},
		{name: "Azerbaijani dotted I", in: "iş", lang: "az", want: "İş"},
		{name: "English i is plain", in: "istanbul", lang: "en", want: "Istanbul"},
		{name: "Dutch IJ digraph", in: "ijssel is een rivier", lang: "nl", want: "IJssel is een rivier"},
		{name: "Dutch IJ with region", in: "ijsbeer", lang: "nl-BE", want: "IJsbeer"},
		{name: "IJ outside Dutch", in: "ijssel", lang: "en", want: "Ijssel"},
		{name: "German sharp s", in: "ßtraße", lang: "de", want: "Sstraße"},
		{name: "Greek", in: "γεια σου", lang: "el", want: "Γεια σου"},
		{name: "Cyrillic", in: "привет", lang: "ru", want: "Привет"},
		{name: "Armenian", in: "բարեւ", lang: "hy", want: "Բարեւ"},
		{name: "titlecase digraph", in: "ǆungla", lang: "hr", want: "ǅungla"},
		{name: "leading spaces", in: "   hello", lang: "en", want: "   Hello"},
		{name: "double quote", in: `"hello," she said`, lang: "en", want: `"Hello," she said`},
		{name: "curly quote", in: "“hello”", lang: "en", want: "“Hello”"},
		{name: "guillemets", in: "« bonjour »", lang: "fr", want: "« Bonjour »"},
		{name: "Spanish inverted question", in: "¿qué tal?", lang: "es", want: "¿Qué tal?"},
		{name: "bracket", in: "(aside) ok", lang: "en", want: "(Aside) ok"},
		{name: "emoji first", in: "🙂 thanks!", lang: "en", want: "🙂 Thanks!"},
		{name: "emoji with modifier", in: "👍🏽 great", lang: "en", want: "👍🏽 Great"},
		{name: "emoji ZWJ sequence", in: "👩‍💻 on it", lang: "en", want: "👩‍💻 On it"},
		{name: "flag", in: "🇩🇪 hallo", lang: "de", want: "🇩🇪 Hallo"},
		{name: "decomposed accent", in: "e\u0301te\u0301", lang: "fr", want: "E\u0301te\u0301"},
		{name: "only the first word", in: "hello world", lang: "en", want: "Hello world"},
		{name: "hyphenated word", in: "rock-n-roll", lang: "en", want: "Rock-n-roll"},
		{name: "e.g. is a word", in: "e.g. this", lang: "en", want: "E.g. this"},
		{name: "unknown language is neutral", in: "istanbul", lang: "not a tag", want: "Istanbul"},
		{name: "empty language", in: "hello", lang: "", want: "Hello"},

		{name: "already capitalised", in: "Hello", lang: "en", want: "Hello"},
		{name: "already capital Turkish I", in: "İstanbul", lang: "tr", want: "İstanbul"},
		{name: "all caps", in: "HELLO", lang: "en", want: "HELLO"},
		{name: "mixed case word", in: "iPhone is broken", lang: "en", want: "iPhone is broken"},
		{name: "brand", in: "eBay order", lang: "en", want: "eBay order"},
		{name: "URL", in: "https://example.com/a is down", lang: "en", want: "https://example.com/a is down"},
		{name: "URL in quotes", in: `"http://example.com"`, lang: "en", want: `"http://example.com"`},
		{name: "www", in: "www.example.com please", lang: "en", want: "www.example.com please"},
		{name: "bare domain", in: "example.com is down", lang: "en", want: "example.com is down"},
		{name: "domain with path", in: "docs.convrs.io/help", lang: "en", want: "docs.convrs.io/help"},
		{name: "e-mail", in: "ada@example.com wrote", lang: "en", want: "ada@example.com wrote"},
		{name: "mailto", in: "mailto:ada@example.com", lang: "en", want: "mailto:ada@example.com"},
		{name: "mention", in: "@ada can you look", lang: "en", want: "@ada can you look"},
		{name: "mention after spaces", in: "  @ada hi", lang: "en", want: "  @ada hi"},
		{name: "command", in: "/busy 30m", lang: "en", want: "/busy 30m"},
		{name: "inline code", in: "`git status` says", lang: "en", want: "`git status` says"},
		{name: "digit first", in: "2nd floor", lang: "en", want: "2nd floor"},
		{name: "Chinese", in: "你好", lang: "zh", want: "你好"},
		{name: "Arabic", in: "مرحبا", lang: "ar", want: "مرحبا"},
		{name: "Japanese then Latin", in: "はい ok", lang: "ja", want: "はい ok"},
		{name: "empty", in: "", lang: "en", want: ""},
		{name: "spaces only", in: "   ", lang: "en", want: "   "},
		{name: "punctuation only", in: "?!", lang: "en", want: "?!"},
		{name: "invalid UTF-8 before letter", in: "\xffhello", lang: "en", want: "\xffHello"},
		{name: "invalid UTF-8 inside word", in: "he\xffllo", lang: "en", want: "He\xffllo"},

		// What a chat writer types at the start of a message and would not
		// want capitalised.
		{name: "channel", in: "#support is quiet today", lang: "en", want: "#support is quiet today"},
		{name: "channel after spaces", in: "  #sales please", lang: "en", want: "  #sales please"},
		{name: "emoji code is skipped like an emoji", in: ":wave: hello", lang: "en", want: ":wave: Hello"},
		{name: "emoji code with digits and signs", in: ":+1: done", lang: "en", want: ":+1: Done"},
		{name: "emoji code alone", in: ":smile:", lang: "en", want: ":smile:"},
		{name: "emoji code glued to a word", in: ":tada:thanks", lang: "en", want: ":tada:Thanks"},
		{name: "two emoji codes", in: ":wave: :smile: hi", lang: "en", want: ":wave: :smile: Hi"},
		{name: "colon word is no emoji code", in: ":note this", lang: "en", want: ":Note this"},
		{name: "mention after an emoji", in: "👋 @ada can you look", lang: "en", want: "👋 @ada can you look"},
		{name: "mention after an emoji code", in: ":wave: @ada hi", lang: "en", want: ":wave: @ada hi"},
		{name: "channel after an emoji", in: "🔥 #incidents now", lang: "en", want: "🔥 #incidents now"},
		{name: "host and port", in: "localhost:8080 is down", lang: "en", want: "localhost:8080 is down"},
		{name: "domain and port", in: "db.internal:5432 refuses", lang: "en", want: "db.internal:5432 refuses"},
		{name: "IP and port", in: "10.0.0.7:443 times out", lang: "en", want: "10.0.0.7:443 times out"},
		{name: "IPv6 with port", in: "[::1]:8080 works", lang: "en", want: "[::1]:8080 works"},
		{name: "URL after an emoji", in: "👉 https://example.com/x", lang: "en", want: "👉 https://example.com/x"},
		{name: "code span after a quote", in: "> `make test` fails", lang: "en", want: "> `make test` fails"},
		{name: "code fence", in: "```go\nfmt.Println()\n```", lang: "en", want: "```go\nfmt.Println()\n```"},
		{name: "word then colon is no host", in: "note: check this", lang: "en", want: "Note: check this"},
		{name: "Dutch elided article", in: "'s avonds werk ik", lang: "nl", want: "'s Avonds werk ik"},
		{name: "Dutch elided it", in: "'t is mooi weer", lang: "nl", want: "'t Is mooi weer"},
		{name: "Dutch elided a, curly apostrophe", in: "’n mooie dag", lang: "nl-BE", want: "’n Mooie dag"},
		{name: "Dutch elision already right", in: "'s Morgens", lang: "nl", want: "'s Morgens"},
		{name: "Dutch elision alone", in: "'t", lang: "nl", want: "'t"},
		{name: "Afrikaans elided article", in: "'n man het gekom", lang: "af", want: "'n Man het gekom"},
		{name: "elision rule is Dutch only", in: "'s avonds", lang: "en", want: "'S avonds"},
		{name: "Dutch quoted word is no elision", in: "'super' zei ze", lang: "nl", want: "'Super' zei ze"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := profile.Capitalize(tt.in, tt.lang)
			assert.Equal(t, tt.want, got)
			assert.Equal(t, got, profile.Capitalize(got, tt.lang), "capitalising twice must change nothing more")
		})
	}
}

func TestProfileCompose(t *testing.T) {
	p := profile.Profile{Language: "tr", Settings: profile.Settings{CapitalizeFirstLetter: true}}
	assert.Equal(t, "İyi günler", p.Compose("iyi günler"))
	p.Settings.CapitalizeFirstLetter = false
	assert.Equal(t, "iyi günler", p.Compose("iyi günler"))
}
