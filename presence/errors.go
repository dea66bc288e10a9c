package presence

import (
	"errors"
	"strings"
)

// Sentinel errors of the Store contract and of the Tracker. Check them with
// errors.Is: adapters and the Tracker wrap them with detail.
var (
	// ErrBusy reports that a chat was refused because the agent is busy.
	ErrBusy = errors.New("presence: agent is busy")
	// ErrOffline reports that a chat was refused because the agent has no
	// live session.
	ErrOffline = errors.New("presence: agent is offline")
	// ErrFull reports that a chat was refused because the agent already
	// holds as many chats as its capacity allows.
	ErrFull = errors.New("presence: agent is at capacity")
	// ErrChatTaken reports that another agent already holds the chat.
	ErrChatTaken = errors.New("presence: chat held by another agent")
	// ErrNotClaimed reports that the agent does not hold the chat it tried
	// to release.
	ErrNotClaimed = errors.New("presence: chat not held by agent")
	// ErrNoFeed reports that Watch was called on a Tracker whose store
	// cannot deliver changes: it does not implement ChangeFeed.
	ErrNoFeed = errors.New("presence: store has no change feed")
)

// ValidationError reports rejected input. It lists every problem found, so
// a caller can show them all at once. Read it with errors.As.
type ValidationError struct {
	// Fields lists the problems, in the order of the arguments.
	Fields []FieldError
}

// FieldError is one problem with one input.
type FieldError struct {
	// Field names the input: "agent", "session", "chat", "reason",
	// "duration", "capacity", "candidates", "status" or "colour".
	Field string
	// Code is a stable, machine-readable identifier such as "agent.empty"
	// or "reason.too_long".
	Code string
	// Message explains the problem in English.
	Message string
}

// Error lists every problem, each as "field: message".
func (e *ValidationError) Error() string {
	var b strings.Builder
	b.WriteString("presence: invalid input")
	for i, f := range e.Fields {
		if i == 0 {
			b.WriteString(": ")
		} else {
			b.WriteString("; ")
		}
		b.WriteString(f.Field)
		b.WriteString(": ")
		b.WriteString(f.Message)
	}
	return b.String()
}
