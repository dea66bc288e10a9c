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
// are built in, and s3:// for AWS S3 and S3-compatible stores; another
// gocloud.dev/blob driver is one blank import in photo.go.
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
