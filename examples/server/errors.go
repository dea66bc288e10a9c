package main

import (
	"context"
	"errors"
	"log/slog"
	"math"
	"net/http"
	"strconv"
	"strings"

	"github.com/convrs/profilekit"
	"github.com/convrs/profilekit/password"
	"github.com/convrs/profilekit/profile"
)

// The server's own refusals, as errors of the shared model so that
// writeError maps them like any library error.
var (
	errAuthRequired   = profilekit.NewError(profilekit.CodeAuthRequired, "server: not signed in")
	errAuthFailed     = profilekit.NewError(profilekit.CodeAuthFailed, "server: sign-in refused")
	errAdminOnly      = profilekit.NewError(profilekit.CodeAuthAdminOnly, "server: administrators only")
	errMalformed      = profilekit.NewError(profilekit.CodeRequestMalformed, "server: malformed request body")
	errTooLarge       = profilekit.NewError(profilekit.CodeRequestTooLarge, "server: request body too large")
	errMediaType      = profilekit.NewError(profilekit.CodeRequestMediaType, "server: wrong content type")
	errCrossOrigin    = profilekit.NewError(profilekit.CodeRequestCrossOrigin, "server: cross-origin request refused")
	errRouteNotFound  = profilekit.NewError(profilekit.CodeRouteNotFound, "server: no such route")
	errRouteMethod    = profilekit.NewError(profilekit.CodeRouteMethod, "server: method not allowed")
	errNoAgent        = profilekit.NewError(profilekit.CodeChatNoAgent, "server: no eligible agent")
	errShuttingDown   = profilekit.NewError(profilekit.CodeServerUnavailable, "server: shutting down")
	errVersionMissing = profilekit.Invalid("server", profilekit.FieldError{
		Field: "version", Code: profilekit.CodeVersionRequired, Message: profilekit.CodeVersionRequired.Message(),
	})
)

// profileInvalid is a validation error of one field with code.
func profileInvalid(field string, code profilekit.Code) error {
	return profilekit.Invalid("server", profilekit.FieldError{Field: field, Code: code, Message: code.Message()})
}

// conflictError is a version conflict together with the version now
// stored, which the client needs to reload and retry.
type conflictError struct {
	err     error
	current int64
}

func (e *conflictError) Error() string { return e.err.Error() }
func (e *conflictError) Unwrap() error { return e.err }

// errorBody is the JSON of every error answer.
type errorBody struct {
	Code           profilekit.Code         `json:"code"`
	Message        string                  `json:"message"`
	Fields         []profilekit.FieldError `json:"fields,omitempty"`
	Forbidden      []string                `json:"forbidden_fields,omitempty"`
	CurrentVersion int64                   `json:"current_version,omitempty"`
	RetryAfter     int64                   `json:"retry_after_seconds,omitempty"`
	RequestID      string                  `json:"request_id,omitempty"`
}

// statusOf maps a code of the shared error model to an HTTP status. It is
// the only place in the server that knows HTTP statuses of domain errors.
func statusOf(code profilekit.Code) int {
	switch code {
	case profilekit.CodeInvalid:
		return http.StatusUnprocessableEntity
	case profilekit.CodeAuthRequired, profilekit.CodeAuthFailed:
		return http.StatusUnauthorized
	case profilekit.CodeAuthAdminOnly, profilekit.CodeProfileForbidden, profilekit.CodeRequestCrossOrigin:
		return http.StatusForbidden
	case profilekit.CodeProfileNotFound, profilekit.CodeCredentialNotFound, profilekit.CodePreferencesNotFound, profilekit.CodeRouteNotFound:
		return http.StatusNotFound
	case profilekit.CodeRouteMethod:
		return http.StatusMethodNotAllowed
	case profilekit.CodeProfileConflict, profilekit.CodeCredentialConflict, profilekit.CodePreferencesConflict, profilekit.CodeProfileExists,
		profilekit.CodeAgentBusy, profilekit.CodeAgentOffline, profilekit.CodeAgentFull,
		profilekit.CodeChatTaken, profilekit.CodeChatNotClaimed, profilekit.CodeChatNoAgent:
		return http.StatusConflict
	case profilekit.CodePasswordThrottled:
		return http.StatusTooManyRequests
	case profilekit.CodeRequestMalformed:
		return http.StatusBadRequest
	case profilekit.CodeRequestTooLarge:
		return http.StatusRequestEntityTooLarge
	case profilekit.CodeRequestMediaType:
		return http.StatusUnsupportedMediaType
	case profilekit.CodeStoreClosed, profilekit.CodeStoreLocked, profilekit.CodeServerUnavailable, profilekit.CodeNotifierClosed, profilekit.CodeNotifyUndelivered, profilekit.CodePresenceNoFeed:
		return http.StatusServiceUnavailable
	}
	return http.StatusInternalServerError
}

// writeError answers err as JSON: the one function that turns the shared
// error model (profilekit.CodeOf, ValidationError fields, the forbidden
// fields, the current version of a conflict, a throttle's wait) into HTTP.
// Anything without a known code is a 500 whose text goes to the log only.
func writeError(w http.ResponseWriter, r *http.Request, log *slog.Logger, err error) {
	code := profilekit.CodeOf(err)
	if code == "" || !code.Known() {
		switch {
		case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
			code = profilekit.CodeServerUnavailable
		default:
			code = profilekit.CodeServerInternal
		}
	}
	status := statusOf(code)
	body := errorBody{Code: code, Message: code.Message(), RequestID: requestID(r.Context())}
	var verr *profilekit.ValidationError
	if errors.As(err, &verr) {
		body.Code, body.Message = profilekit.CodeInvalid, profilekit.CodeInvalid.Message()
		body.Fields = verr.Fields
		status = http.StatusUnprocessableEntity
	}
	var ferr *profile.ForbiddenError
	if errors.As(err, &ferr) {
		body.Forbidden = ferr.Fields
	}
	var cerr *conflictError
	if errors.As(err, &cerr) {
		body.CurrentVersion = cerr.current
	}
	var terr *password.ThrottledError
	if errors.As(err, &terr) {
		body.RetryAfter = int64(math.Ceil(terr.RetryAfter.Seconds()))
		w.Header().Set("Retry-After", strconv.FormatInt(body.RetryAfter, 10))
	}
	var merr *methodError
	if errors.As(err, &merr) {
		w.Header().Set("Allow", strings.Join(merr.allow, ", "))
	}
	if status == http.StatusUnauthorized {
		w.Header().Set("WWW-Authenticate", `Cookie realm="profilekit"`)
	}
	if status >= 500 {
		log.ErrorContext(r.Context(), "request failed", "request_id", body.RequestID, "code", string(code), "err", err.Error())
	}
	writeJSON(w, status, body)
}
