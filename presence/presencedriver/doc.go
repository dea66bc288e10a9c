// Package presencedriver is for those who write a presence store: the
// helpers that storage adapters share, kept apart from package presence
// the way database/sql/driver is kept apart from database/sql, so that the
// presence package's documentation shows what a program using a Tracker
// needs and nothing else.
//
// An adapter implements presence.Store (and, optionally, presence.ChangeFeed)
// with the types of package presence; this package gives it the rules of
// the contract as functions, ClaimError, Eligible and Full, so that every
// adapter decides a claim exactly as the others do; Op, which words a
// failed operation alike in every adapter without echoing whole IDs; and
// Subscription and Hub, the one queue and registry behind every
// adapter's presence.ChangeFeed: a Subscription queues the Records its
// adapter pushes and hands them to the reader in order without ever
// blocking a writer, and a Hub holds an adapter's live subscriptions, ends
// them all when the store closes, and is itself an in-process ChangeFeed
// for adapters whose writers all live in one process.
// storage/storagetest.RunPresenceStore checks an adapter against the
// contract.
package presencedriver
