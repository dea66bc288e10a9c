package profile_test

import (
	"context"
	"testing"

	"github.com/nyaruka/phonenumbers"
	"golang.org/x/text/cases"
	"golang.org/x/text/language"
	"golang.org/x/text/secure/precis"

	"github.com/convrs/profilekit"
	"github.com/convrs/profilekit/profile"
	"github.com/convrs/profilekit/storage/memory"
)

// Each benchmark has an impl=raw sub-benchmark, the bare library call, and
// an impl=sdk one, the profilekit call, so that
//
//	go test -run '^$' -bench . -count 6 ./profile/ > bench.txt
//	benchstat -col /impl bench.txt
//
// shows the SDK's overhead as a ratio.

func BenchmarkParsePhone(b *testing.B) {
	const in = "+44 20 7946 0018"
	b.Run("impl=raw", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			n, err := phonenumbers.Parse(in, "GB")
			if err != nil || !phonenumbers.IsValidNumber(n) {
				b.Fatal("invalid")
			}
		}
	})
	b.Run("impl=sdk", func(b *testing.B) {
		b.ReportAllocs()
		rules := profile.PhoneRules{DefaultRegion: "GB"}
		for b.Loop() {
			if _, err := profile.ParsePhone(in, profile.KindLandline, rules); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func BenchmarkParseLanguage(b *testing.B) {
	const in = "zh_hant_tw"
	b.Run("impl=raw", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := language.Parse(in); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("impl=sdk", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := profile.ParseLanguage(in); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func BenchmarkLanguageMatch(b *testing.B) {
	tags := []language.Tag{language.English, language.German, language.French}
	b.Run("impl=raw", func(b *testing.B) {
		m := language.NewMatcher(tags)
		b.ReportAllocs()
		for b.Loop() {
			t, err := language.Parse("de-AT")
			if err != nil {
				b.Fatal(err)
			}
			m.Match(t)
		}
	})
	b.Run("impl=sdk", func(b *testing.B) {
		ls, err := profile.NewLanguageSet("en", "de", "fr")
		if err != nil {
			b.Fatal(err)
		}
		b.ReportAllocs()
		for b.Loop() {
			if _, err := ls.Match("de-AT"); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func BenchmarkParseName(b *testing.B) {
	const in = "  Zoë   Ærøskøbing 王小明 "
	b.Run("impl=raw", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := precis.Nickname.String(in); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("impl=sdk", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := profile.ParseName(in); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func BenchmarkCapitalize(b *testing.B) {
	const in = "istanbul'a yarın gidiyorum, görüşürüz"
	b.Run("impl=raw", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			_ = cases.Title(language.Turkish, cases.NoLower).String(in)
		}
	})
	b.Run("impl=sdk", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			_ = profile.Capitalize(in, "tr")
		}
	})
}

func benchProfile(b *testing.B) (*profile.Service, *memory.Store, profile.Profile) {
	b.Helper()
	store := memory.New()
	svc := profile.New(store, &profile.Options{Phone: profile.PhoneRules{DefaultRegion: "GB"}})
	p, err := svc.Create(context.Background(), profile.NewAgent{
		ID: "a1", Username: "ada", Role: "agent", Name: "Ada Lovelace", PublicName: "Ada",
		Language: "en-GB", Landline: "020 7946 0018", Mobile: "07400 123456",
	})
	if err != nil {
		b.Fatal(err)
	}
	return svc, store, p
}

// BenchmarkGet reads a profile. The raw baseline does what Get does by
// hand: the ID rule (profilekit.CheckID), then the store call.
func BenchmarkGet(b *testing.B) {
	ctx := context.Background()
	svc, store, p := benchProfile(b)
	b.Run("impl=raw", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if fe := profilekit.CheckID(profile.FieldID, p.ID); fe != nil {
				b.Fatal(fe)
			}
			if _, err := store.GetProfile(ctx, p.ID); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("impl=sdk", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := svc.Get(ctx, p.ID); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkUpdate saves the General tab with every field given, as the
// page posts it: a new name and the four other fields as they were. The
// raw baseline does the same by hand with the libraries that own the
// rules: PRECIS Nickname for both names, BCP 47 parsing, libphonenumber
// parsing, validity, type and E.164 for both numbers (each only when it
// differs from the stored value, as Update does), the version-checked
// store write.
func BenchmarkUpdate(b *testing.B) {
	ctx := context.Background()
	names := [2]string{"Ada King", "Ada Lovelace"}
	b.Run("impl=raw", func(b *testing.B) {
		_, store, p := benchProfile(b)
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			next := p
			var err error
			if next.Name, err = precis.Nickname.String(names[i%2]); err != nil {
				b.Fatal(err)
			}
			// As Update does, a field posted back as stored is not parsed
			// again: the public name and language here.
			if pub := "Ada"; pub != next.PublicName {
				if next.PublicName, err = precis.Nickname.String(pub); err != nil {
					b.Fatal(err)
				}
			}
			if lang := "en-GB"; lang != next.Language {
				tag, err := language.Parse(lang)
				if err != nil {
					b.Fatal(err)
				}
				next.Language = tag.String()
			}
			for _, ph := range []struct {
				in   string
				kind phonenumbers.PhoneNumberType
				out  *string
			}{{"+44 20 7946 0018", phonenumbers.FIXED_LINE, &next.Landline}, {"+44 7400 123456", phonenumbers.MOBILE, &next.Mobile}} {
				n, err := phonenumbers.Parse(ph.in, "GB")
				if err != nil || !phonenumbers.IsValidNumber(n) || phonenumbers.GetNumberType(n) != ph.kind {
					b.Fatal("invalid phone", err)
				}
				*ph.out = phonenumbers.Format(n, phonenumbers.E164)
			}
			next.Version++
			if err := store.UpdateProfile(ctx, next, p.Version); err != nil {
				b.Fatal(err)
			}
			p = next
			i++
		}
	})
	b.Run("impl=sdk", func(b *testing.B) {
		svc, _, p := benchProfile(b)
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			patch := profile.Patch{
				Name: &names[i%2], PublicName: new("Ada"), Language: new("en-GB"),
				Landline: new("+44 20 7946 0018"), Mobile: new("+44 7400 123456"),
			}
			var err error
			if p, err = svc.Update(ctx, p.ID, p.Version, patch); err != nil {
				b.Fatal(err)
			}
			i++
		}
	})
}
