package redis

import (
	"github.com/convrs/profilekit"
	"github.com/convrs/profilekit/internal/kit"
)

// domain names the domain this package serves in its *ValidationError
// values: presence's (see profilekit.ValidationError.Domain).
const domain = "presence"

// FieldTime is Options.Time, a TimeSource given as text, in
// FieldError.Field.
const FieldTime = "time"

// timeSourceText is the text form of TimeSource.
var timeSourceText = kit.Enum[TimeSource]{
	Type: "TimeSource", Domain: domain, Field: FieldTime, Code: profilekit.CodeTimeSourceUnknown,
	Names: []string{CallerTime: "caller", ServerTime: "server"},
}

// String returns "caller" or "server", or "TimeSource(n)" for a value that
// is not one of the constants.
func (t TimeSource) String() string { return timeSourceText.String(t) }

// MarshalText implements encoding.TextMarshaler with the String form. It
// fails with a *profilekit.ValidationError (FieldTime,
// profilekit.CodeTimeSourceUnknown) for a value that is not one of the
// constants.
func (t TimeSource) MarshalText() ([]byte, error) { return timeSourceText.Marshal(t) }

// UnmarshalText implements encoding.TextUnmarshaler, so that a
// configuration file or a flag can name the time source. It accepts
// exactly "caller" and "server" and fails with a
// *profilekit.ValidationError (FieldTime, profilekit.CodeTimeSourceUnknown)
// for anything else, leaving t unchanged.
func (t *TimeSource) UnmarshalText(text []byte) error { return timeSourceText.Unmarshal(text, t) }
