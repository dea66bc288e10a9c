// Command quickstart is the smallest embedding of profilekit: an in-memory
// store, the profile service, and one agent's General tab edited the way
// the My profile page edits it. It prints what it does.
//
//	go run ./examples/quickstart
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"

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

	fmt.Fprintf(w, "final: %+v\n", p)
	return nil
}
