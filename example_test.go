package profilekit_test

import (
	"context"
	"errors"
	"fmt"

	"github.com/convrs/profilekit/password"
	"github.com/convrs/profilekit/presence"
	"github.com/convrs/profilekit/profile"
	"github.com/convrs/profilekit/storage/memory"
)

// One storage adapter value wires every service: the profile, the password
// change and presence.
func Example() {
	ctx := context.Background()
	store := memory.New() // or sqlite.Open(ctx, path, nil), or postgres.Open(ctx, dsn, nil)
	defer store.Close()

	profiles := profile.New(store, &profile.Options{Phone: profile.PhoneRules{DefaultRegion: "US"}})
	passwords := password.New(store, nil)
	tracker := presence.New(store, nil)

	// General tab.
	p, err := profiles.Create(ctx, profile.NewAgent{
		ID: "agent-1", Username: "grace", Role: "agent", Name: "Grace Hopper", PublicName: "Grace",
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	p, err = profiles.Update(ctx, p.ID, p.Version, profile.Patch{Language: new("en_us"), Mobile: new("(201) 555-0123")})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(p.Name, p.Language, p.Mobile, p.Version)

	// Change password tab. The subject's words may not appear in a password.
	subject := password.Subject{AgentID: p.ID, Username: p.Username, Name: p.Name, PublicName: p.PublicName}
	if err := passwords.Set(ctx, subject, "compiler cobol nanosecond wire"); err != nil {
		fmt.Println(err)
		return
	}
	err = passwords.Change(ctx, password.ChangeRequest{
		Subject: subject, Current: "compiler cobol nanosecond wire",
		New: "grace hopper was here", Repeat: "grace hopper was here",
	})
	var verr *password.ValidationError
	if errors.As(err, &verr) {
		fmt.Println("refused:", verr.Fields[0].Code)
	}

	// Busy toggle: a busy agent is never offered a new chat.
	if _, err := tracker.Connect(ctx, p.ID, "tab-1"); err != nil {
		fmt.Println(err)
		return
	}
	now, err := tracker.ToggleBusy(ctx, p.ID)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(now.Status, now.Badge.Label, now.Badge.Colour)
	eligible, err := tracker.Eligible(ctx, []string{p.ID})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("eligible:", len(eligible), "| claim refused:", errors.Is(tracker.Claim(ctx, p.ID, "chat-1"), presence.ErrBusy))
	// Output:
	// Grace Hopper en-US +12015550123 2
	// refused: password.contains_username
	// busy Busy red
	// eligible: 0 | claim refused: true
}
