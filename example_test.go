package profilekit_test

import (
	"context"
	"fmt"

	"github.com/convrs/profilekit/profile"
	"github.com/convrs/profilekit/storage/memory"
)

// One storage adapter value wires every service.
func Example() {
	ctx := context.Background()
	store := memory.New() // or sqlite.Open, or postgres.Open
	defer store.Close()

	profiles := profile.New(store, &profile.Options{Phone: profile.PhoneRules{DefaultRegion: "US"}})

	p, err := profiles.Create(ctx, profile.NewAgent{
		ID: "agent-1", Username: "grace", Role: "agent", Name: "Grace Hopper", PublicName: "Grace",
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	p, err = profiles.Update(ctx, p.ID, p.Version, profile.Patch{
		Language: new("en_us"),
		Mobile:   new("(201) 555-0123"),
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(p.Name, p.Language, p.Mobile, p.Version)
	// Output: Grace Hopper en-US +12015550123 2
}
