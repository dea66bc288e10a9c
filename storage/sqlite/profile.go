package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/convrs/profilekit/storage/driver"

	"github.com/convrs/profilekit/profile"
)

// profileColumns lists the profiles columns in the order of scanProfile.
// An empty skeleton is stored as NULL, which the UNIQUE index never
// compares (see migration 0004).
const profileColumns = `id, username, COALESCE(username_skeleton, ''), role, business_unit, name, public_name,
	language, landline, mobile, photo, capitalize_first_letter, version, created_at, updated_at`

// The constraints profile writes map to the profile package's sentinels,
// as SQLite names them in its error messages.
const (
	idKey       = "profiles.id"
	usernameKey = "profiles.username"
	skeletonKey = "profiles.username_skeleton"
)

// CreateProfile implements profile.Store.
func (s *Store) CreateProfile(ctx context.Context, p profile.Profile) error {
	_, err := s.writer.ExecContext(ctx,
		`INSERT INTO profiles (id, username, username_skeleton, role, business_unit, name, public_name,
			language, landline, mobile, photo, capitalize_first_letter, version, created_at, updated_at)
		VALUES (?, ?, NULLIF(?, ''), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		p.ID, p.Username, p.UsernameSkeleton, p.Role, p.BusinessUnit, p.Name, p.PublicName, p.Language,
		p.Landline, p.Mobile, p.Photo, boolInt(p.Settings.CapitalizeFirstLetter), p.Version,
		toMicros(p.CreatedAt), toMicros(p.UpdatedAt))
	if err == nil {
		return nil
	}
	op := "create profile " + driver.QuoteID(p.ID)
	switch c := constraint(err); c {
	case idKey:
		return fmt.Errorf("sqlite: %s: %w", op, profile.ErrAlreadyExists)
	case usernameKey, skeletonKey:
		return fmt.Errorf("sqlite: %s: %w", op, usernameError(ctx, s.writer, p, c))
	}
	return fail(ctx, op, err)
}

// GetProfile implements profile.Store.
func (s *Store) GetProfile(ctx context.Context, id string) (profile.Profile, error) {
	row := s.reader.QueryRowContext(ctx, `SELECT `+profileColumns+` FROM profiles WHERE id = ?`, id)
	p, err := scanProfile(row)
	if errors.Is(err, sql.ErrNoRows) {
		return profile.Profile{}, fmt.Errorf("sqlite: get profile %s: %w", driver.QuoteID(id), profile.ErrNotFound)
	}
	if err != nil {
		return profile.Profile{}, fail(ctx, "get profile "+driver.QuoteID(id), err)
	}
	return p, nil
}

// UpdateProfile implements profile.Store. The version check is the UPDATE's
// WHERE clause; only when it matches no row does a second statement, in the
// same transaction, tell a missing profile from a stale version.
func (s *Store) UpdateProfile(ctx context.Context, p profile.Profile, expected int64) error {
	return s.updateProfile(ctx, p, expected, "")
}

// UpdateProfileKeepingRole implements profile.RoleKeeper: the look for
// another holder of role and the update share one BEGIN IMMEDIATE
// transaction, which every process on the file takes in turn.
func (s *Store) UpdateProfileKeepingRole(ctx context.Context, p profile.Profile, expected int64, role string) error {
	return s.updateProfile(ctx, p, expected, role)
}

// updateProfile is UpdateProfile that, when keep is not empty, also
// refuses to leave no profile with role keep.
func (s *Store) updateProfile(ctx context.Context, p profile.Profile, expected int64, keep string) error {
	err := s.writeTx(ctx, func(tx *sql.Tx) error {
		if keep != "" && p.Role != keep {
			if err := keepsRole(ctx, tx, p.ID, expected, keep); err != nil {
				return err
			}
		}
		res, err := tx.ExecContext(ctx, `UPDATE profiles SET
			username = ?, username_skeleton = NULLIF(?, ''), role = ?, business_unit = ?, name = ?,
			public_name = ?, language = ?, landline = ?, mobile = ?, photo = ?, capitalize_first_letter = ?,
			version = ?, created_at = ?, updated_at = ?
			WHERE id = ? AND version = ?`,
			p.Username, p.UsernameSkeleton, p.Role, p.BusinessUnit, p.Name,
			p.PublicName, p.Language, p.Landline, p.Mobile, p.Photo, boolInt(p.Settings.CapitalizeFirstLetter),
			p.Version, toMicros(p.CreatedAt), toMicros(p.UpdatedAt),
			p.ID, expected)
		switch c := constraint(err); c {
		case usernameKey, skeletonKey:
			return usernameError(ctx, tx, p, c)
		}
		if err != nil {
			return err
		}
		return versioned(ctx, tx, res, "profiles", "id", p.ID, expected, profile.ErrNotFound, profile.ErrConflict)
	})
	if err != nil {
		return fail(ctx, "update profile "+driver.QuoteID(p.ID), err)
	}
	return nil
}

// keepsRole returns nil when profile id is stored at version expected and
// a profile other than id has role; otherwise profile.ErrNotFound,
// profile.ErrConflict or profile.ErrLastAdmin, in that order.
func keepsRole(ctx context.Context, tx *sql.Tx, id string, expected int64, role string) error {
	var stored int64
	var held bool
	err := tx.QueryRowContext(ctx, `SELECT version, EXISTS (SELECT 1 FROM profiles WHERE role = ? AND id <> ?)
		FROM profiles WHERE id = ?`, role, id, id).Scan(&stored, &held)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return profile.ErrNotFound
	case err != nil:
		return err
	case stored != expected:
		return fmt.Errorf("at version %d (stored %d): %w", expected, stored, profile.ErrConflict)
	case !held:
		return profile.ErrLastAdmin
	}
	return nil
}

// GetProfileByUsername implements profile.UsernameLookup: an exact match,
// under the BINARY collation, through the UNIQUE index on username.
func (s *Store) GetProfileByUsername(ctx context.Context, username string) (profile.Profile, error) {
	row := s.reader.QueryRowContext(ctx, `SELECT `+profileColumns+` FROM profiles WHERE username = ?`, username)
	p, err := scanProfile(row)
	if errors.Is(err, sql.ErrNoRows) {
		return profile.Profile{}, fmt.Errorf("sqlite: get profile by username: %w", profile.ErrNotFound)
	}
	if err != nil {
		return profile.Profile{}, fail(ctx, "get profile by username", err)
	}
	return p, nil
}

// ListProfiles implements profile.Lister: a seek on the UNIQUE index on
// username, whose BINARY collation orders UTF-8 byte for byte.
func (s *Store) ListProfiles(ctx context.Context, after string, limit int) ([]profile.Profile, error) {
	rows, err := s.reader.QueryContext(ctx,
		`SELECT `+profileColumns+` FROM profiles WHERE username > ? ORDER BY username LIMIT ?`, after, limit)
	if err != nil {
		return nil, fail(ctx, "list profiles", err)
	}
	defer rows.Close()
	out := []profile.Profile{}
	for rows.Next() {
		p, err := scanProfile(rows)
		if err != nil {
			return nil, fail(ctx, "list profiles", err)
		}
		out = append(out, p)
	}
	if err := rows.Err(); err != nil {
		return nil, fail(ctx, "list profiles", err)
	}
	return out, nil
}

// querier is what usernameError reads through: the writer pool or the
// write transaction.
type querier interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// usernameError maps the violation of index c, one of the username's two
// UNIQUE indexes, by a write of p: ErrUsernameTaken when another profile
// has the username itself, ErrUsernameConfusable when only the skeleton is
// shared. SQLite reports whichever index it checks first, the skeleton's,
// so a violated skeleton index needs a look at the username.
func usernameError(ctx context.Context, q querier, p profile.Profile, c string) error {
	if c == usernameKey {
		return profile.ErrUsernameTaken
	}
	var taken bool
	err := q.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM profiles WHERE username = ? AND id <> ?)`,
		p.Username, p.ID).Scan(&taken)
	if err == nil && taken {
		return profile.ErrUsernameTaken
	}
	return profile.ErrUsernameConfusable
}

// scanProfile reads one row of profileColumns.
func scanProfile(row scanner) (profile.Profile, error) {
	var p profile.Profile
	var capitalize, created, updated int64
	err := row.Scan(&p.ID, &p.Username, &p.UsernameSkeleton, &p.Role, &p.BusinessUnit, &p.Name, &p.PublicName,
		&p.Language, &p.Landline, &p.Mobile, &p.Photo, &capitalize, &p.Version, &created, &updated)
	if err != nil {
		return profile.Profile{}, err
	}
	p.Settings.CapitalizeFirstLetter = capitalize != 0
	p.CreatedAt, p.UpdatedAt = fromMicros(created), fromMicros(updated)
	return p, nil
}
