package presence

import "github.com/convrs/profilekit"

// Sentinel errors of the Store contract and of the Tracker. Check them with
// errors.Is, or switch on their code (profilekit.CodeOf): adapters wrap them
// with detail. Each is a *profilekit.Error.
var (
	// ErrBusy reports that a chat was refused because the agent is busy
	// (profilekit.CodeAgentBusy).
	ErrBusy = profilekit.NewError(profilekit.CodeAgentBusy, "presence: agent is busy")
	// ErrOffline reports that a chat was refused because the agent has no
	// live session (profilekit.CodeAgentOffline).
	ErrOffline = profilekit.NewError(profilekit.CodeAgentOffline, "presence: agent is offline")
	// ErrFull reports that a chat was refused because the agent already
	// holds as many chats as its capacity allows (profilekit.CodeAgentFull).
	ErrFull = profilekit.NewError(profilekit.CodeAgentFull, "presence: agent is at capacity")
	// ErrChatTaken reports that another agent already holds the chat
	// (profilekit.CodeChatTaken).
	ErrChatTaken = profilekit.NewError(profilekit.CodeChatTaken, "presence: chat held by another agent")
	// ErrNotClaimed reports that the agent does not hold the chat it tried
	// to release (profilekit.CodeChatNotClaimed).
	ErrNotClaimed = profilekit.NewError(profilekit.CodeChatNotClaimed, "presence: chat not held by agent")
	// ErrNoAgent reports that Tracker.Route found no candidate to take a
	// chat: none was online, available and below capacity, or each one
	// that was became busy, offline or full before its claim, round after
	// round (profilekit.CodeChatNoAgent). Nothing changed; the chat may be
	// routed again later.
	ErrNoAgent = profilekit.NewError(profilekit.CodeChatNoAgent, "presence: no agent can take the chat")
	// ErrNoFeed reports that Watch was called on a Tracker whose store
	// cannot deliver changes: it does not implement ChangeFeed
	// (profilekit.CodePresenceNoFeed).
	ErrNoFeed = profilekit.NewError(profilekit.CodePresenceNoFeed, "presence: store has no change feed")
)

// ErrInvalid matches every *ValidationError with errors.Is. It is
// profilekit.ErrInvalid.
var ErrInvalid = profilekit.ErrInvalid

// ValidationError reports rejected input: it lists every problem found, so
// a caller can show them all at once, and a call that returns it has
// changed nothing. Read it with errors.As. It is profilekit's
// ValidationError, the type every package of profilekit returns.
type ValidationError = profilekit.ValidationError

// FieldError is one problem with one input: Field is one of the Field
// constants and Code one of profilekit's Code constants.
type FieldError = profilekit.FieldError

// The names of the inputs that a FieldError's Field reports, in the
// lower-case snake words of a JSON API.
const (
	// FieldAgentID is the agent's ID, given to every Tracker method.
	FieldAgentID = "agent_id"
	// FieldSessionID is a session's ID (Connect, Heartbeat, Disconnect).
	FieldSessionID = "session_id"
	// FieldChatID is a chat's ID (Claim, Release, Route).
	FieldChatID = "chat_id"
	// FieldReason is the busy reason of SetBusyFor.
	FieldReason = "reason"
	// FieldDuration is the busy duration of SetBusyFor.
	FieldDuration = "duration"
	// FieldCapacity is the capacity of SetCapacity.
	FieldCapacity = "capacity"
	// FieldCandidates is the candidate list of Eligible and Route, and
	// each ID in it.
	FieldCandidates = "candidates"
	// FieldStatus is a Status given as text.
	FieldStatus = "status"
	// FieldColour is a Colour given as text.
	FieldColour = "colour"
)

// domain starts the text of the package's validation errors.
const domain = "presence"
