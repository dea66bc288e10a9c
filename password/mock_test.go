package password_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"testing"

	"github.com/convrs/profilekit/profilekittest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/convrs/profilekit/password"
	"github.com/convrs/profilekit/password/passwordmock"
)

// TestServiceWithMocks shows a consumer testing its use of the Service with
// the generated mocks: a store whose final write fails, and a hasher that
// answers at once; no event may be raised for a change that was not stored.
func TestServiceWithMocks(t *testing.T) {
	ctx := context.Background()
	stored := password.Credential{AgentID: "a1", Hash: "stored-hash", Version: 4}
	diskFull := errors.New("disk full")
	store := &passwordmock.CredentialStoreMock{
		GetCredentialFunc: func(_ context.Context, id string) (password.Credential, error) {
			return stored, nil
		},
		SetCredentialFunc: func(_ context.Context, c passwordmock.SecretCredential, expected int64) error {
			if c.Reveal().Hash != stored.Hash {
				return diskFull // the write of the new password fails
			}
			stored = c.Reveal() // counting and clearing attempts succeed
			return nil
		},
	}
	hasher := &passwordmock.HasherMock{
		HashFunc: func(context.Context, passwordmock.Secret) (string, error) { return "new-hash", nil },
		VerifyFunc: func(_ context.Context, pw, encoded passwordmock.Secret) (bool, error) {
			return pw.Reveal() == first && encoded.Reveal() == "stored-hash", nil
		},
		NeedsRehashFunc: func(passwordmock.Secret) bool { return false },
	}
	observer := &profilekittest.Recorder{}
	svc := password.New(passwordmock.CredentialStore(store), &password.Options{Hasher: passwordmock.Hasher(hasher), Observer: observer})

	err := svc.Change(ctx, change(first, second))
	require.ErrorIs(t, err, diskFull)
	assert.NotContains(t, err.Error(), first)
	assert.NotContains(t, err.Error(), second)
	assert.Empty(t, changes(observer), "no event for a change that was not stored")
	assert.Equal(t, "stored-hash", stored.Hash)

	require.Len(t, hasher.HashCalls(), 1)
	assert.Equal(t, second, hasher.HashCalls()[0].Password.Reveal(), "the prepared new password is hashed")
	calls := store.SetCredentialCalls()
	require.Len(t, calls, 2, "count the attempt, then try the change")
	assert.Equal(t, []int64{4, 5}, []int64{calls[0].Expected, calls[1].Expected})
	assert.Equal(t, 1, calls[0].C.Reveal().FailedAttempts)
	assert.Zero(t, calls[1].C.Reveal().FailedAttempts)

	stored.Hash, store.SetCredentialFunc = "stored-hash", func(_ context.Context, c passwordmock.SecretCredential, _ int64) error {
		stored = c.Reveal()
		return nil
	}
	require.NoError(t, svc.Change(ctx, change(first, second)))
	require.Len(t, changes(observer), 1)
	assert.Equal(t, "a1", changes(observer)[0].AgentID)
	assert.Equal(t, "new-hash", stored.Hash)
}

// TestMockCallRecordsHoldNoSecret uses each mock with a known password and
// hash, then prints its call records, and the mock itself, every way a
// test might (issue 9, item 7: the records printed both with %+v before).
func TestMockCallRecordsHoldNoSecret(t *testing.T) {
	ctx := context.Background()
	const pw, hash, old = "known password 1", "$argon2id$v=19$m=64,t=1,p=1$a25vd25zYWx0$a25vd25oYXNoa25vd25oYXNo", "$2b$10$knownoldhash"
	hasher := &passwordmock.HasherMock{
		HashFunc:        func(context.Context, passwordmock.Secret) (string, error) { return hash, nil },
		VerifyFunc:      func(context.Context, passwordmock.Secret, passwordmock.Secret) (bool, error) { return true, nil },
		NeedsRehashFunc: func(passwordmock.Secret) bool { return false },
	}
	store := &passwordmock.CredentialStoreMock{
		GetCredentialFunc: func(context.Context, string) (password.Credential, error) {
			return password.Credential{AgentID: "a1", Hash: hash, History: []string{old}, Version: 1}, nil
		},
		SetCredentialFunc: func(context.Context, passwordmock.SecretCredential, int64) error { return nil },
	}
	blocklist := &passwordmock.BlocklistMock{
		ContainsFunc: func(context.Context, passwordmock.Secret) (bool, error) { return false, nil },
	}
	h, s, b := passwordmock.Hasher(hasher), passwordmock.CredentialStore(store), passwordmock.Blocklist(blocklist)
	_, err := h.Hash(ctx, pw)
	require.NoError(t, err)
	_, err = h.Verify(ctx, pw, hash)
	require.NoError(t, err)
	h.NeedsRehash(hash)
	_, err = b.Contains(ctx, pw)
	require.NoError(t, err)
	_, err = s.GetCredential(ctx, "a1")
	require.NoError(t, err)
	require.NoError(t, s.SetCredential(ctx, password.Credential{AgentID: "a1", Hash: hash, History: []string{old}, Version: 2}, 1))

	records := map[string]any{
		"HashCalls": hasher.HashCalls(), "VerifyCalls": hasher.VerifyCalls(), "NeedsRehashCalls": hasher.NeedsRehashCalls(),
		"ContainsCalls": blocklist.ContainsCalls(), "GetCredentialCalls": store.GetCredentialCalls(), "SetCredentialCalls": store.SetCredentialCalls(),
		"HasherMock": hasher, "BlocklistMock": blocklist, "CredentialStoreMock": store,
	}
	for name, v := range records {
		t.Run(name, func(t *testing.T) {
			var outputs []string
			for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x"} {
				outputs = append(outputs, fmt.Sprintf(verb, v))
			}
			if j, err := json.Marshal(v); err == nil {
				outputs = append(outputs, string(j))
			}
			for _, out := range outputs {
				for _, secret := range []string{pw, hash, old, "a25vd25", "knownold", fmt.Sprintf("%x", pw), fmt.Sprintf("%x", hash)} {
					assert.NotContains(t, out, secret)
				}
			}
		})
	}
	assert.Equal(t, pw, hasher.HashCalls()[0].Password.Reveal(), "the test can still read what the mock received")
	assert.Equal(t, hash, hasher.VerifyCalls()[0].Encoded.Reveal())
	assert.Equal(t, pw, blocklist.ContainsCalls()[0].Password.Reveal())
	assert.Equal(t, hash, store.SetCredentialCalls()[0].C.Reveal().Hash)
	assert.Equal(t, []string{old}, store.SetCredentialCalls()[0].C.Reveal().History)
	assert.Equal(t, "[redacted]", fmt.Sprintf("%+v", passwordmock.NewSecret(pw)))
	assert.Empty(t, passwordmock.Secret{}.Reveal())
}
