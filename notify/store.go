package notify

import "context"

// PreferenceStore persists notification preferences. It is the part of a
// storage adapter that the Dispatcher uses; storage.Store embeds it.
//
// Adapters only persist and load: the Dispatcher validates, fills in
// defaults and assigns versions and times before it calls a
// PreferenceStore. Kinds and sounds are names (ValidName), so an adapter
// may keep Alerts as a JSON document, one row per kind or any other form
// that takes new kinds without a schema change.
//
// Every method must be safe for concurrent use, must honour ctx (a
// cancelled context returns an error that wraps ctx.Err()), and must
// neither keep nor share the values it is given or returns: a caller that
// changes a returned Preferences, its Alerts included, changes nothing
// stored.
type PreferenceStore interface {
	// GetNotificationPreferences returns the saved preferences of the
	// agent agentID. It must fail with an error wrapping ErrNotFound when
	// the agent has never saved.
	GetNotificationPreferences(ctx context.Context, agentID string) (Preferences, error)

	// SetNotificationPreferences stores p as the preferences of p.AgentID
	// if, and only if, the stored version equals expected; expected 0
	// means that none may be stored yet. p.Version carries the new
	// version, which the Dispatcher sets to expected+1. It must fail with
	// an error wrapping ErrConflict when expected is 0 and preferences
	// exist or when the stored version differs from expected, and with one
	// wrapping ErrNotFound when expected is not 0 and none are stored. The
	// check and the write must be atomic: of two writers that name the
	// same expected version, at most one succeeds. On failure nothing is
	// changed. Every field but Default must round-trip exactly: Alerts
	// whole (nil and empty alike come back empty), SavedAt in UTC to the
	// microsecond.
	SetNotificationPreferences(ctx context.Context, p Preferences, expected int64) error
}
