package password

import (
	"context"
	"time"
)

// Changed is the event a Service sends when an agent's password has been
// changed or set. It carries no secret. The embedding service typically
// revokes the agent's other sessions and sends a security notice.
type Changed struct {
	// AgentID is the agent whose password changed.
	AgentID string `json:"agent_id"`
	// At is when the change was stored, in UTC to the microsecond.
	At time.Time `json:"at"`
}

// Observer receives the Service's events. The embedding service provides
// it in Options.Observer.
type Observer interface {
	// Changed is called once for every stored password change, after the
	// write and before Change or Set returns, with the caller's context. It
	// must be safe for concurrent use and should return quickly (hand slow
	// work to a queue). The change is already stored, so Changed has no way
	// to undo it and returns nothing.
	Changed(ctx context.Context, e Changed)
}
