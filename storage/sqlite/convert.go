package sqlite

import "time"

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
