package storagetest

import (
	"context"
	"io"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/convrs/profilekit"
	"github.com/convrs/profilekit/notify"
	"github.com/convrs/profilekit/password"
	"github.com/convrs/profilekit/presence"
	"github.com/convrs/profilekit/profile"
)

// closeTwice closes s, which must implement io.Closer, twice: the second
// Close must not fail either. It reports false, after logging why, when s
// has no Close, and the closed cases then have nothing to check.
func closeTwice(t *testing.T, s any) bool {
	t.Helper()
	c, ok := s.(io.Closer)
	if !ok {
		t.Logf("%T has no Close method: nothing to check", s)
		return false
	}
	require.NoError(t, c.Close())
	assert.NoError(t, c.Close(), "closing a closed store must not fail")
	return true
}

// assertClosed checks that err, returned by the named call after Close,
// matches profilekit.ErrClosed.
func assertClosed(t *testing.T, err error, call string) {
	t.Helper()
	assert.ErrorIs(t, err, profilekit.ErrClosed, "%s after Close", call)
}

// closedProfile checks that every profile.Store method, and those of the
// optional profile.UsernameLookup and profile.Lister, fails with
// profilekit.ErrClosed after Close, even for a profile stored before it.
func closedProfile(t *testing.T, open openProfile) {
	ctx := context.Background()
	s := open(t)
	p := sampleProfile("a1", "u1")
	require.NoError(t, s.CreateProfile(ctx, p))
	if !closeTwice(t, s) {
		return
	}
	_, err := s.GetProfile(ctx, "a1")
	assertClosed(t, err, "GetProfile")
	assertClosed(t, s.CreateProfile(ctx, sampleProfile("a2", "u2")), "CreateProfile")
	p.Version = 2
	assertClosed(t, s.UpdateProfile(ctx, p, 1), "UpdateProfile")
	if l, ok := s.(profile.UsernameLookup); ok {
		_, err := l.GetProfileByUsername(ctx, "u1")
		assertClosed(t, err, "GetProfileByUsername")
	}
	if l, ok := s.(profile.Lister); ok {
		_, err := l.ListProfiles(ctx, "", 10)
		assertClosed(t, err, "ListProfiles")
	}
}

// closedCredential checks that every password.CredentialStore method fails
// with profilekit.ErrClosed after Close.
func closedCredential(t *testing.T, newStore func(t *testing.T) password.CredentialStore) {
	ctx := context.Background()
	s := newStore(t)
	c := sampleCredential("a1")
	require.NoError(t, s.SetCredential(ctx, c, 0))
	if !closeTwice(t, s) {
		return
	}
	_, err := s.GetCredential(ctx, "a1")
	assertClosed(t, err, "GetCredential")
	assertClosed(t, s.SetCredential(ctx, sampleCredential("a2"), 0), "SetCredential (create)")
	c.Version = 2
	assertClosed(t, s.SetCredential(ctx, c, 1), "SetCredential (update)")
}

// closedPresence checks that every presence.Store method, and
// SubscribePresence of a presence.ChangeFeed and GetChatHolder of a
// presence.ChatLookup, fails with profilekit.ErrClosed after Close.
func closedPresence(t *testing.T, newStore openPresence) {
	ctx := context.Background()
	now := base
	s := newStore(t)
	_, err := s.TouchSession(ctx, "a1", "tab", now.Add(sessionTTL), now)
	require.NoError(t, err)
	_, err = s.ClaimChat(ctx, "a1", "c1", now)
	require.NoError(t, err)
	if !closeTwice(t, s) {
		return
	}
	calls := map[string]func() error{
		"GetPresence": func() error { _, err := s.GetPresence(ctx, "a1", now); return err },
		"SetBusy": func() error {
			_, err := s.SetBusy(ctx, "a1", presence.BusySetting{On: true}, now)
			return err
		},
		"ToggleBusy": func() error {
			_, err := s.ToggleBusy(ctx, "a1", presence.BusySetting{On: true}, now)
			return err
		},
		"TouchSession": func() error {
			_, err := s.TouchSession(ctx, "a1", "tab", now.Add(sessionTTL), now)
			return err
		},
		"RemoveSession":   func() error { _, err := s.RemoveSession(ctx, "a1", "tab", now); return err },
		"SetChatCapacity": func() error { _, err := s.SetChatCapacity(ctx, "a1", 3, now); return err },
		"ClaimChat":       func() error { _, err := s.ClaimChat(ctx, "a1", "c2", now); return err },
		"ReleaseChat":     func() error { _, err := s.ReleaseChat(ctx, "a1", "c1", now); return err },
		"ListEligible":    func() error { _, err := s.ListEligible(ctx, []string{"a1"}, now); return err },
	}
	if feed, ok := s.(presence.ChangeFeed); ok {
		calls["SubscribePresence"] = func() error { _, err := feed.SubscribePresence(ctx); return err }
	}
	if l, ok := s.(presence.ChatLookup); ok {
		calls["GetChatHolder"] = func() error { _, err := l.GetChatHolder(ctx, "c1"); return err }
	}
	for name, call := range calls {
		assertClosed(t, call(), name)
	}
}

// closedPreferences checks that every notify.PreferenceStore method fails
// with profilekit.ErrClosed after Close.
func closedPreferences(t *testing.T, newStore func(t *testing.T) notify.PreferenceStore) {
	ctx := context.Background()
	s := newStore(t)
	p := samplePreferences("a1")
	require.NoError(t, s.SetNotificationPreferences(ctx, p, 0))
	if !closeTwice(t, s) {
		return
	}
	_, err := s.GetNotificationPreferences(ctx, "a1")
	assertClosed(t, err, "GetNotificationPreferences")
	assertClosed(t, s.SetNotificationPreferences(ctx, samplePreferences("a2"), 0), "SetNotificationPreferences (create)")
	p.Version = 2
	assertClosed(t, s.SetNotificationPreferences(ctx, p, 1), "SetNotificationPreferences (update)")
}
