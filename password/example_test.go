package password_test

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/convrs/profilekit"
	"github.com/convrs/profilekit/password"
	"github.com/convrs/profilekit/storage/memory"
)

// securityNotices is the embedding service's Observer: it would revoke the
// agent's other sessions and send a notice.
func securityNotices(_ context.Context, e profilekit.Event) {
	if c, ok := e.(password.Changed); ok {
		fmt.Printf("event: %s, agent %s\n", c.Kind(), c.AgentID)
	}
}

// The Change password tab: a wrong current password, a new password the
// policy refuses, and a change that succeeds.
func ExampleService_Change() {
	ctx := context.Background()
	common := password.NewWordlist([]string{"password123456789", "qwertyuiopasdfgh"})
	svc := password.New(memory.New(), &password.Options{
		Policy:   password.NewPolicy(&password.PolicyOptions{Blocklists: []password.Blocklist{common}}),
		Observer: profilekit.ObserverFunc(securityNotices),
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
			for _, f := range ve.Fields {
				fmt.Printf("%s: %s\n", f.Field, f.Code)
			}
		default:
			fmt.Println(err)
		}
	}
	fmt.Println("new password works:", svc.Verify(ctx, "a1", "bright copper kettles") == nil)
	// Output:
	// event: password.changed, agent a1
	// current_password: password.incorrect
	// new_password: password.too_short
	// new_password: password.contains_name
	// repeat_password: password.mismatch
	// new_password: password.breached
	// event: password.changed, agent a1
	// changed
	// new password works: true
}

// Signing in: a wrong password is a *ValidationError on the password field
// whose Cause is ErrIncorrect, the error Change returns for a wrong current
// password; an unknown agent is ErrNotFound, after the time of one hash.
func ExampleService_Verify() {
	ctx := context.Background()
	svc := password.New(memory.New(), nil)
	ada := password.Subject{AgentID: "a1", Username: "ada", Name: "Ada Lovelace"}
	if err := svc.Set(ctx, ada, "first steps on the engine"); err != nil {
		fmt.Println(err)
		return
	}
	err := svc.Verify(ctx, "a1", "a guess")
	var ve *password.ValidationError
	if errors.As(err, &ve) {
		fmt.Println(ve.Fields[0].Field, ve.Fields[0].Code, errors.Is(err, password.ErrIncorrect))
	}
	fmt.Println(profilekit.CodeOf(svc.Verify(ctx, "nobody", "a guess")))
	fmt.Println(svc.Verify(ctx, "a1", "first steps on the engine"))
	// Output:
	// password password.incorrect true
	// credential.not_found
	// <nil>
}

// Checking a password as the agent types it, with a list of common
// passwords: every reason comes back at once.
func ExamplePolicy_Validate() {
	ctx := context.Background()
	common, err := password.ReadWordlist(strings.NewReader("123456\npassword\nqwerty123456789\n"))
	if err != nil {
		fmt.Println(err)
		return
	}
	policy := password.NewPolicy(&password.PolicyOptions{Blocklists: []password.Blocklist{common}})
	agent := password.Subject{AgentID: "a1", Username: "grace.hopper", Name: "Grace Hopper"}
	for _, pw := range []string{"QWERTY123456789", "grace.hopper.1906", "1234567890123456", "ship of theseus, rebuilt"} {
		err := policy.Validate(ctx, agent, pw)
		var ve *password.ValidationError
		if errors.As(err, &ve) {
			fmt.Printf("%q: %v\n", pw, ve.Codes())
			continue
		}
		fmt.Printf("%q: accepted\n", pw)
	}
	// Output:
	// "QWERTY123456789": [password.breached]
	// "grace.hopper.1906": [password.contains_username password.contains_name]
	// "1234567890123456": [password.sequential]
	// "ship of theseus, rebuilt": accepted
}

// Hashing and verifying with the default argon2id parameters; bcrypt hashes
// from an older system verify too and ask to be replaced.
func ExampleArgon2id() {
	ctx := context.Background()
	h := password.NewArgon2id(nil)
	encoded, err := h.Hash(ctx, "correct horse battery staple")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(encoded[:30])
	ok, err := h.Verify(ctx, "correct horse battery staple", encoded)
	fmt.Println(ok, err, h.NeedsRehash(encoded))

	legacy := "$2a$04$6V8Sdrhjn07BypKdQdSb2uY/h5tXPBkU5tTelnaQ.PeicTyX3FeHa" // bcrypt of "hunter2", cost 4
	ok, err = h.Verify(ctx, "hunter2", legacy)
	fmt.Println(ok, err, h.NeedsRehash(legacy))
	// Output:
	// $argon2id$v=19$m=19456,t=2,p=1
	// true <nil> false
	// true <nil> true
}
