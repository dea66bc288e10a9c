// Package apierror is the one place the examples turn profilekit's errors
// into HTTP: the table from every code to a status (Status), the codes of
// the HTTP layer itself (sign-in, request shape, routing), which are not
// the library's, and Respond, which maps any error with one errors.As and
// one switch. examples/errors prints what it answers; examples/server
// answers with it. A service embedding profilekit copies this package and
// adjusts the table to its own API.
package apierror

import (
	"context"
	"errors"
	"net/http"

	"github.com/convrs/profilekit"
)

// Codes of the HTTP layer's own refusals. They are codes of the examples,
// not of the library: profilekit's catalogue does not list them, Message
// and Codes here do.
const (
	// CodeAuthRequired means that the request needs a signed-in session.
	CodeAuthRequired profilekit.Code = "auth.required"
	// CodeAuthFailed means that a sign-in was refused: the username or the
	// password is wrong (the two are not told apart).
	CodeAuthFailed profilekit.Code = "auth.failed"
	// CodeAuthAdminOnly means that only an administrator may do this.
	CodeAuthAdminOnly profilekit.Code = "auth.admin_only"
	// CodeRequestMalformed means that a request body is not JSON of the
	// expected shape.
	CodeRequestMalformed profilekit.Code = "request.malformed"
	// CodeRequestDuplicateKey means that a JSON object of the request body
	// holds a name twice (ignoring case), at any depth.
	CodeRequestDuplicateKey profilekit.Code = "request.duplicate_key"
	// CodeRequestTooLarge means that a request body is larger than allowed.
	CodeRequestTooLarge profilekit.Code = "request.too_large"
	// CodeRequestHeaderTooLarge means that the request's header fields are
	// larger than the server reads.
	CodeRequestHeaderTooLarge profilekit.Code = "request.header_too_large"
	// CodeRequestMediaType means that a request body has the wrong content
	// type.
	CodeRequestMediaType profilekit.Code = "request.unsupported_media_type"
	// CodeRequestCrossOrigin means that a cross-origin state-changing
	// request was refused.
	CodeRequestCrossOrigin profilekit.Code = "request.cross_origin"
	// CodeRouteNotFound means that no route matches the path.
	CodeRouteNotFound profilekit.Code = "route.not_found"
	// CodeRouteMethod means that the route does not take the method.
	CodeRouteMethod profilekit.Code = "route.method_not_allowed"
	// CodeServerInternal means that the server failed; the details are in
	// its log, not in the answer.
	CodeServerInternal profilekit.Code = "server.internal"
	// CodeServerUnavailable means that the server cannot answer now.
	CodeServerUnavailable profilekit.Code = "server.unavailable"
	// CodeVersionRequired means that a write did not name the version it
	// was based on.
	CodeVersionRequired profilekit.Code = "version.required"
)

// messages are the English messages of the HTTP layer's codes.
var messages = [...]struct {
	code    profilekit.Code
	message string
}{
	{CodeAuthRequired, "sign in first"},
	{CodeAuthFailed, "the username or the password is wrong"},
	{CodeAuthAdminOnly, "only an administrator may do this"},
	{CodeRequestMalformed, "the request is not valid JSON of the expected shape"},
	{CodeRequestDuplicateKey, "the request names a field twice"},
	{CodeRequestTooLarge, "the request is too large"},
	{CodeRequestHeaderTooLarge, "the request's header fields are too large"},
	{CodeRequestMediaType, "the request has the wrong content type"},
	{CodeRequestCrossOrigin, "cross-origin requests are refused"},
	{CodeRouteNotFound, "no such route"},
	{CodeRouteMethod, "the route does not accept this method"},
	{CodeServerInternal, "something went wrong on the server; try again"},
	{CodeServerUnavailable, "the server cannot answer now; try again"},
	{CodeVersionRequired, "is required: the version the change is based on"},
}

// Codes returns the HTTP layer's codes, in the order of the constants.
// With profilekit.Codes it is every code an answer of the examples can
// carry.
func Codes() []profilekit.Code {
	out := make([]profilekit.Code, len(messages))
	for i, m := range messages {
		out[i] = m.code
	}
	return out
}

