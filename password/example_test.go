package password_test

import (
	"context"
	"errors"
	"fmt"

	"github.com/convrs/profilekit/password"
	"github.com/convrs/profilekit/storage/memory"
)

// securityNotices is the embedding service's Observer: it would revoke the
// agent's other sessions and send a notice.
type securityNotices struct{}

func (securityNotices) Changed(_ context.Context, e password.Changed) {
	fmt.Printf("event: password of %s changed\n", e.AgentID)
}

// The Change password tab: a wrong current password, a new password the
// policy refuses, and a change that succeeds.
func ExampleService_Change() {
	ctx := context.Background()
	common := password.NewWordlist([]string{"password123456789", "qwertyuiopasdfgh"})
	svc := password.New(memory.New(), &password.Options{
		Policy:   password.NewPolicy(&password.PolicyOptions{Blocklists: []password.Blocklist{common}}),
		Observer: securityNotices{},
	})
	ada := password.Subject{AgentID: "a1", Username: "ada", Name: "Ada Lovelace", PublicName: "Ada"}
	if err := svc.Set(ctx, ada, "first steps on the engine"); err != nil {
		fmt.Println(err)
		return
	}

	tries := []password.ChangeRequest{
		{Subject: ada, Current: "a guess", New: "bright copper kettles", Repeat: "bright copper kettles"},
		{Subject: ada, Current: "first steps on the engine", New: "Lovelace", Repeat: "lovelace"},
		{Subject: ada, Current: "first steps on the engine", New: "Password123456789", Repeat: "Password123456789"},
		{Subject: ada, Current: "first steps on the engine", New: "bright copper kettles", Repeat: "bright copper kettles"},
	}
	for _, r := range tries {
		err := svc.Change(ctx, r)
		var ve *password.ValidationError
		switch {
		case err == nil:
			fmt.Println("changed")
		case errors.As(err, &ve):
			for _, v := range ve.Violations {
				fmt.Printf("%s: %s\n", v.Field, v.Code)
			}
		default:
			fmt.Println(err)
		}
	}
	fmt.Println("new password works:", svc.Verify(ctx, "a1", "bright copper kettles") == nil)
	// Output:
	// event: password of a1 changed
	// current: password.incorrect
	// new: password.too_short
	// new: password.contains_name
	// repeat: password.mismatch
	// new: password.breached
	// event: password of a1 changed
	// changed
	// new password works: true
}
