package main

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"io"

	"github.com/convrs/profilekit/password"
	"github.com/convrs/profilekit/profile"
)

// demoAgents are the accounts a new database starts with.
var demoAgents = []createAgentRequest{
	{Username: "admin", Role: adminRole, Name: "Administrator", PublicName: "Support", Language: "en"},
	{Username: "ada", Role: "agent", BusinessUnit: "Support", Name: "Ada Lovelace", PublicName: "Ada", Language: "en-GB"},
	{Username: "grace", Role: "agent", BusinessUnit: "Sales", Name: "Grace Hopper", PublicName: "Grace", Language: "en-US"},
}

// seed creates the administrator and two demo agents on a database without
// profiles and prints their usernames and initial passwords, once: a
// database that has profiles (made by an earlier run or by another
// instance) prints nothing, and of two instances seeding at once the one
// whose username is taken first stops.
func (a *App) seed(ctx context.Context) error {
	page, err := a.profiles.List(ctx, "", 1)
	if err != nil || len(page.Profiles) > 0 {
		return err
	}
	type made struct{ username, password string }
	var out []made
	for _, d := range demoAgents {
		req := d
		var err error
		for range 5 { // a random password may, rarely, break a rule
			req.Password = randomPassword()
			if _, err = a.createAgentWithPassword(ctx, req); !errors.Is(err, password.ErrInvalid) || profileTaken(err) {
				break
			}
		}
		if profileTaken(err) {
			return nil // another instance is seeding this database
		}
		if err != nil {
			return fmt.Errorf("server: seed %s: %w", d.Username, err)
		}
		out = append(out, made{req.Username, req.Password})
	}
	w := a.cfg.Out
	if w == nil {
		w = io.Discard
	}
	_, _ = fmt.Fprintln(w, "Demo accounts (shown once; change the passwords on the Change password tab):")
	for _, m := range out {
		_, _ = fmt.Fprintf(w, "  %-8s %s\n", m.username, m.password)
	}
	return nil
}

// profileTaken reports whether err says the username exists already.
func profileTaken(err error) bool {
	return errors.Is(err, profile.ErrUsernameTaken) || errors.Is(err, profile.ErrUsernameConfusable)
}

// randomPassword returns four groups of five random lower-case letters,
// about 94 bits.
func randomPassword() string {
	const letters = "abcdefghijkmnopqrstuvwxyz"
	b := make([]byte, 0, 23)
	var r [20]byte
	_, _ = rand.Read(r[:])
	for i, x := range r {
		if i > 0 && i%5 == 0 {
			b = append(b, '-')
		}
		b = append(b, letters[int(x)%len(letters)])
	}
	return string(b)
}
