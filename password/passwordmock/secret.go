package passwordmock

import (
	"fmt"
	"io"

	"github.com/convrs/profilekit/password"
)

// redacted is what a Secret or a SecretCredential prints.
const redacted = "[redacted]"

// Secret is a password or a hash as the mocks receive and record it. Every
// fmt verb, String, GoString, JSON and text encoding print "[redacted]";
// Reveal returns the value, for a test's assertions and a mock's
// functions. The value is held in a function, which fmt prints as an
// address, so even where fmt cannot call Secret's methods (inside an
// unexported field, such as a mock's own call records) it never prints the
// value.
//
// The zero Secret reveals "".
type Secret struct {
	value func() string
}

// NewSecret returns a Secret holding s.
func NewSecret(s string) Secret { return Secret{value: func() string { return s }} }

// Reveal returns the value.
func (s Secret) Reveal() string {
	if s.value == nil {
		return ""
	}
	return s.value()
}

// String returns "[redacted]".
func (Secret) String() string { return redacted }

// GoString returns "[redacted]", for the %#v verb.
func (Secret) GoString() string { return redacted }

// Format writes "[redacted]" for every verb and flag.
func (Secret) Format(f fmt.State, _ rune) { _, _ = io.WriteString(f, redacted) }

// MarshalJSON returns the JSON string "[redacted]".
func (Secret) MarshalJSON() ([]byte, error) { return []byte(`"` + redacted + `"`), nil }

// MarshalText returns "[redacted]", for encoders that use text.
func (Secret) MarshalText() ([]byte, error) { return []byte(redacted), nil }

// SecretCredential is a password.Credential as CredentialStoreMock
// receives and records it: it prints, and encodes as JSON, as
// "[redacted]", and Reveal returns a copy of the credential. Like Secret,
// it holds the credential in a function, so no fmt verb shows its hashes
// even from inside the mock's unexported fields.
//
// The zero SecretCredential reveals the zero Credential.
type SecretCredential struct {
	value func() password.Credential
}

// NewSecretCredential returns a SecretCredential holding a copy of c.
func NewSecretCredential(c password.Credential) SecretCredential {
	c.History = append([]string(nil), c.History...)
	return SecretCredential{value: func() password.Credential {
		out := c
		out.History = append([]string(nil), c.History...)
		return out
	}}
}

// Reveal returns a copy of the credential.
func (s SecretCredential) Reveal() password.Credential {
	if s.value == nil {
		return password.Credential{}
	}
	return s.value()
}

// String returns "[redacted]".
func (SecretCredential) String() string { return redacted }

// GoString returns "[redacted]", for the %#v verb.
func (SecretCredential) GoString() string { return redacted }

// Format writes "[redacted]" for every verb and flag.
func (SecretCredential) Format(f fmt.State, _ rune) { _, _ = io.WriteString(f, redacted) }

// MarshalJSON returns the JSON string "[redacted]".
func (SecretCredential) MarshalJSON() ([]byte, error) { return []byte(`"` + redacted + `"`), nil }
