package main

import (
	"context"
	"errors"
	"log/slog"
	"math"
	"net/http"
	"strconv"
	"strings"

	"github.com/convrs/profilekit/examples/apierror"

	"github.com/convrs/profilekit"
	"github.com/convrs/profilekit/password"
	"github.com/convrs/profilekit/profile"
)

// The server's own refusals, as errors of the shared model so that
// writeError maps them like any library error.
var (
	errAuthRequired   = profilekit.NewError(apierror.CodeAuthRequired, "server: not signed in")
	errAuthFailed     = profilekit.NewError(apierror.CodeAuthFailed, "server: sign-in refused")
	errAdminOnly      = profilekit.NewError(apierror.CodeAuthAdminOnly, "server: administrators only")
	errMalformed      = profilekit.NewError(apierror.CodeRequestMalformed, "server: malformed request body")
	errTooLarge       = profilekit.NewError(apierror.CodeRequestTooLarge, "server: request body too large")
	errDuplicateKey   = profilekit.NewError(apierror.CodeRequestDuplicateKey, "server: a name appears twice in a JSON object")
	errMediaType      = profilekit.NewError(apierror.CodeRequestMediaType, "server: wrong content type")
	errCrossOrigin    = profilekit.NewError(apierror.CodeRequestCrossOrigin, "server: cross-origin request refused")
	errRouteNotFound  = profilekit.NewError(apierror.CodeRouteNotFound, "server: no such route")
	errRouteMethod    = profilekit.NewError(apierror.CodeRouteMethod, "server: method not allowed")
	errShuttingDown   = profilekit.NewError(apierror.CodeServerUnavailable, "server: shutting down")
	errVersionMissing = invalid(profilekit.FieldError{
		Field: "version", Code: apierror.CodeVersionRequired, Message: apierror.Message(apierror.CodeVersionRequired),
	})
)

// profileInvalid is a validation error of one field with code.
func profileInvalid(field string, code profilekit.Code) error {
	return invalid(profilekit.FieldError{Field: field, Code: code, Message: code.Message()})
}

// invalid is the server's own rejection of request fields, in the shared
// error model so that writeError answers it like a library's.
func invalid(fields ...profilekit.FieldError) error {
	return &profilekit.ValidationError{Fields: fields}
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

// writeError answers err as JSON: the one function that turns the shared
// error model (profilekit.CodeOf, ValidationError fields, the forbidden
// fields, the current version of a conflict, a throttle's wait) into HTTP.
// Anything without a known code is a 500 whose text goes to the log only.
func writeError(w http.ResponseWriter, r *http.Request, log *slog.Logger, err error) {
	code := profilekit.CodeOf(err)
	if code == "" || !apierror.Known(code) {
		switch {
		case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
			code = apierror.CodeServerUnavailable
		default:
			code = apierror.CodeServerInternal
		}
	}
	status := apierror.Status(code)
	body := errorBody{Code: code, Message: apierror.Message(code), RequestID: requestID(r.Context())}
	var verr *profilekit.ValidationError
	if errors.As(err, &verr) {
		body.Code, body.Message = profilekit.CodeInvalid, apierror.Message(profilekit.CodeInvalid)
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
