package passwordmock

import (
	"context"

	"github.com/convrs/profilekit/password"
)

//go:generate go tool moq -out hasher_mock.go . RedactedHasher:HasherMock
//go:generate go tool moq -out store_mock.go . RedactedCredentialStore:CredentialStoreMock
//go:generate go tool moq -out blocklist_mock.go . RedactedBlocklist:BlocklistMock

// RedactedHasher is password.Hasher with its passwords and hashes given as
// Secret values, so that HasherMock's call records print none of them.
// HasherMock implements it; Hasher adapts it to password.Hasher.
type RedactedHasher interface {
	// Hash is password.Hasher's Hash.
	Hash(ctx context.Context, password Secret) (string, error)
	// Verify is password.Hasher's Verify.
	Verify(ctx context.Context, password, encoded Secret) (bool, error)
	// NeedsRehash is password.Hasher's NeedsRehash.
	NeedsRehash(encoded Secret) bool
}

// RedactedCredentialStore is password.CredentialStore with the credential
// SetCredential stores given as a SecretCredential, so that
// CredentialStoreMock's call records print no hash. CredentialStoreMock
// implements it; CredentialStore adapts it to password.CredentialStore.
type RedactedCredentialStore interface {
	// GetCredential is password.CredentialStore's GetCredential.
	GetCredential(ctx context.Context, agentID string) (password.Credential, error)
	// SetCredential is password.CredentialStore's SetCredential.
	SetCredential(ctx context.Context, c SecretCredential, expected int64) error
}

// RedactedBlocklist is password.Blocklist with the password given as a
// Secret, so that BlocklistMock's call records print none.
// BlocklistMock implements it; Blocklist adapts it to password.Blocklist.
type RedactedBlocklist interface {
	// Contains is password.Blocklist's Contains.
	Contains(ctx context.Context, password Secret) (bool, error)
}

// Hasher returns m (a *HasherMock) as a password.Hasher: each call is
// passed to m with its password and hash wrapped in Secret values.
func Hasher(m RedactedHasher) password.Hasher { return hasher{m} }

// CredentialStore returns m (a *CredentialStoreMock) as a
// password.CredentialStore: SetCredential passes m the credential wrapped
// in a SecretCredential.
func CredentialStore(m RedactedCredentialStore) password.CredentialStore {
	return credentialStore{m}
}

// Blocklist returns m (a *BlocklistMock) as a password.Blocklist: each
// password is passed to m wrapped in a Secret.
func Blocklist(m RedactedBlocklist) password.Blocklist { return blocklist{m} }

// hasher adapts a RedactedHasher to password.Hasher.
type hasher struct{ m RedactedHasher }

func (h hasher) Hash(ctx context.Context, pw string) (string, error) {
	return h.m.Hash(ctx, NewSecret(pw))
}

func (h hasher) Verify(ctx context.Context, pw, encoded string) (bool, error) {
	return h.m.Verify(ctx, NewSecret(pw), NewSecret(encoded))
}

func (h hasher) NeedsRehash(encoded string) bool { return h.m.NeedsRehash(NewSecret(encoded)) }

// credentialStore adapts a RedactedCredentialStore to
// password.CredentialStore.
type credentialStore struct{ m RedactedCredentialStore }

func (s credentialStore) GetCredential(ctx context.Context, agentID string) (password.Credential, error) {
	return s.m.GetCredential(ctx, agentID)
}

func (s credentialStore) SetCredential(ctx context.Context, c password.Credential, expected int64) error {
	return s.m.SetCredential(ctx, NewSecretCredential(c), expected)
}

// blocklist adapts a RedactedBlocklist to password.Blocklist.
type blocklist struct{ m RedactedBlocklist }

func (b blocklist) Contains(ctx context.Context, pw string) (bool, error) {
	return b.m.Contains(ctx, NewSecret(pw))
}
