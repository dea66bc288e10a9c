package profile_test

import (
	"context"
	"errors"
	"fmt"

	"github.com/convrs/profilekit"
	"github.com/convrs/profilekit/profile"
	"github.com/convrs/profilekit/storage/memory"
)

// An administrator creates an agent; the agent then saves the General tab.
func ExampleService_Update() {
	ctx := context.Background()
	profiles := profile.New(memory.New(), &profile.Options{Phone: profile.PhoneRules{DefaultRegion: "DE"}})

	p, err := profiles.Create(ctx, profile.NewAgent{
		ID: "agent-7", Username: "Jonas", Role: "agent", Name: "Jonas Weber", PublicName: "Jonas",
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	p, err = profiles.Update(ctx, p.ID, p.Version, profile.Patch{
		PublicName: new("Jonas W."),
		Language:   new("de_at"),
		Landline:   new("030 123456"),
		Mobile:     new("01512 3456789"),
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(p.PublicName, p.Language, p.Landline, p.Mobile, p.Version)
	// Output: Jonas W. de-AT +4930123456 +4915123456789 2
}

// Every problem in a save comes back at once, with a stable code per field.
func ExampleValidationError() {
	ctx := context.Background()
	profiles := profile.New(memory.New(), &profile.Options{Phone: profile.PhoneRules{DefaultRegion: "GB"}})
	p, _ := profiles.Create(ctx, profile.NewAgent{ID: "a1", Username: "sam", Role: "agent", Name: "Sam", PublicName: "Sam"})

	_, err := profiles.Update(ctx, p.ID, p.Version, profile.Patch{
		PublicName: new("🙂"),
		Language:   new("xx"),
		Mobile:     new("020 7946 0018"),
	})
	var verr *profile.ValidationError
	if errors.As(err, &verr) {
		for _, f := range verr.Fields {
			fmt.Println(f.Field, f.Code)
		}
	}
	// Output:
	// public_name text.no_letter_or_digit
	// language language.unknown
	// mobile phone.not_mobile
}

// Two tabs edit the same profile; the second save is refused instead of
// silently overwriting the first.
func ExampleErrConflict() {
	ctx := context.Background()
	profiles := profile.New(memory.New(), nil)
	p, _ := profiles.Create(ctx, profile.NewAgent{ID: "a1", Username: "kim", Role: "agent", Name: "Kim", PublicName: "Kim"})

	_, err := profiles.Update(ctx, p.ID, p.Version, profile.Patch{Name: new("Kim Lee")})
	fmt.Println("first tab:", err)
	_, err = profiles.Update(ctx, p.ID, p.Version, profile.Patch{Name: new("Kim Park")})
	fmt.Println("second tab conflict:", errors.Is(err, profile.ErrConflict))
	// Output:
	// first tab: <nil>
	// second tab conflict: true
}

// An agent may not change what an administrator set.
func ExampleForbiddenError() {
	ctx := context.Background()
	profiles := profile.New(memory.New(), nil)
	p, _ := profiles.Create(ctx, profile.NewAgent{ID: "a1", Username: "kim", Role: "agent", Name: "Kim", PublicName: "Kim"})

	_, err := profiles.Update(ctx, p.ID, p.Version, profile.Patch{Role: new("admin")})
	fmt.Println(errors.Is(err, profile.ErrForbidden))
	fmt.Println(err)
	// Output:
	// true
	// profile: forbidden: only an administrator may change role
}

// An Observer hears of every stored change, in order for each agent.
func ExampleSaved() {
	ctx := context.Background()
	observer := profilekit.ObserverFunc(func(_ context.Context, e profilekit.Event) {
		switch e := e.(type) {
		case profile.AdminChanged:
			fmt.Println(e.Kind(), e.AgentID, e.Version, e.Fields)
		case profile.Saved:
			fmt.Println(e.Kind(), e.AgentID, e.Version, e.Fields, e.Instance)
		}
	})
	profiles := profile.New(memory.New(), &profile.Options{Observer: observer, Instance: "web-1"})
	p, _ := profiles.Create(ctx, profile.NewAgent{ID: "a1", Username: "kim", Role: "agent", Name: "Kim", PublicName: "Kim"})
	_, _ = profiles.Update(ctx, p.ID, p.Version, profile.Patch{Name: new("Kim Lee"), PublicName: new("Kim")})
	// Output:
	// profile.admin_changed a1 1 [username role name public_name]
	// profile.saved a1 2 [name] web-1
}

// A username that looks like another agent's is refused.
func ExampleErrUsernameConfusable() {
	ctx := context.Background()
	profiles := profile.New(memory.New(), nil)
	_, _ = profiles.Create(ctx, profile.NewAgent{ID: "a1", Username: "admin", Role: "agent", Name: "Ann", PublicName: "Ann"})

	for i, username := range []string{"admın", "аdmin"} { // a dotless ı; a Cyrillic а
		_, err := profiles.Create(ctx, profile.NewAgent{ID: fmt.Sprint("b", i), Username: username, Role: "agent", Name: "Bo", PublicName: "Bo"})
		fmt.Println(profilekit.CodeOf(err), errors.Is(err, profile.ErrUsernameConfusable))
		var verr *profile.ValidationError
		if errors.As(err, &verr) {
			fmt.Println(verr.Fields[0].Field, verr.Fields[0].Code)
		}
	}
	// Output:
	// input.invalid true
	// username username.confusable
	// input.invalid false
	// username username.mixed_script
}

func ExampleParsePhone() {
	p, err := profile.ParsePhone("07400 123456", profile.KindMobile, profile.PhoneRules{DefaultRegion: "GB"})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(p.E164())
	fmt.Println(p.National())
	fmt.Println(p.International())

	_, err = profile.ParsePhone("+44 20 7946 0018", profile.KindMobile, profile.PhoneRules{})
	fmt.Println(err)
	// Output:
	// +447400123456
	// 07400 123456
	// +44 7400 123456
	// profile: invalid input: mobile: is a fixed-line number, not a mobile number (phone.not_mobile)
}

func ExampleParseLanguage() {
	for _, in := range []string{"en_us", "ZH-hant-tw", "xx"} {
		tag, err := profile.ParseLanguage(in)
		fmt.Printf("%q %v\n", tag, err)
	}
	// Output:
	// "en-US" <nil>
	// "zh-Hant-TW" <nil>
	// "" profile: invalid input: language: has an unknown subtag "xx" (language.unknown)
}

func ExampleLanguageSet_Match() {
	ls, _ := profile.NewLanguageSet("en", "de", "fr")
	for _, in := range []string{"de-AT", "fr", "mi"} {
		m, _ := ls.Match(in)
		fmt.Println(in, "->", m.Tag, m.Confidence)
	}
	fmt.Println(profile.LanguageName("de-AT", "fr"))
	// Output:
	// de-AT -> de High
	// fr -> fr Exact
	// mi -> en No
	// allemand autrichien
}

func ExampleCapitalize() {
	fmt.Println(profile.Capitalize("istanbul is lovely", "tr"))
	fmt.Println(profile.Capitalize("ijssel is een rivier", "nl"))
	fmt.Println(profile.Capitalize(`"hello," she said`, "en"))
	fmt.Println(profile.Capitalize("https://convrs.example/help", "en"))
	fmt.Println(profile.Capitalize("@ada can you look?", "en"))
	// Output:
	// İstanbul is lovely
	// IJssel is een rivier
	// "Hello," she said
	// https://convrs.example/help
	// @ada can you look?
}

// A sign-in form finds the agent by the username typed, in any case; a
// look-alike finds no one.
func ExampleService_GetByUsername() {
	ctx := context.Background()
	profiles := profile.New(memory.New(), nil)
	if _, err := profiles.Create(ctx, profile.NewAgent{
		ID: "agent-7", Username: "Jonas", Role: "agent", Name: "Jonas Weber", PublicName: "Jonas",
	}); err != nil {
		fmt.Println(err)
		return
	}
	for _, typed := range []string{"jonas", " JONAS ", "jοnas"} { // the last with a Greek ο
		p, err := profiles.GetByUsername(ctx, typed)
		switch {
		case errors.Is(err, profile.ErrNotFound):
			fmt.Printf("%q: no such agent\n", typed)
		case errors.Is(err, profile.ErrUnsupported):
			fmt.Println("the store cannot look up usernames")
		case err != nil:
			fmt.Println(err)
		default:
			fmt.Printf("%q: %s\n", typed, p.ID)
		}
	}
	// Output:
	// "jonas": agent-7
	// " JONAS ": agent-7
	// "jοnas": no such agent
}

// An agent list pages through every profile in username order, following
// Page.Next until it is empty.
func ExampleService_List() {
	ctx := context.Background()
	profiles := profile.New(memory.New(), nil)
	for i, username := range []string{"mia", "Ben", "lea", "Finn", "emma"} {
		if _, err := profiles.Create(ctx, profile.NewAgent{
			ID: fmt.Sprintf("agent-%d", i), Username: username, Role: "agent", Name: username, PublicName: username,
		}); err != nil {
			fmt.Println(err)
			return
		}
	}
	cursor := ""
	for {
		page, err := profiles.List(ctx, cursor, 2)
		if err != nil {
			fmt.Println(err)
			return
		}
		for _, p := range page.Profiles {
			fmt.Print(p.Username, " ")
		}
		fmt.Println("|")
		if page.Next == "" {
			break
		}
		cursor = page.Next
	}
	// Output:
	// ben emma |
	// finn lea |
	// mia |
}
