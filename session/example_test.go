package session_test

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/convrs/profilekit"
	"github.com/convrs/profilekit/profilekittest"
	"github.com/convrs/profilekit/session"
	"github.com/convrs/profilekit/storage/memory"
)

// Example signs an agent in, checks the token as a request would, and
// signs out.
func Example() {
	ctx := context.Background()
	store := memory.New()
	defer store.Close()
	if err := signIn(ctx, store); err != nil {
		fmt.Println(err)
	}
	// Output:
	// agent-ada 43
	// signed in as agent-ada
	// sign in again: true
}

// signIn is the package comment's example, then a Lookup and a Revoke.
func signIn(ctx context.Context, store session.Store) error {
	sessions := session.New(store, &session.Options{IdleTimeout: 30 * time.Minute, Lifetime: 12 * time.Hour})
	token, s, err := sessions.Create(ctx, "agent-ada") // after password.Service.Verify
	if err != nil {
		return err
	}
	fmt.Println(s.AgentID, len(token)) // agent-ada 43

	got, err := sessions.Lookup(ctx, token) // on every request, with the cookie's token
	if err != nil {
		return err
	}
	fmt.Println("signed in as", got.AgentID)
	if err := sessions.Revoke(ctx, token); err != nil { // sign out
		return err
	}
	_, err = sessions.Lookup(ctx, token)
	fmt.Println("sign in again:", errors.Is(err, session.ErrNotFound))
	return nil
}

// ExampleService_RevokeOthers ends every other session of an agent after
// a password change, keeping the one that made the change, and shows the
// event a server would pass to other instances.
func ExampleService_RevokeOthers() {
	ctx := context.Background()
	store := memory.New()
	defer store.Close()
	observer := profilekit.ObserverFunc(func(_ context.Context, e profilekit.Event) {
		if r, ok := e.(session.Revoked); ok {
			fmt.Println(r.Kind(), r.AgentID, len(r.SessionIDs), r.Reason)
		}
	})
	sessions := session.New(store, &session.Options{Observer: observer})
	laptop, _, _ := sessions.Create(ctx, "agent-ada")
	_, _, _ = sessions.Create(ctx, "agent-ada") // a phone
	_, _, _ = sessions.Create(ctx, "agent-ada") // a forgotten browser

	n, err := sessions.RevokeOthers(ctx, "agent-ada", laptop, session.ReasonPasswordChanged)
	fmt.Println(n, err)
	list, _ := sessions.List(ctx, "agent-ada")
	fmt.Println(len(list), "session left")
	// Output:
	// session.revoked agent-ada 2 password_changed
	// 2 <nil>
	// 1 session left
}

// ExampleService_Sweep deletes the sessions that expired without being
// presented again.
func ExampleService_Sweep() {
	ctx := context.Background()
	store := memory.New()
	defer store.Close()
	clock := profilekittest.NewClock(time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC))
	sessions := session.New(store, &session.Options{IdleTimeout: time.Hour, Clock: clock})
	_, _, _ = sessions.Create(ctx, "agent-ada")
	clock.Advance(2 * time.Hour)
	n, err := sessions.Sweep(ctx)
	fmt.Println(n, err)
	// Output:
	// 1 <nil>
}
