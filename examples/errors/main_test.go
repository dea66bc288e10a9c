package main

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"path/filepath"
	"testing"

	"github.com/convrs/profilekit/examples/apierror"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/convrs/profilekit"
	"github.com/convrs/profilekit/storage/sqlite"
)

func TestEveryScenarioMapsToOneResponse(t *testing.T) {
	ctx := context.Background()
	store, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "p.db"), nil)
	require.NoError(t, err)
	t.Cleanup(func() { _ = store.Close() })
	list, err := scenarios(ctx, store)
	require.NoError(t, err)

	type want struct {
		status int
		code   profilekit.Code
		fields []profilekit.Code
	}
	wants := []want{
		{http.StatusUnprocessableEntity, profilekit.CodeInvalid, []profilekit.Code{profilekit.CodeTextRequired, profilekit.CodePhoneNotMobile}},
		{http.StatusConflict, profilekit.CodeProfileConflict, nil},
		{http.StatusForbidden, profilekit.CodeProfileForbidden, nil},
		{http.StatusNotFound, profilekit.CodeProfileNotFound, nil},
		{http.StatusUnprocessableEntity, profilekit.CodeInvalid, []profilekit.Code{profilekit.CodePasswordIncorrect}},
		{http.StatusUnprocessableEntity, profilekit.CodeInvalid, []profilekit.Code{profilekit.CodePasswordIncorrect}},
		{http.StatusConflict, profilekit.CodeAgentBusy, nil},
		{http.StatusUnprocessableEntity, profilekit.CodeInvalid, []profilekit.Code{profilekit.CodeIDInvalidChars}},
		{http.StatusServiceUnavailable, profilekit.CodeStoreClosed, nil},
	}
	require.Len(t, list, len(wants))
	for i, s := range list {
		err := s.call(ctx)
		require.Error(t, err, s.name)
		status, body := Respond(err)
		assert.Equal(t, wants[i].status, status, s.name)
		assert.Equal(t, wants[i].code, body.Code, s.name)
		assert.Equal(t, apierror.Message(body.Code), body.Message, s.name)
		var codes []profilekit.Code
		for _, f := range body.Fields {
			codes = append(codes, f.Code)
			assert.NotEmpty(t, f.Field, s.name)
		}
		assert.Equal(t, wants[i].fields, codes, s.name)
	}
}

func TestRespondWithoutACode(t *testing.T) {
	status, body := Respond(fmt.Errorf("sqlite: disk I/O: %w", errors.New("boom")))
	assert.Equal(t, http.StatusInternalServerError, status)
	assert.Equal(t, apierror.CodeServerInternal, body.Code)
	assert.NotContains(t, body.Message, "boom", "internal error text leaked")

	status, body = Respond(fmt.Errorf("x: %w", context.DeadlineExceeded))
	assert.Equal(t, http.StatusServiceUnavailable, status)
	assert.Equal(t, apierror.CodeServerUnavailable, body.Code)

	// A bare ErrInvalid (no field list) is still a 422 and never panics.
	status, body = Respond(fmt.Errorf("x: %w", profilekit.ErrInvalid))
	assert.Equal(t, http.StatusUnprocessableEntity, status)
	assert.Empty(t, body.Fields)
}

func TestRun(t *testing.T) {
	require.NoError(t, run(context.Background()))
}
