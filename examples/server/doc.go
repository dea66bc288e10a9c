// Command server is profilekit's demo HTTP server: a JSON API over the
// whole SDK (profile and its photos, password, presence, notify), the My
// profile page as static files, and a live event stream, secure enough to
// copy.
//
// # Running it
//
//	go run ./examples/server
//
// starts on http://127.0.0.1:8080/ with SQLite (profilekit.db in the
// working directory) and photos under ./profilekit-data/. On a new
// database it creates an administrator and two demo agents and prints
// their usernames and initial passwords once. -postgres DSN (and -schema)
// runs it as one of many instances sharing a database: sessions, presence
// and the username index live there, so a cookie from one instance works
// on every other, a Busy toggle on one shows in the others' streams (through
// presence.Watch), and so do saved profiles (the server's own
// LISTEN/NOTIFY channel), notification preferences and alerts (notify's
// pgnotify, or NATS with -nats URL). Instances on several hosts share
// photos through -photos, a gocloud.dev/blob bucket URL: file:// and mem://
// are built in; another gocloud.dev/blob driver is one blank import in
// photo.go.
//
// # Build tags
//
// Two drivers are linked only when asked for, so that a first start does
// not download what only some deployments use:
//
//	go run -tags s3 ./examples/server -photos 's3://bucket?region=eu-west-1'
//	go run -tags nats ./examples/server -postgres "$DSN" -nats nats://127.0.0.1:4222
//
// -tags s3 links gocloud.dev/blob/s3blob (photo_s3.go) for s3:// buckets on
// AWS S3 and S3-compatible stores, with the AWS SDK; -tags nats links the
// NATS client (notify_nats.go), which brings github.com/klauspost/compress,
// one of the largest modules a first start would fetch. The tags combine
// (-tags s3,nats). Without its tag, -photos s3://... or -nats fails at
// start with an error naming the tag.
//
// The server is in the module github.com/convrs/profilekit/examples, apart
// from the library's, so that the library's go.mod requires none of the
// demo's dependencies (the browser tests' chromedp, OpenAPI validation,
// the AWS SDK); the repository's go.work joins the two modules, so go run
// and go test work from the repository root.
//
// # Design
//
// Handlers are thin: they decode a request, call one SDK method and encode
// the answer; writeError is the one place that maps the shared error model
// (profilekit.CodeOf, ValidationError fields) to HTTP statuses and JSON.
// Sessions are opaque random tokens in an HttpOnly, SameSite=Lax cookie,
// kept in the database as SHA-256 hashes, with idle and absolute expiry.
// State-changing requests pass http.CrossOriginProtection and need a JSON
// (or multipart) body of bounded size. openapi.yaml describes every route;
// the tests validate every answer they receive against it.
package main
