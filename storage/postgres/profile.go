package postgres

import (
	"context"
	"errors"
	"fmt"

	"github.com/convrs/profilekit/storage/driver"

	"github.com/jackc/pgx/v5"

	"github.com/convrs/profilekit/profile"
)

// profileColumns lists the profiles columns in the order of scanProfile.
// An empty skeleton is stored as NULL, which the UNIQUE constraint never
// compares (see migration 0004).
const profileColumns = `id, username, COALESCE(username_skeleton, ''), role, business_unit, name, public_name,
	language, landline, mobile, photo, capitalize_first_letter, version, created_at, updated_at`

// The constraints whose violations profile writes map to the profile
// package's sentinels.
const (
	idKey       = "profiles_pkey"
	usernameKey = "profiles_username_key"
	skeletonKey = "profiles_username_skeleton_key"
)

// CreateProfile implements profile.Store.
func (s *Store) CreateProfile(ctx context.Context, p profile.Profile) error {
	_, err := s.pool.Exec(ctx,
		`INSERT INTO profiles (id, username, username_skeleton, role, business_unit, name, public_name,
			language, landline, mobile, photo, capitalize_first_letter, version, created_at, updated_at)
		VALUES ($1, $2, NULLIF($3, ''), $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)`,
		p.ID, p.Username, p.UsernameSkeleton, p.Role, p.BusinessUnit, p.Name, p.PublicName, p.Language,
		p.Landline, p.Mobile, p.Photo, p.Settings.CapitalizeFirstLetter, p.Version,
		toTime(p.CreatedAt), toTime(p.UpdatedAt))
	if err == nil {
		return nil
	}
	op := "create profile " + driver.QuoteID(p.ID)
	switch c := violated(err); c {
	case idKey:
		return fmt.Errorf("postgres: %s: %w", op, profile.ErrAlreadyExists)
	case usernameKey, skeletonKey:
		return fmt.Errorf("postgres: %s: %w", op, s.usernameError(ctx, p, c))
	}
	return fail(ctx, op, err)
}

// GetProfile implements profile.Store.
func (s *Store) GetProfile(ctx context.Context, id string) (profile.Profile, error) {
	row := s.pool.QueryRow(ctx, `SELECT `+profileColumns+` FROM profiles WHERE id = $1`, id)
	p, err := scanProfile(row)
	if errors.Is(err, pgx.ErrNoRows) || absentKey(err, id) {
		return profile.Profile{}, fmt.Errorf("postgres: get profile %s: %w", driver.QuoteID(id), profile.ErrNotFound)
	}
	if err != nil {
		return profile.Profile{}, fail(ctx, "get profile "+driver.QuoteID(id), err)
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
	updated, exists, err := updateProfileRow(ctx, s.pool, p, expected)
	return s.updateError(ctx, p, expected, updated, exists, err)
}

// UpdateProfileKeepingRole implements profile.RoleKeeper. For a p without
// role, in one transaction it locks every profile that has role (SELECT ... FOR UPDATE,
// in ID order, so that two such calls never deadlock), looks for a holder
// other than p.ID among them and only then updates: a concurrent call
// waits for the locks, and then sees a demoted holder as demoted.
func (s *Store) UpdateProfileKeepingRole(ctx context.Context, p profile.Profile, expected int64, role string) error {
	if p.Role == role {
		return s.UpdateProfile(ctx, p, expected)
	}
	var updated, exists bool
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, `SELECT id FROM profiles WHERE role = $1 ORDER BY id FOR UPDATE`, role)
		if err != nil {
			return err
		}
		held := false
		for rows.Next() {
			var id string
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return err
			}
			held = held || id != p.ID
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		if !held {
			var stored int64
			err := tx.QueryRow(ctx, `SELECT version FROM profiles WHERE id = $1`, p.ID).Scan(&stored)
			switch {
			case errors.Is(err, pgx.ErrNoRows) || absentKey(err, p.ID):
				return profile.ErrNotFound
			case err != nil:
				return err
			case stored != expected:
				return fmt.Errorf("at version %d (stored %d): %w", expected, stored, profile.ErrConflict)
			}
			return profile.ErrLastAdmin
		}
		updated, exists, err = updateProfileRow(ctx, tx, p, expected)
		return err
	})
	if errors.Is(err, profile.ErrLastAdmin) || errors.Is(err, profile.ErrNotFound) || errors.Is(err, profile.ErrConflict) {
		return fmt.Errorf("postgres: update profile %s: %w", driver.QuoteID(p.ID), err)
	}
	return s.updateError(ctx, p, expected, updated, exists, err)
}

