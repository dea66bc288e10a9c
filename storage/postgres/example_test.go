package postgres_test

import (
	"context"
	"errors"
	"fmt"
	"os"

	"github.com/convrs/profilekit/profile"
	"github.com/convrs/profilekit/storage/postgres"
)

// Example opens a Store in its own schema and reads a profile. It needs a
// database, so it is compiled but not run.
func Example() {
	ctx := context.Background()
	s, err := postgres.Open(ctx, os.Getenv("PROFILEKIT_POSTGRES_DSN"), &postgres.Options{Schema: "profilekit"})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer s.Close()

	_, err = s.GetProfile(ctx, "a1")
	if errors.Is(err, profile.ErrNotFound) {
		fmt.Println("no profile a1 yet")
	}
}
