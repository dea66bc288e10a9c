package password

import "github.com/convrs/profilekit"

// Changed is the event a Service raises when an agent's password has been
// changed (Change) or set (Set); upgrading a hash at sign-in raises none.
// It carries no secret: the embedding service typically revokes the
// agent's other sessions and sends a security notice. Meta's At is when
// the password was stored, and Instance is the Service's
// Options.Instance.
type Changed struct {
	profilekit.EventMeta
}

// Kind returns profilekit.EventPasswordChanged.
func (Changed) Kind() profilekit.EventKind { return profilekit.EventPasswordChanged }

var _ profilekit.Event = Changed{}