// rowQuerier is what updateProfileRow runs on: the pool or a transaction.
type rowQuerier interface {
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

// updateProfileRow updates profile p.ID if it is at version expected,
// and tells whether it did and whether the profile exists.
func updateProfileRow(ctx context.Context, q rowQuerier, p profile.Profile, expected int64) (updated, exists bool, err error) {
	err = q.QueryRow(ctx, `WITH updated AS (
			UPDATE profiles SET
				username = $3, username_skeleton = NULLIF($4, ''), role = $5, business_unit = $6, name = $7,
				public_name = $8, language = $9, landline = $10, mobile = $11, photo = $12,
				capitalize_first_letter = $13, version = $14, created_at = $15, updated_at = $16
			WHERE id = $1 AND version = $2
			RETURNING 1
		)
		SELECT EXISTS (SELECT 1 FROM updated), EXISTS (SELECT 1 FROM profiles WHERE id = $1)`,
		p.ID, expected,
		p.Username, p.UsernameSkeleton, p.Role, p.BusinessUnit, p.Name,
		p.PublicName, p.Language, p.Landline, p.Mobile, p.Photo,
		p.Settings.CapitalizeFirstLetter, p.Version, toTime(p.CreatedAt), toTime(p.UpdatedAt)).Scan(&updated, &exists)
	return updated, exists, err
}

// updateError turns the outcome of updateProfileRow into UpdateProfile's
// error: nil when it updated.
func (s *Store) updateError(ctx context.Context, p profile.Profile, expected int64, updated, exists bool, err error) error {
	if err == nil && updated {
		return nil
	}
	op := "update profile " + driver.QuoteID(p.ID)
	switch c := violated(err); {
	case c == usernameKey || c == skeletonKey:
		return fmt.Errorf("postgres: %s: %w", op, s.usernameError(ctx, p, c))
	case err != nil && !absentKey(err, p.ID):
		return fail(ctx, op, err)
	case exists:
		return fmt.Errorf("postgres: %s at version %d: %w", op, expected, profile.ErrConflict)
	default:
		return fmt.Errorf("postgres: %s: %w", op, profile.ErrNotFound)
	}
}

// GetProfileByUsername implements profile.UsernameLookup: an exact match
// through the UNIQUE index on username (migration 0007 gives the column
// the "C" collation).
func (s *Store) GetProfileByUsername(ctx context.Context, username string) (profile.Profile, error) {
	row := s.pool.QueryRow(ctx, `SELECT `+profileColumns+` FROM profiles WHERE username = $1`, username)
	p, err := scanProfile(row)
	if errors.Is(err, pgx.ErrNoRows) || absentKey(err, username) {
		return profile.Profile{}, fmt.Errorf("postgres: get profile by username: %w", profile.ErrNotFound)
	}
	if err != nil {
		return profile.Profile{}, fail(ctx, "get profile by username", err)
	}
	return p, nil
}

// ListProfiles implements profile.Lister: a seek on the UNIQUE index on
// username, whose "C" collation (migration 0007) orders UTF-8 byte for
// byte, so the planner reads the index in order and stops after limit
// rows.
func (s *Store) ListProfiles(ctx context.Context, after string, limit int) ([]profile.Profile, error) {
	rows, err := s.pool.Query(ctx,
		`SELECT `+profileColumns+` FROM profiles WHERE username > $1 ORDER BY username LIMIT $2`, after, limit)
	if err != nil {
		return nil, fail(ctx, "list profiles", err)
	}
	out, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (profile.Profile, error) { return scanProfile(row) })
	if err != nil {
		return nil, fail(ctx, "list profiles", err)
	}
	return out, nil
}

// usernameError maps the violation of constraint c, one of the username's
// two UNIQUE constraints, by a write of p: ErrUsernameTaken when another
// profile has the username itself, ErrUsernameConfusable when only the
// skeleton is shared. PostgreSQL reports the first index it finds violated,
// and the order it checks them in is not a promise, so a violated skeleton
// constraint needs a look at the username.
func (s *Store) usernameError(ctx context.Context, p profile.Profile, c string) error {
	if c == usernameKey {
		return profile.ErrUsernameTaken
	}
	var taken bool
	err := s.pool.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM profiles WHERE username = $1 AND id <> $2)`,
		p.Username, p.ID).Scan(&taken)
	if err == nil && taken {
		return profile.ErrUsernameTaken
	}
	return profile.ErrUsernameConfusable
}

// scanProfile reads one row of profileColumns.
func scanProfile(row pgx.Row) (profile.Profile, error) {
	var p profile.Profile
	err := row.Scan(&p.ID, &p.Username, &p.UsernameSkeleton, &p.Role, &p.BusinessUnit, &p.Name, &p.PublicName,
		&p.Language, &p.Landline, &p.Mobile, &p.Photo, &p.Settings.CapitalizeFirstLetter, &p.Version,
		&p.CreatedAt, &p.UpdatedAt)
	if err != nil {
		return profile.Profile{}, err
	}
	p.CreatedAt, p.UpdatedAt = fromTime(p.CreatedAt), fromTime(p.UpdatedAt)
	return p, nil
}
