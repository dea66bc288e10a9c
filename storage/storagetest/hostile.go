package storagetest

import (
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/convrs/profilekit/notify"
	"github.com/convrs/profilekit/password"
	"github.com/convrs/profilekit/presence"
	"github.com/convrs/profilekit/profile"
)

// The services refuse IDs that break profilekit.CheckID before a store
// sees them, but a store must be safe on its own: an error about an ID
// quotes at most a short prefix of it (driver.QuoteID), and an ID that
// the backend cannot hold (a NUL byte, invalid UTF-8) is simply not there.

// maxErrorText is the longest error text, in bytes, the hostile-ID cases
// accept: an error must not echo a long ID.
const maxErrorText = 200

// hugeID returns an ID of 1 MB.
func hugeID() string { return strings.Repeat("x", 1<<20) }

// unstorableIDs returns IDs that no backend need be able to hold: each must
// read as missing. "a1\x00" also catches a backend that cuts text at NUL
// and would find "a1".
func unstorableIDs() []string { return []string{"a1\x00", "a\x00b", "\xff\xfe", "a1\xc3"} }

// assertShortError checks that err is not nil and its text is short.
func assertShortError(t *testing.T, err error, call string) {
	t.Helper()
	if assert.Error(t, err, call) {
		assert.Less(t, len(err.Error()), maxErrorText, "%s: the error echoes the ID: %.300q", call, err.Error())
	}
}

// hostileProfileIDs checks creating a profile with a 1 MB ID (reading and
// updating one is ErrorsQuoteAShortIDPrefix) and every call with IDs the
// backend cannot hold.
func hostileProfileIDs(t *testing.T, open openProfile) {
	ctx := context.Background()
	huge := hugeID()
	s := open(t)
	require.NoError(t, s.CreateProfile(ctx, sampleProfile("a1", "u1")))

	p := sampleProfile(huge, "huge")
	// A backend may refuse to store the ID (an index entry has a size
	// limit), but must say so briefly.
	if err := s.CreateProfile(ctx, p); err != nil {
		assertShortError(t, err, "CreateProfile")
	} else {
		p.Username = "huge2"
		err := s.CreateProfile(ctx, p)
		assert.ErrorIs(t, err, profile.ErrAlreadyExists)
		assertShortError(t, err, "CreateProfile again")
	}

	for _, id := range unstorableIDs() {
		_, err := s.GetProfile(ctx, id)
		assert.ErrorIs(t, err, profile.ErrNotFound, "GetProfile(%q)", id)
		p := sampleProfile(id, "other")
		p.Version = 2
		assert.ErrorIs(t, s.UpdateProfile(ctx, p, 1), profile.ErrNotFound, "UpdateProfile(%q)", id)
	}
	got, err := s.GetProfile(ctx, "a1")
	require.NoError(t, err)
	assert.Equal(t, int64(1), got.Version, "an update of another ID changed a1")
}

// hostileCredentialIDs checks creating a credential with a 1 MB ID
// (reading and updating one is in GetMissing) and every call with IDs the
// backend cannot hold.
func hostileCredentialIDs(t *testing.T, newStore func(t *testing.T) password.CredentialStore) {
	ctx := context.Background()
	huge := hugeID()
	s := open(t, newStore)
	require.NoError(t, s.SetCredential(ctx, sampleCredential("a1"), 0))

	c := sampleCredential("a1")
	c.AgentID = huge
	if err := s.SetCredential(ctx, c, 0); err != nil {
		assertShortError(t, err, "SetCredential (create)")
	} else {
		err := s.SetCredential(ctx, c, 0)
		assert.ErrorIs(t, err, password.ErrConflict)
		assertShortError(t, err, "SetCredential (create again)")
	}

	for _, id := range unstorableIDs() {
		_, err := s.GetCredential(ctx, id)
		assert.ErrorIs(t, err, password.ErrNotFound, "GetCredential(%q)", id)
		c := sampleCredential(id)
		c.Version = 2
		assert.ErrorIs(t, s.SetCredential(ctx, c, 1), password.ErrNotFound, "SetCredential(%q)", id)
	}
	got, err := s.GetCredential(ctx, "a1")
	require.NoError(t, err)
	assert.Equal(t, int64(1), got.Version, "an update of another ID changed a1")
}

// hostilePresenceIDs checks presence.Store with a 1 MB ID and with IDs the
// backend cannot hold.
func hostilePresenceIDs(t *testing.T, newStore openPresence) {
	ctx := context.Background()
	now := base
	huge := hugeID()
	s := open(t, newStore)
	_, err := s.TouchSession(ctx, "a1", "tab", now.Add(sessionTTL), now)
	require.NoError(t, err)

	r, err := s.GetPresence(ctx, huge, now)
	require.NoError(t, err, "an unknown agent reads as the zero Record")
	assert.Zero(t, r.Version)
	_, err = s.ClaimChat(ctx, huge, "c1", now)
	assertShortError(t, err, "ClaimChat for an unknown agent")
	_, err = s.ReleaseChat(ctx, "a1", huge, now)
	assert.ErrorIs(t, err, presence.ErrNotClaimed)
	assertShortError(t, err, "ReleaseChat")

	for _, id := range unstorableIDs() {
		r, err := s.GetPresence(ctx, id, now)
		if assert.NoError(t, err, "GetPresence(%q)", id) {
			assert.Zero(t, r.Version, "GetPresence(%q)", id)
			assert.False(t, r.OnlineAt(now), "GetPresence(%q) found another agent", id)
		}
	}
}

// hostilePreferenceIDs checks notify.PreferenceStore with a 1 MB ID and
// with IDs the backend cannot hold.
func hostilePreferenceIDs(t *testing.T, newStore func(t *testing.T) notify.PreferenceStore) {
	ctx := context.Background()
	huge := hugeID()
	s := open(t, newStore)
	require.NoError(t, s.SetNotificationPreferences(ctx, samplePreferences("a1"), 0))

	_, err := s.GetNotificationPreferences(ctx, huge)
	assert.ErrorIs(t, err, notify.ErrNotFound)
	assertShortError(t, err, "GetNotificationPreferences")
	p := samplePreferences("a1")
	p.AgentID, p.Version = huge, 2
	err = s.SetNotificationPreferences(ctx, p, 1)
	assert.ErrorIs(t, err, notify.ErrNotFound)
	assertShortError(t, err, "SetNotificationPreferences (update)")

	for _, id := range unstorableIDs() {
		_, err := s.GetNotificationPreferences(ctx, id)
		assert.ErrorIs(t, err, notify.ErrNotFound, "GetNotificationPreferences(%q)", id)
		p := samplePreferences(id)
		p.Version = 2
		assert.ErrorIs(t, s.SetNotificationPreferences(ctx, p, 1), notify.ErrNotFound, "SetNotificationPreferences(%q)", id)
	}
	got, err := s.GetNotificationPreferences(ctx, "a1")
	require.NoError(t, err)
	assert.Equal(t, int64(1), got.Version, "an update of another ID changed a1")
}
