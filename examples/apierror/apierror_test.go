package apierror

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/convrs/profilekit"
)

func TestEveryCodeHasAMessageAndAStatus(t *testing.T) {
	seen := map[profilekit.Code]bool{}
	for _, c := range append(profilekit.Codes(), Codes()...) {
		assert.False(t, seen[c], "%s listed twice", c)
		seen[c] = true
		assert.NotEmpty(t, Message(c), c)
		assert.True(t, Known(c), c)
		s := Status(c)
		assert.True(t, s >= 400 && s < 600, "%s → %d", c, s)
	}
	for _, c := range Codes() {
		assert.False(t, c.Known(), "%s is the HTTP layer's, yet in the library catalogue", c)
	}
	assert.False(t, Known("no.such_code"))
	assert.Equal(t, http.StatusInternalServerError, Status("no.such_code"))
}

func TestStatusesOfTheLibrarysSentinels(t *testing.T) {
	for code, want := range map[profilekit.Code]int{
		profilekit.CodeInvalid:                  http.StatusUnprocessableEntity,
		profilekit.CodeProfileNotFound:          http.StatusNotFound,
		profilekit.CodePreferencesNotFound:      http.StatusNotFound,
		profilekit.CodeProfileConflict:          http.StatusConflict,
		profilekit.CodeChatNoAgent:              http.StatusConflict,
		profilekit.CodeProfileUnsupported:       http.StatusNotImplemented,
		profilekit.CodePasswordThrottled:        http.StatusTooManyRequests,
		profilekit.CodePasswordCheckUnavailable: http.StatusServiceUnavailable,
		profilekit.CodeStoreClosed:              http.StatusServiceUnavailable,
		profilekit.CodeSessionNotFound:          http.StatusUnauthorized,
		CodeAuthRequired:                        http.StatusUnauthorized,
		CodeRouteMethod:                         http.StatusMethodNotAllowed,
	} {
		assert.Equal(t, want, Status(code), code)
	}
}

func TestRespond(t *testing.T) {
	status, p := Respond(fmt.Errorf("x: %w", &profilekit.ValidationError{Fields: []profilekit.FieldError{{Field: "name", Code: profilekit.CodeTextRequired, Message: "is required"}}}))
	assert.Equal(t, http.StatusUnprocessableEntity, status)
	assert.Equal(t, profilekit.CodeInvalid, p.Code)
	assert.Len(t, p.Fields, 1)

	status, p = Respond(errors.New("disk on fire"))
	assert.Equal(t, http.StatusInternalServerError, status)
	assert.Equal(t, Problem{Code: CodeServerInternal, Message: Message(CodeServerInternal)}, p)

	status, p = Respond(fmt.Errorf("get: %w", context.Canceled))
	assert.Equal(t, http.StatusServiceUnavailable, status)
	assert.Equal(t, CodeServerUnavailable, p.Code)

	status, p = Respond(profilekit.ErrClosed)
	assert.Equal(t, http.StatusServiceUnavailable, status)
	assert.Equal(t, profilekit.CodeStoreClosed, p.Code)
}
