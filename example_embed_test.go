package profilekit_test

import (
	"context"
	"errors"
	"fmt"

	"github.com/convrs/profilekit"
	"github.com/convrs/profilekit/notify"
	"github.com/convrs/profilekit/notify/hub"
	"github.com/convrs/profilekit/password"
	"github.com/convrs/profilekit/presence"
	"github.com/convrs/profilekit/profile"
	"github.com/convrs/profilekit/storage/memory"
)

// The embedding the README shows: one store wires every service, one error
// type serves every package, and a busy agent gets no new chat.
func Example_embedding() {
	ctx := context.Background()

	store := memory.New() // or sqlite.Open(ctx, "profilekit.db", nil), postgres.Open(ctx, dsn, nil)
	defer store.Close()
	profiles := profile.New(store, &profile.Options{Phone: profile.PhoneRules{DefaultRegion: "GB"}})
	passwords := password.New(store, nil)
	tracker := presence.New(store, nil)
	busy := notify.AvailabilityFunc(func(ctx context.Context, id string) (bool, error) {
		p, err := tracker.Get(ctx, id)
		return p.Status == presence.Busy, err
	})
	alerts := notify.New(store, busy, hub.New(nil), nil)

	p, err := profiles.Create(ctx, profile.NewAgent{ID: "agent-ada", Username: "ada", Role: "agent", Name: "Ada Lovelace", PublicName: "Ada"})
	fmt.Println(p.Username, p.Version, err) // ada 1 <nil>

	_, err = profiles.Update(ctx, p.ID, p.Version, profile.Patch{Language: new("en_gb"), Mobile: new("020 7946 0018")})
	var verr *profilekit.ValidationError // the one error type of every package
	if errors.As(err, &verr) {
		fmt.Println(verr.Fields[0].Field, verr.Fields[0].Code) // mobile phone.not_mobile
	}

	subject := password.Subject{AgentID: p.ID, Username: p.Username, Name: p.Name, PublicName: p.PublicName}
	if err := passwords.Set(ctx, subject, "analytical engine punch cards"); err != nil {
		fmt.Println(err)
	}
	err = passwords.Change(ctx, password.ChangeRequest{Subject: subject,
		Current: "analytical engine punch cards", New: "first published algorithm", Repeat: "first published algorithm"})
	fmt.Println(err) // <nil>

	now, _ := tracker.ToggleBusy(ctx, p.ID)
	_, sent, _ := alerts.Dispatch(ctx, notify.Activity{AgentID: p.ID, Kind: notify.IncomingChat, ChatID: "chat-42"})
	fmt.Println(now.Badge.Label, profilekit.CodeOf(tracker.Claim(ctx, p.ID, "chat-42")), sent) // Busy agent.busy false
	// Output:
	// ada 1 <nil>
	// mobile phone.not_mobile
	// <nil>
	// Busy agent.busy false
}
