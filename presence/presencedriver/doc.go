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
// Hub, an in-process ChangeFeed for adapters whose writers all live in one
// process.
// storage/storagetest.RunPresenceStore checks an adapter against the
// contract.
package presencedriver
