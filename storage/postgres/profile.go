package postgres

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/convrs/profilekit"
	"github.com/convrs/profilekit/profile"
)

// profileColumns lists the profiles columns in the order of scanProfile and
// of the INSERT's values.
const profileColumns = `id, username, role, business_unit, name, public_name, language,
	landline, mobile, photo, capitalize_first_letter, version, created_at, updated_at`

// CreateProfile implements profile.Store.
func (s *Store) CreateProfile(ctx context.Context, p profile.Profile) error {
	_, err := s.pool.Exec(ctx,
		`INSERT INTO profiles (`+profileColumns+`) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
		p.ID, p.Username, p.Role, p.BusinessUnit, p.Name, p.PublicName, p.Language,
		p.Landline, p.Mobile, p.Photo, p.Settings.CapitalizeFirstLetter, p.Version,
		toTime(p.CreatedAt), toTime(p.UpdatedAt))
	if err == nil {
		return nil
	}
	op := fmt.Sprintf("create profile %s", profilekit.QuoteID(p.ID))
	switch violated(err) {
	case "profiles_pkey":
		return fmt.Errorf("postgres: %s: %w", op, profile.ErrAlreadyExists)
	case "profiles_username_key":
		return fmt.Errorf("postgres: %s: %w", op, profile.ErrUsernameTaken)
	}
	return fail(ctx, op, err)
}

// GetProfile implements profile.Store.
func (s *Store) GetProfile(ctx context.Context, id string) (profile.Profile, error) {
	row := s.pool.QueryRow(ctx, `SELECT `+profileColumns+` FROM profiles WHERE id = $1`, id)
	p, err := scanProfile(row)
	if errors.Is(err, pgx.ErrNoRows) || absentKey(err, id) {
		return profile.Profile{}, fmt.Errorf("postgres: get profile %s: %w", profilekit.QuoteID(id), profile.ErrNotFound)
	}
	if err != nil {
		return profile.Profile{}, fail(ctx, fmt.Sprintf("get profile %s", profilekit.QuoteID(id)), err)
	}
	return p, nil
}

// UpdateProfile implements profile.Store in one statement: the UPDATE
// checks the version in its WHERE clause (a concurrent writer's row lock
// makes it wait, then re-check against the committed row), and the outer
// SELECT reports, from the statement's snapshot, whether the row existed,
// which tells a missing profile from a stale version without a second round
// trip.
func (s *Store) UpdateProfile(ctx context.Context, p profile.Profile, expected int64) error {
	var updated, exists bool
	err := s.pool.QueryRow(ctx, `WITH updated AS (
			UPDATE profiles SET
				username = $3, role = $4, business_unit = $5, name = $6, public_name = $7, language = $8,
				landline = $9, mobile = $10, photo = $11, capitalize_first_letter = $12, version = $13,
				created_at = $14, updated_at = $15
			WHERE id = $1 AND version = $2
			RETURNING 1
		)
		SELECT EXISTS (SELECT 1 FROM updated), EXISTS (SELECT 1 FROM profiles WHERE id = $1)`,
		p.ID, expected,
		p.Username, p.Role, p.BusinessUnit, p.Name, p.PublicName, p.Language,
		p.Landline, p.Mobile, p.Photo, p.Settings.CapitalizeFirstLetter, p.Version,
		toTime(p.CreatedAt), toTime(p.UpdatedAt)).Scan(&updated, &exists)
	if err == nil && updated {
		return nil
	}
	op := fmt.Sprintf("update profile %s", profilekit.QuoteID(p.ID))
	switch {
	case violated(err) == "profiles_username_key":
		return fmt.Errorf("postgres: %s: %w", op, profile.ErrUsernameTaken)
	case err != nil && !absentKey(err, p.ID):
		return fail(ctx, op, err)
	case exists:
		return fmt.Errorf("postgres: %s at version %d: %w", op, expected, profile.ErrConflict)
	default:
		return fmt.Errorf("postgres: %s: %w", op, profile.ErrNotFound)
	}
}

// scanProfile reads one row of profileColumns.
func scanProfile(row pgx.Row) (profile.Profile, error) {
	var p profile.Profile
	err := row.Scan(&p.ID, &p.Username, &p.Role, &p.BusinessUnit, &p.Name, &p.PublicName, &p.Language,
		&p.Landline, &p.Mobile, &p.Photo, &p.Settings.CapitalizeFirstLetter, &p.Version, &p.CreatedAt, &p.UpdatedAt)
	if err != nil {
		return profile.Profile{}, err
	}
	p.CreatedAt, p.UpdatedAt = fromTime(p.CreatedAt), fromTime(p.UpdatedAt)
	return p, nil
}