// Message returns the English message of code: the HTTP layer's own, or
// the library catalogue's; "" for a code neither knows.
func Message(code profilekit.Code) string {
	for _, m := range messages {
		if m.code == code {
			return m.message
		}
	}
	return code.Message()
}

// Known reports whether code is the HTTP layer's or in the library's
// catalogue.
func Known(code profilekit.Code) bool { return Message(code) != "" }

// Status returns the HTTP status of an error with code: the one table of
// the examples. An unknown code is a 500.
func Status(code profilekit.Code) int {
	switch code {
	case profilekit.CodeInvalid, CodeVersionRequired:
		return http.StatusUnprocessableEntity
	case CodeRequestMalformed, CodeRequestDuplicateKey:
		return http.StatusBadRequest
	case CodeAuthRequired, CodeAuthFailed, profilekit.CodeSessionNotFound:
		return http.StatusUnauthorized
	case CodeAuthAdminOnly, CodeRequestCrossOrigin, profilekit.CodeProfileForbidden:
		return http.StatusForbidden
	case CodeRouteNotFound, profilekit.CodeProfileNotFound, profilekit.CodeCredentialNotFound, profilekit.CodePreferencesNotFound:
		return http.StatusNotFound
	case CodeRouteMethod:
		return http.StatusMethodNotAllowed
	case profilekit.CodeProfileConflict, profilekit.CodeProfileLastAdmin, profilekit.CodeCredentialConflict, profilekit.CodePreferencesConflict, profilekit.CodeProfileExists,
		profilekit.CodeAgentBusy, profilekit.CodeAgentOffline, profilekit.CodeAgentFull,
		profilekit.CodeChatTaken, profilekit.CodeChatNotClaimed, profilekit.CodeChatNoAgent, profilekit.CodeWebhookReplayed:
		return http.StatusConflict
	case CodeRequestTooLarge:
		return http.StatusRequestEntityTooLarge
	case CodeRequestHeaderTooLarge:
		return http.StatusRequestHeaderFieldsTooLarge
	case CodeRequestMediaType:
		return http.StatusUnsupportedMediaType
	case profilekit.CodePasswordThrottled, profilekit.CodeFeedTooManyStreams:
		return http.StatusTooManyRequests
	case profilekit.CodeProfileUnsupported:
		// The configured store lacks the ability (profile.ErrUnsupported):
		// no retry helps until the server runs on another.
		return http.StatusNotImplemented
	case CodeServerUnavailable, profilekit.CodeStoreClosed, profilekit.CodeStoreLocked, profilekit.CodePasswordCheckUnavailable,
		profilekit.CodeNotifierClosed, profilekit.CodeNotifyUndelivered, profilekit.CodePresenceNoFeed, profilekit.CodeWebhookGuardFull:
		return http.StatusServiceUnavailable
	}
	return http.StatusInternalServerError
}

// Problem is the JSON body of an error answer.
type Problem struct {
	// Code is the stable code of the error; server.internal (or
	// server.unavailable for a cancelled request) when it has none.
	Code profilekit.Code `json:"code"`
	// Message is the English message of Code.
	Message string `json:"message"`
	// Fields lists every rejected field of a *profilekit.ValidationError.
	Fields []profilekit.FieldError `json:"fields,omitempty"`
}

// Respond maps err to an HTTP status and a body: one errors.As and one
// switch on the code (Status). An error without a known code answers
// server.internal, or server.unavailable when its context ended; its text
// is not in the answer (log it).
func Respond(err error) (int, Problem) {
	code := profilekit.CodeOf(err)
	if code == "" || !Known(code) {
		code = CodeServerInternal
		if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
			code = CodeServerUnavailable
		}
	}
	p := Problem{Code: code, Message: Message(code)}
	var verr *profilekit.ValidationError
	if errors.As(err, &verr) {
		p.Code, p.Message, p.Fields = profilekit.CodeInvalid, Message(profilekit.CodeInvalid), verr.Fields
	}
	return Status(p.Code), p
}
