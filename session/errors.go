package session

import "github.com/convrs/profilekit"

// Sentinel errors of the Store contract and of the Service. Check them with
// errors.Is, or switch on their code (profilekit.CodeOf): adapters and the
// Service wrap them with detail, never with a token or a hash. Each is a
// *profilekit.Error.
var (
	// ErrNotFound reports that a token or a session ID names no live
	// session (profilekit.CodeSessionNotFound). The Service returns it
	// alike for a malformed token, an unknown one, a revoked session and
	// an expired one, so a caller cannot tell them apart: the answer to
	// each is "sign in again".
	ErrNotFound = profilekit.NewError(profilekit.CodeSessionNotFound, "session: not found")
	// ErrAlreadyExists reports that a session with the same token hash or
	// ID is stored (profilekit.CodeSessionExists). With random tokens and
	// IDs it does not happen; a Store must still refuse the duplicate.
	ErrAlreadyExists = profilekit.NewError(profilekit.CodeSessionExists, "session: already exists")
)

// ErrInvalid matches every *ValidationError with errors.Is. It is
// profilekit.ErrInvalid.
var ErrInvalid = profilekit.ErrInvalid

// ValidationError reports rejected input: it lists every problem found,
// and a call that returns it has changed nothing. Read it with errors.As.
// It is profilekit's ValidationError, the type every package of profilekit
// returns.
type ValidationError = profilekit.ValidationError

// FieldError is one problem with one input: Field is one of the Field
// constants and Code one of profilekit's Code constants.
type FieldError = profilekit.FieldError

// The names of the inputs that a FieldError's Field reports, in the
// lower-case snake words of a JSON API.
const (
	// FieldAgentID is the agent's ID, given to Create, RevokeByID,
	// RevokeOthers, RevokeAll and List.
	FieldAgentID = "agent_id"
	// FieldSessionID is a session's ID, given to RevokeByID.
	FieldSessionID = "session_id"
	// FieldReason is the Reason given to RevokeByID, RevokeOthers and
	// RevokeAll, or a Reason read from text.
	FieldReason = "reason"
)

// domain starts the text of the package's validation errors.
const domain = "session"
