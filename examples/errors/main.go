// Command errors shows how a service that embeds profilekit turns any error
// of any domain into one HTTP-style response: one errors.As (through
// profilekit.CodeOf) and one switch on the code. It embeds the profile,
// password and presence services on a SQLite file, provokes one error of
// each kind and prints the response each maps to.
//
//	go run ./examples/errors
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"

	"github.com/convrs/profilekit/examples/apierror"

	"github.com/convrs/profilekit/password"
	"github.com/convrs/profilekit/presence"
	"github.com/convrs/profilekit/profile"
	"github.com/convrs/profilekit/storage/sqlite"
)

// Respond maps err to an HTTP status and a body: one errors.As and one
// switch on the code, in examples/apierror (the table examples/server
// answers with too).
func Respond(err error) (int, apierror.Problem) { return apierror.Respond(err) }

// scenario is one call that fails, and a name for it.
type scenario struct {
	name string
	call func(ctx context.Context) error
}

// scenarios embeds the three services on store and returns one failing
// call of each kind.
func scenarios(ctx context.Context, store *sqlite.Store) ([]scenario, error) {
	profiles := profile.New(store, &profile.Options{Phone: profile.PhoneRules{DefaultRegion: "GB"}})
	passwords := password.New(store, nil)
	tracker := presence.New(store, nil)

	ada, err := profiles.Create(ctx, profile.NewAgent{ID: "agent-ada", Username: "ada", Role: "agent", Name: "Ada Lovelace", PublicName: "Ada"})
	if err != nil {
		return nil, err
	}
	subject := password.Subject{AgentID: ada.ID, Username: ada.Username, Name: ada.Name, PublicName: ada.PublicName}
	if err := passwords.Set(ctx, subject, "analytical engine punch cards"); err != nil {
		return nil, err
	}
	if _, err := tracker.Connect(ctx, ada.ID, "tab-1"); err != nil {
		return nil, err
	}
	if _, err := tracker.SetBusy(ctx, ada.ID, true); err != nil {
		return nil, err
	}
	return []scenario{
		{"save a landline as mobile and an empty name", func(ctx context.Context) error {
			_, err := profiles.Update(ctx, ada.ID, ada.Version, profile.Patch{Name: new(""), Mobile: new("020 7946 0018")})
			return err
		}},
		{"save on a stale version", func(ctx context.Context) error {
			_, err := profiles.Update(ctx, ada.ID, ada.Version+7, profile.Patch{Name: new("Ada King")})
			return err
		}},
		{"agent changes their own role", func(ctx context.Context) error {
			_, err := profiles.Update(ctx, ada.ID, ada.Version, profile.Patch{Role: new("admin")})
			return err
		}},
		{"open a profile that does not exist", func(ctx context.Context) error {
			_, err := profiles.Get(ctx, "agent-nobody")
			return err
		}},
		{"wrong current password", func(ctx context.Context) error {
			return passwords.Change(ctx, password.ChangeRequest{Subject: subject, Current: "not my password at all", New: "a brand new long passphrase", Repeat: "a brand new long passphrase"})
		}},
		{"sign in with a wrong password", func(ctx context.Context) error {
			return passwords.Verify(ctx, ada.ID, "still not my password")
		}},
		{"offer a chat to a busy agent", func(ctx context.Context) error {
			return tracker.Claim(ctx, ada.ID, "chat-1")
		}},
		{"a hostile agent ID", func(ctx context.Context) error {
			_, err := tracker.Get(ctx, "agent\x00with a NUL")
			return err
		}},
		{"use the store after Close", func(ctx context.Context) error {
			if err := store.Close(); err != nil {
				return err
			}
			_, err := profiles.Get(ctx, ada.ID)
			return err
		}},
	}, nil
}

func main() {
	if err := run(context.Background()); err != nil {
		fmt.Fprintln(os.Stderr, "errors:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context) error {
	dir, err := os.MkdirTemp("", "profilekit-errors-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	store, err := sqlite.Open(ctx, filepath.Join(dir, "profilekit.db"), nil)
	if err != nil {
		return err
	}
	defer store.Close()

	list, err := scenarios(ctx, store)
	if err != nil {
		return err
	}
	enc := json.NewEncoder(os.Stdout)
	for _, s := range list {
		status, body := Respond(s.call(ctx))
		fmt.Printf("%s → %d\n", s.name, status)
		if err := enc.Encode(body); err != nil {
			return err
		}
	}
	return nil
}
