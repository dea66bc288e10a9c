// Package memory is the in-memory storage adapter: a storage.Store that keeps
// every record in maps guarded by a mutex. Use it in tests and in
// single-process programs that need no persistence; it passes the
// storagetest conformance suite like every other adapter. It implements
// presence.ChangeFeed for the writes made through the same Store value (a
// memory Store lives in one process), so presence Trackers sharing one
// Store see each other's changes, and the optional reads
// profile.UsernameLookup, profile.Lister (over a sorted index of
// usernames) and presence.ChatLookup, and profile.RoleKeeper under its
// mutex.
package memory
