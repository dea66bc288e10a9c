// Command quickstart is the smallest embedding of profilekit: an in-memory
// store and the profile, password and presence services, used the way the
// My profile page uses them for one agent. It prints what it does.
//
//	go run ./examples/quickstart
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/convrs/profilekit/password"
	"github.com/convrs/profilekit/presence"
	"github.com/convrs/profilekit/profile"
	"github.com/convrs/profilekit/storage/memory"
)

func main() {
	if err := run(context.Background(), os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "quickstart:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, w io.Writer) error {
	store := memory.New()
	defer store.Close()
	profiles := profile.New(store, &profile.Options{Phone: profile.PhoneRules{DefaultRegion: "GB"}})

	// An administrator creates the agent: username, role and business unit
	// are theirs to set.
	p, err := profiles.Create(ctx, profile.NewAgent{
		Username: "Ada", Role: "agent", BusinessUnit: "Support",
		Name: "Ada Lovelace", PublicName: "Ada",
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "created %s (username %q, version %d)\n", p.Name, p.Username, p.Version)

	// The agent fills in the General tab and presses Save changes.
	p, err = profiles.Update(ctx, p.ID, p.Version, profile.Patch{
		PublicName: new("Ada L."),
		Language:   new("en_gb"),
		Landline:   new("020 7946 0018"),
		Mobile:     new("07400 123456"),
	})
	if err != nil {
		return err
	}
	national, international := profile.FormatPhone(p.Mobile)
	fmt.Fprintf(w, "saved: public name %q, language %s, mobile %s (%s, %s), version %d\n",
		p.PublicName, p.Language, p.Mobile, national, international, p.Version)

	// A save with mistakes is refused whole, with one entry per problem.
	_, err = profiles.Update(ctx, p.ID, p.Version, profile.Patch{
		Name:       new("Ada King"),
		PublicName: new("🙂"),
		Mobile:     new("020 7946 0018"),
	})
	var verr *profile.ValidationError
	if !errors.As(err, &verr) {
		return fmt.Errorf("expected a validation error, got %v", err)
	}
	for _, f := range verr.Fields {
		fmt.Fprintf(w, "refused: %s: %s (%s)\n", f.Field, f.Message, f.Code)
	}

	// The agent may not promote themselves.
	_, err = profiles.Update(ctx, p.ID, p.Version, profile.Patch{Role: new("admin")})
	fmt.Fprintln(w, "refused:", err, "| forbidden:", errors.Is(err, profile.ErrForbidden))

	// Two tabs saved from the same version: the second is told, not lost.
	if _, err = profiles.Update(ctx, p.ID, p.Version, profile.Patch{Name: new("Ada King")}); err != nil {
		return err
	}
	_, err = profiles.Update(ctx, p.ID, p.Version, profile.Patch{Name: new("Countess of Lovelace")})
	fmt.Fprintln(w, "second tab:", err, "| conflict:", errors.Is(err, profile.ErrConflict))

	// Settings: capitalise the first letter of messages, in the agent's
	// language.
	p, err = profiles.Get(ctx, p.ID)
	if err != nil {
		return err
	}
	p, err = profiles.UpdateSettings(ctx, p.ID, p.Version, profile.Settings{CapitalizeFirstLetter: true})
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "composing %q sends %q\n", "thanks for waiting!", p.Compose("thanks for waiting!"))

	// Change password tab: the policy explains every refusal at once.
	passwords := password.New(store, nil)
	subject := password.Subject{AgentID: p.ID, Username: p.Username, Name: p.Name, PublicName: p.PublicName}
	if err := passwords.Set(ctx, subject, "analytical engine punched cards"); err != nil {
		return err
	}
	err = passwords.Change(ctx, password.ChangeRequest{
		Subject: subject, Current: "analytical engine punched cards", New: "ada123", Repeat: "ada124",
	})
	var perr *password.ValidationError
	if !errors.As(err, &perr) {
		return fmt.Errorf("expected a password refusal, got %v", err)
	}
	for _, v := range perr.Fields {
		fmt.Fprintf(w, "password refused: %s\n", v.Code)
	}
	err = passwords.Change(ctx, password.ChangeRequest{
		Subject: subject, Current: "analytical engine punched cards",
		New: "bernoulli numbers in note g", Repeat: "bernoulli numbers in note g",
	})
	if err != nil {
		return err
	}
	fmt.Fprintln(w, "password changed")

	// Busy: while busy, the agent shows a red badge and gets no new chats.
	tracker := presence.New(store, nil)
	if _, err := tracker.Connect(ctx, p.ID, "browser-tab-1"); err != nil {
		return err
	}
	now, err := tracker.SetBusy(ctx, p.ID, true)
	if err != nil {
		return err
	}
	err = tracker.Claim(ctx, p.ID, "chat-42")
	fmt.Fprintf(w, "presence: %s, badge %q in %s; new chat refused: %v\n",
		now.Status, now.Badge.Label, now.Badge.Colour, errors.Is(err, presence.ErrBusy))

	fmt.Fprintf(w, "final: %+v\n", p)
	return nil
}
