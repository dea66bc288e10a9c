package postgres_test

import (
	"context"
	"fmt"
	"os"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/convrs/profilekit/notify/pgnotify"
	"github.com/convrs/profilekit/storage/postgres"
)

// ExampleNew runs a Store and a pgnotify Notifier on one pool that the
// application opens and owns. It needs a database, so it is compiled but
// not run.
func ExampleNew() {
	ctx := context.Background()
	if err := onePool(ctx, os.Getenv("PROFILEKIT_POSTGRES_DSN")); err != nil {
		fmt.Println(err)
	}
}

// onePool is the package comment's example of New.
func onePool(ctx context.Context, dsn string) error {
	cfg, err := postgres.ParseConfig(dsn, &postgres.Options{Schema: "profilekit"})
	if err != nil {
		return err
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return err
	}
	defer pool.Close()
	s, err := postgres.New(ctx, pool, &postgres.Options{Schema: "profilekit"})
	if err != nil {
		return err
	}
	defer s.Close() // before pool.Close
	notes, err := pgnotify.New(pool, nil)
	if err != nil {
		return err
	}

	_, _ = s, notes
	return nil
}
