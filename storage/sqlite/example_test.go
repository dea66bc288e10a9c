package sqlite_test

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/convrs/profilekit/profile"
	"github.com/convrs/profilekit/storage/sqlite"
)

func Example() {
	ctx := context.Background()
	// A file path in real use; Memory keeps the example self-contained.
	s, err := sqlite.Open(ctx, sqlite.Memory, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer s.Close()

	now := time.Date(2026, 11, 26, 10, 0, 0, 0, time.UTC)
	p := profile.Profile{ID: "a1", Username: "zoe", Role: "agent", Name: "Zoë", PublicName: "Zoë",
		Version: 1, CreatedAt: now, UpdatedAt: now}
	if err := s.CreateProfile(ctx, p); err != nil {
		fmt.Println(err)
		return
	}

	next := p
	next.Name, next.Version = "Zoë Ærø", 2
	fmt.Println(s.UpdateProfile(ctx, next, 1))
	stale := p
	stale.Name, stale.Version = "Lost", 2
	err = s.UpdateProfile(ctx, stale, 1)
	fmt.Println(errors.Is(err, profile.ErrConflict))

	got, _ := s.GetProfile(ctx, "a1")
	fmt.Println(got.Name, got.Version)
	// Output:
	// <nil>
	// true
	// Zoë Ærø 2
}
