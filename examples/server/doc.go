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
// runs it as one of many instances sharing a database, on one connection
// pool: sessions, profiles and presence live there, so a cookie from one
// instance works on every other, and every change a page shows (a Busy
// toggle, a saved profile, preferences, a password change, a sign-out)
// reaches the streams of every instance through the SDK's feed
// (feed/pgfeed on the same pool, or feed/natsfeed with -nats URL), and
// alerts through notify's pgnotify or natsnotify. Instances on several
// hosts share photos through -photos, a gocloud.dev/blob bucket URL:
// file:// and mem:// are built in; another gocloud.dev/blob driver is one
// blank import in photo.go.
//
// # Passwords
//
// New passwords follow the SDK's default policy (15 to 128 characters,
// no username, name or product name, no repeats or sequences) with the
// list of common passwords embedded in password/commonpasswords, so a
// fresh clone refuses "Password1234567" offline. -breached-range URL (or
// $PROFILEKIT_BREACHED_RANGE_URL) adds a k-anonymity breached-password
// check (password.RangeClient) against a Pwned Passwords range service,
// such as a mirror on the local network; when it cannot be reached, new
// passwords are refused with password.breach_check_unavailable rather than
// let through unchecked.
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
// # Sign-in throttling and proxies
//
// Wrong passwords are throttled by password.Service.VerifyFrom per agent
// and client address, with exponential back-off, and per agent over every
// address with a far higher ceiling: an attacker guessing a named agent's
// password waits, while she signs in from her own address. The client
// address is password.ClientFromAddr of the connection's RemoteAddr (an
// IPv4 address, or an IPv6 /64). The server trusts no X-Forwarded-For:
// behind a reverse proxy every sign-in comes from the proxy's address, and
// the per-client throttle becomes one for everybody (an attacker could
// then slow down everyone's sign-in to an agent's account, not lock it).
// A deployment behind a proxy passes the address its proxy appends
// instead.
//
// # Design
//
// The server is HTTP glue over the SDK and keeps no data of its own:
// handlers decode a request, call one SDK method and encode the answer;
// writeError is the one place that maps the shared error model
// (profilekit.CodeOf, ValidationError fields) to HTTP, through
// examples/apierror's table. Sign-in looks the username up with
// profile.Service.GetByUsername and starts a session.Service session: an
// opaque random token in an HttpOnly, SameSite=Lax cookie, kept by the SDK
// as a SHA-256 hash, with idle and absolute expiry. The chat router is
// presence.Tracker.Route; the event stream is a feed.Subscription framed
// as server-sent events. It imports no internal package of the library,
// so a team can copy it.
// State-changing requests pass http.CrossOriginProtection and need a JSON
// (or multipart) body of bounded size. openapi.yaml describes every route;
// the tests validate every answer they receive against it.
package main
