package storage

import (
	"github.com/convrs/profilekit/notify"
	"github.com/convrs/profilekit/password"
	"github.com/convrs/profilekit/presence"
	"github.com/convrs/profilekit/profile"
)

// Store is everything a storage adapter provides: the store interface of
// every domain package, so that one adapter value wires every service, plus
// Close. The adapters in storage/memory, storage/sqlite and storage/postgres
// implement it; storage/storagetest checks that they do so correctly.
//
// Optional abilities are separate interfaces an adapter may also implement,
// detected with a type assertion: presence.ChangeFeed delivers presence
// changes to every instance sharing the store (storage/memory in-process,
// storage/postgres across processes with LISTEN/NOTIFY).
type Store interface {
	profile.Store
	password.CredentialStore
	presence.Store
	notify.PreferenceStore

	// Close releases the adapter's resources. Calls made after Close fail.
	Close() error
}
