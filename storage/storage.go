package storage

import (
	"github.com/convrs/profilekit/notify"
	"github.com/convrs/profilekit/password"
	"github.com/convrs/profilekit/presence"
	"github.com/convrs/profilekit/profile"
	"github.com/convrs/profilekit/session"
)

// Store is everything a full storage adapter provides: the store interface
// of every domain package, so that one adapter value wires every service,
// plus Close. storage/memory, storage/sqlite and storage/postgres implement
// it, and storagetest.Run checks that they do so correctly.
//
// An adapter may implement only some of the domain stores: each service
// takes only its own store (profile.New a profile.Store, password.New a
// password.CredentialStore, presence.New a presence.Store, notify.New a
// notify.PreferenceStore, session.New a session.Store), and
// storage/storagetest has a runner per domain store (RunProfileStore,
// RunCredentialStore, RunPresenceStore, RunPreferenceStore,
// RunSessionStore) that tests one alone. Such an adapter asserts the domain interfaces it implements
// (var _ presence.Store = (*Store)(nil)) rather than this one.
//
// Optional abilities are separate interfaces, detected with a type
// assertion on the store a service is given; the doc comment of each says
// what every adapter that has it delivers, and each adapter's doc says
// whether it has it and how far it reaches: presence.ChangeFeed, for one,
// delivers the changes made through the same Store value from
// storage/memory (in one process), and those of every process sharing the
// database from storage/sqlite and storage/postgres.
//
// Store grows as the SDK does (notification preferences, then sign-in
// sessions joined it; photo metadata may come next). See the package
// comment for how a domain store joins it without every adapter having to
// implement everything at once.
type Store interface {
	profile.Store
	password.CredentialStore
	presence.Store
	notify.PreferenceStore
	session.Store

	// Close releases the adapter's resources and ends its subscriptions.
	// Every call made after Close, on any of the domain stores, must fail
	// with an error matching profilekit.ErrClosed; closing again must do
	// nothing and return nil.
	Close() error
}
