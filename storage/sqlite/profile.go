package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/convrs/profilekit"
	"github.com/convrs/profilekit/profile"
)

// profileColumns lists the profiles columns in the order of scanProfile and
// of the INSERT's values.
const profileColumns = `id, username, role, business_unit, name, public_name, language,
	landline, mobile, photo, capitalize_first_letter, version, created_at, updated_at`

// CreateProfile implements profile.Store.
func (s *Store) CreateProfile(ctx context.Context, p profile.Profile) error {
	_, err := s.writer.ExecContext(ctx,
		`INSERT INTO profiles (`+profileColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		p.ID, p.Username, p.Role, p.BusinessUnit, p.Name, p.PublicName, p.Language,
		p.Landline, p.Mobile, p.Photo, boolInt(p.Settings.CapitalizeFirstLetter), p.Version,
		toMicros(p.CreatedAt), toMicros(p.UpdatedAt))
	if err == nil {
		return nil
	}
	op := fmt.Sprintf("create profile %s", profilekit.QuoteID(p.ID))
	switch constraint(err) {
	case "profiles.id":
		return fmt.Errorf("sqlite: %s: %w", op, profile.ErrAlreadyExists)
	case "profiles.username":
		return fmt.Errorf("sqlite: %s: %w", op, profile.ErrUsernameTaken)
	}
	return fail(ctx, op, err)
}

// GetProfile implements profile.Store.
func (s *Store) GetProfile(ctx context.Context, id string) (profile.Profile, error) {
	row := s.reader.QueryRowContext(ctx, `SELECT `+profileColumns+` FROM profiles WHERE id = ?`, id)
	p, err := scanProfile(row)
	if errors.Is(err, sql.ErrNoRows) {
		return profile.Profile{}, fmt.Errorf("sqlite: get profile %s: %w", profilekit.QuoteID(id), profile.ErrNotFound)
	}
	if err != nil {
		return profile.Profile{}, fail(ctx, fmt.Sprintf("get profile %s", profilekit.QuoteID(id)), err)
	}
	return p, nil
}

// UpdateProfile implements profile.Store. The version check is the UPDATE's
// WHERE clause; only when it matches no row does a second statement, in the
// same transaction, tell a missing profile from a stale version.
func (s *Store) UpdateProfile(ctx context.Context, p profile.Profile, expected int64) error {
	err := s.writeTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE profiles SET
			username = ?, role = ?, business_unit = ?, name = ?, public_name = ?, language = ?,
			landline = ?, mobile = ?, photo = ?, capitalize_first_letter = ?, version = ?,
			created_at = ?, updated_at = ?
			WHERE id = ? AND version = ?`,
			p.Username, p.Role, p.BusinessUnit, p.Name, p.PublicName, p.Language,
			p.Landline, p.Mobile, p.Photo, boolInt(p.Settings.CapitalizeFirstLetter), p.Version,
			toMicros(p.CreatedAt), toMicros(p.UpdatedAt),
			p.ID, expected)
		if constraint(err) == "profiles.username" {
			return profile.ErrUsernameTaken
		}
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 1 {
			return err
		}
		var stored int64
		err = tx.QueryRowContext(ctx, `SELECT version FROM profiles WHERE id = ?`, p.ID).Scan(&stored)
		if errors.Is(err, sql.ErrNoRows) {
			return profile.ErrNotFound
		}
		if err != nil {
			return err
		}
		return fmt.Errorf("at version %d (stored %d): %w", expected, stored, profile.ErrConflict)
	})
	if err != nil {
		return fail(ctx, fmt.Sprintf("update profile %s", profilekit.QuoteID(p.ID)), err)
	}
	return nil
}

// scanProfile reads one row of profileColumns.
func scanProfile(row scanner) (profile.Profile, error) {
	var p profile.Profile
	var capitalize, created, updated int64
	err := row.Scan(&p.ID, &p.Username, &p.Role, &p.BusinessUnit, &p.Name, &p.PublicName, &p.Language,
		&p.Landline, &p.Mobile, &p.Photo, &capitalize, &p.Version, &created, &updated)
	if err != nil {
		return profile.Profile{}, err
	}
	p.Settings.CapitalizeFirstLetter = capitalize != 0
	p.CreatedAt, p.UpdatedAt = fromMicros(created), fromMicros(updated)
	return p, nil
}
