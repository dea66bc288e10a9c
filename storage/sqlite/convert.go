package sqlite

import (
	"database/sql"
	"time"
)

// toMicros converts t to the stored form: microseconds since the Unix
// epoch, which drops anything finer than a microsecond.
func toMicros(t time.Time) int64 { return t.UnixMicro() }

// fromMicros converts a stored time back, in UTC.
func fromMicros(us int64) time.Time { return time.UnixMicro(us).UTC() }

// boolInt converts b to the stored form, 0 or 1.
func boolInt(b bool) int64 {
	if b {
		return 1
	}
	return 0
}

// toNullMicros converts t to the stored form, NULL for the zero time.
func toNullMicros(t time.Time) sql.NullInt64 {
	if t.IsZero() {
		return sql.NullInt64{}
	}
	return sql.NullInt64{Int64: toMicros(t), Valid: true}
}

// fromNullMicros converts a stored time back; NULL is the zero time.
func fromNullMicros(us sql.NullInt64) time.Time {
	if !us.Valid {
		return time.Time{}
	}
	return fromMicros(us.Int64)
}
