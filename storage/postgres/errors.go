package postgres

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5/pgconn"
)

// uniqueViolation is PostgreSQL's SQLSTATE for a UNIQUE or PRIMARY KEY
// constraint violation.
const uniqueViolation = "23505"

// fail wraps err, the failure of operation op (such as `get profile "a1"`),
// in the package's error style. When ctx is done it wraps ctx.Err() as well,
// so that errors.Is(err, context.Canceled) holds whatever pgx said.
func fail(ctx context.Context, op string, err error) error {
	if ctxErr := ctx.Err(); ctxErr != nil && !errors.Is(err, ctxErr) {
		return fmt.Errorf("postgres: %s: %w (%v)", op, ctxErr, err)
	}
	return fmt.Errorf("postgres: %s: %w", op, err)
}

// violated returns the name of the UNIQUE or PRIMARY KEY constraint that
// err reports as violated ("profiles_username_key"), or "" when err is not
// such a violation.
func violated(err error) string {
	var e *pgconn.PgError
	if errors.As(err, &e) && e.Code == uniqueViolation {
		return e.ConstraintName
	}
	return ""
}
