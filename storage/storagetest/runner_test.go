package storagetest_test

import (
	"context"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/convrs/profilekit/notify"
	"github.com/convrs/profilekit/password"
	"github.com/convrs/profilekit/profile"
	"github.com/convrs/profilekit/storage"
	"github.com/convrs/profilekit/storage/memory"
	"github.com/convrs/profilekit/storage/storagetest"
)

// profileOnly is an adapter that holds profiles and nothing else, as a
// team writing a profile store of its own would: it implements
// profile.Store and io.Closer, not storage.Store. It keeps its profiles in
// a memory.Store it owns.
type profileOnly struct {
	m *memory.Store

	mu     sync.Mutex
	closes int
}

var _ profile.Store = (*profileOnly)(nil)

func (p *profileOnly) CreateProfile(ctx context.Context, pr profile.Profile) error {
	return p.m.CreateProfile(ctx, pr)
}

func (p *profileOnly) GetProfile(ctx context.Context, id string) (profile.Profile, error) {
	return p.m.GetProfile(ctx, id)
}

func (p *profileOnly) UpdateProfile(ctx context.Context, pr profile.Profile, expected int64) error {
	return p.m.UpdateProfile(ctx, pr, expected)
}

func (p *profileOnly) Close() error {
	p.mu.Lock()
	p.closes++
	p.mu.Unlock()
	return p.m.Close()
}

// credentialOnly holds credentials and nothing else, and has no Close.
type credentialOnly struct{ m *memory.Store }

func (c credentialOnly) GetCredential(ctx context.Context, agentID string) (password.Credential, error) {
	return c.m.GetCredential(ctx, agentID)
}

func (c credentialOnly) SetCredential(ctx context.Context, cr password.Credential, expected int64) error {
	return c.m.SetCredential(ctx, cr, expected)
}

func TestRunProfileStoreTestsAProfileOnlyAdapter(t *testing.T) {
	var mu sync.Mutex
	var opened []*profileOnly
	t.Run("Suite", func(t *testing.T) {
		storagetest.RunProfileStore(t, func(t *testing.T) profile.Store {
			s := &profileOnly{m: memory.New()}
			mu.Lock()
			defer mu.Unlock()
			opened = append(opened, s)
			return s
		})
	})
	_, full := any(&profileOnly{}).(storage.Store)
	require.False(t, full, "profileOnly must not be a whole storage.Store")
	require.NotEmpty(t, opened)
	for i, s := range opened {
		assert.GreaterOrEqual(t, s.closes, 1, "store %d was not closed when its test ended", i)
	}
}

func TestRunCredentialStoreTestsACredentialOnlyAdapterWithoutClose(t *testing.T) {
	storagetest.RunCredentialStore(t, func(t *testing.T) password.CredentialStore {
		return credentialOnly{m: memory.New()}
	})
}

// preferencesOnly holds notification preferences and nothing else.
type preferencesOnly struct{ m *memory.Store }

func (p preferencesOnly) GetNotificationPreferences(ctx context.Context, agentID string) (notify.Preferences, error) {
	return p.m.GetNotificationPreferences(ctx, agentID)
}

func (p preferencesOnly) SetNotificationPreferences(ctx context.Context, pr notify.Preferences, expected int64) error {
	return p.m.SetNotificationPreferences(ctx, pr, expected)
}

func (p preferencesOnly) Close() error { return p.m.Close() }

func TestRunPreferenceStoreTestsAPreferenceOnlyAdapter(t *testing.T) {
	storagetest.RunPreferenceStore(t, func(t *testing.T) notify.PreferenceStore {
		return preferencesOnly{m: memory.New()}
	})
	_, full := any(preferencesOnly{}).(storage.Store)
	assert.False(t, full, "preferencesOnly must not be a whole storage.Store")
}
