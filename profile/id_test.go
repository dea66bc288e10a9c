package profile_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/convrs/profilekit"
	"github.com/convrs/profilekit/profile"
	"github.com/convrs/profilekit/profile/profilemock"
	"github.com/convrs/profilekit/storage/memory"
)

// Every method checks the ID with profilekit's rule, under FieldID, before
// the store sees it: the mock has no functions, so a call would panic.
func TestInvalidIDNeverReachesTheStore(t *testing.T) {
	ctx := context.Background()
	svc := profile.New(&profilemock.StoreMock{}, nil)
	for _, tt := range []struct {
		id   string
		code profilekit.Code
	}{
		{"", profilekit.CodeIDRequired},
		{strings.Repeat("a", profilekit.MaxIDLength+1), profilekit.CodeIDTooLong},
		{strings.Repeat("a", 1<<20), profilekit.CodeIDTooLong},
		{"has space", profilekit.CodeIDInvalidChars},
		{"nul\x00", profilekit.CodeIDInvalidChars},
		{"\xff", profilekit.CodeIDInvalidChars},
		{"zoë", profilekit.CodeIDInvalidChars},
	} {
		calls := map[string]func() error{
			"Get":            func() error { _, err := svc.Get(ctx, tt.id); return err },
			"Update":         func() error { _, err := svc.Update(ctx, tt.id, 1, profile.Patch{Name: new("X")}); return err },
			"AdminUpdate":    func() error { _, err := svc.AdminUpdate(ctx, tt.id, 1, profile.Patch{Role: new("X")}); return err },
			"UpdateSettings": func() error { _, err := svc.UpdateSettings(ctx, tt.id, 1, profile.Settings{}); return err },
			"SetPhoto":       func() error { _, err := svc.SetPhoto(ctx, tt.id, 1, "p.webp"); return err },
		}
		if tt.id != "" { // an empty NewAgent.ID asks for a new one
			calls["Create"] = func() error {
				_, err := svc.Create(ctx, profile.NewAgent{ID: tt.id, Username: "kim", Role: "agent", Name: "Kim", PublicName: "Kim"})
				return err
			}
		}
		for name, call := range calls {
			err := call()
			var verr *profile.ValidationError
			require.ErrorAs(t, err, &verr, "%s(%.20q)", name, tt.id)
			assert.Equal(t, []profilekit.Code{tt.code}, verr.Codes(), "%s(%.20q)", name, tt.id)
			assert.Equal(t, profile.FieldID, verr.Fields[0].Field)
			if tt.code == profilekit.CodeIDTooLong {
				assert.Equal(t, map[string]any{"max": profilekit.MaxIDLength}, verr.Fields[0].Params)
			}
			assert.Less(t, len(err.Error()), 200, "%s(%.20q) echoes the ID", name, tt.id)
		}
	}
}

// A generated ID passes the same rule.
func TestNewIDIsChecked(t *testing.T) {
	svc := profile.New(memory.New(), &profile.Options{NewID: func() (string, error) { return "has space", nil }})
	_, err := svc.Create(context.Background(), profile.NewAgent{Username: "kim", Role: "agent", Name: "Kim", PublicName: "Kim"})
	var verr *profile.ValidationError
	require.ErrorAs(t, err, &verr)
	assert.Equal(t, []profilekit.Code{profilekit.CodeIDInvalidChars}, verr.Codes())
}

// Context is added once: the store's error comes back as the store wrote
// it, and the Service's own errors quote at most a short ID prefix.
func TestErrorTextsAddContextOnce(t *testing.T) {
	ctx := context.Background()
	svc, _ := newService(t)
	_, err := svc.Get(ctx, "nobody")
	assert.EqualError(t, err, `memory: get profile "nobody": profile: not found`)
	_, err = svc.Update(ctx, "nobody", 1, profile.Patch{Name: new("X")})
	assert.EqualError(t, err, `memory: get profile "nobody": profile: not found`)

	long := strings.Repeat("x", profilekit.MaxIDLength)
	a := ada()
	a.ID = long
	p, err := svc.Create(ctx, a)
	require.NoError(t, err)
	_, err = svc.Update(ctx, p.ID, p.Version+1, profile.Patch{Name: new("X")})
	require.ErrorIs(t, err, profile.ErrConflict)
	assert.EqualError(t, err, `profile: update "xxxxxxxxxxxx"… at version 2 (current 1): profile: version conflict`)
	_, err = svc.Create(ctx, a)
	require.ErrorIs(t, err, profile.ErrAlreadyExists)
	assert.NotContains(t, err.Error(), long)
}

// Sentinels and error types carry their codes.
func TestErrorCodes(t *testing.T) {
	for err, code := range map[error]profilekit.Code{
		profile.ErrNotFound:           profilekit.CodeProfileNotFound,
		profile.ErrConflict:           profilekit.CodeProfileConflict,
		profile.ErrAlreadyExists:      profilekit.CodeProfileExists,
		profile.ErrUsernameTaken:      profilekit.CodeUsernameTaken,
		profile.ErrUsernameConfusable: profilekit.CodeUsernameConfusable,
		profile.ErrForbidden:          profilekit.CodeProfileForbidden,
		profile.ErrInvalid:            profilekit.CodeInvalid,
		&profile.ForbiddenError{}:     profilekit.CodeProfileForbidden,
	} {
		assert.Equal(t, code, profilekit.CodeOf(err), "%v", err)
		assert.True(t, code.Known(), code)
	}
	assert.ErrorIs(t, &profile.ForbiddenError{Fields: []string{profile.FieldRole}}, profile.ErrForbidden)

	b, err := json.Marshal(&profile.ForbiddenError{Fields: []string{profile.FieldRole}})
	require.NoError(t, err)
	assert.JSONEq(t, `{"fields":["role"]}`, string(b))
	b, err = json.Marshal(profile.Saved{
		EventMeta: profilekit.EventMeta{AgentID: "a1", At: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC), Instance: "i"},
		Version:   2, Fields: []string{profile.FieldName},
	})
	require.NoError(t, err)
	assert.JSONEq(t, `{"agent_id":"a1","at":"2026-01-02T03:04:05Z","instance":"i","version":2,"fields":["name"]}`, string(b))
}
