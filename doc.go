// Package profilekit gives a Convrs service the agent's "My profile" page as
// a library: profile fields, password change, notification preferences,
// personal settings and availability (Busy).
//
// This root package is the small leaf every other package shares: the
// error model (ValidationError, FieldError, the Code catalogue, CodeOf),
// the Clock, the Observer and its Event types, and the one ID rule
// (CheckID). It imports nothing of profilekit's. Each domain package owns
// its rules and declares the store interface it consumes; one storage
// adapter implements all of them.
//
// # Packages
//
//   - profile: the General tab (name, public name, language, phone numbers,
//     photo), the administrator's fields (username, role, business unit) and
//     the personal settings, with validation through PRECIS, BCP 47 and
//     libphonenumber.
//   - profile/photo: the photo upload pipeline, avatars on gocloud.dev/blob
//     and the default avatar of initials.
//   - password: the Change password tab: a NIST SP 800-63B policy (PRECIS
//     OpaqueString, length, blocklists, context words), argon2id hashing in
//     PHC strings with bcrypt migration, and the change flow with
//     throttling and a Changed event.
//   - notify: notification preferences, the Dispatcher that turns chat
//     activity into alerts, and the Notifier interface, with an in-process
//     hub, signed webhooks, and NATS or PostgreSQL across instances.
//   - presence: availability (Available, Busy, Offline) from the agent's
//     Busy toggle and live sessions, and who may receive a new chat
//     (Eligible, Claim, Release), across many service instances.
//   - session: sign-in sessions: opaque tokens stored only as their
//     SHA-256, idle and absolute expiry, the list of where an agent is
//     signed in, and revocation (sign out, everywhere else after a
//     password change).
//   - feed: the cross-instance feed of every event a live page shows, as
//     every service's Observer: typed subscriptions per agent, presence
//     expiries once per subscriber, application events, a Lost marker
//     where events may be missing; in-process, feed/pgfeed (PostgreSQL
//     LISTEN/NOTIFY) or feed/natsfeed (NATS).
//   - storage: the aggregate Store every adapter implements, and its
//     contract; storage/memory, storage/sqlite and storage/postgres are the
//     adapters and storage/storagetest their conformance suite.
//   - examples/quickstart: the smallest embedding; examples/errors: every
//     error mapped to a response with one switch on its code;
//     examples/server: the demo server. They form the module
//     github.com/convrs/profilekit/examples, apart from this one, so that
//     this module requires none of the demo's dependencies.
//
// # Errors, events and IDs
//
// Every package returns *ValidationError for rejected input (one FieldError
// per problem, with a Code from the catalogue in docs/errors.md and the
// numbers its rule states in Params, such as "min") and
// *Error sentinels with codes; CodeOf reads the code of any of them. Every
// service's Options has the same Clock, Observer and Instance fields;
// Observer events are local to the instance; a feed.Feed as the Observer
// carries them, with presence changes, to subscribers on every instance
// (in-process, PostgreSQL LISTEN/NOTIFY or NATS), while notify's
// cross-instance notifiers carry alerts. Every ID obeys
// CheckID.
//
// # Quick start
//
//	store := memory.New() // or sqlite.Open(ctx, "profilekit.db", nil), postgres.Open(ctx, dsn, nil)
//	defer store.Close()
//	profiles := profile.New(store, &profile.Options{Phone: profile.PhoneRules{DefaultRegion: "GB"}})
//	passwords := password.New(store, nil)
//	tracker := presence.New(store, nil)
//	busy := notify.AvailabilityFunc(func(ctx context.Context, id string) (bool, error) {
//		p, err := tracker.Get(ctx, id)
//		return p.Status == presence.Busy, err
//	})
//	alerts := notify.New(store, busy, hub.New(nil), nil)
//
//	p, err := profiles.Create(ctx, profile.NewAgent{ID: "agent-ada", Username: "ada", Role: "agent", Name: "Ada Lovelace", PublicName: "Ada"})
//	fmt.Println(p.Username, p.Version, err) // ada 1 <nil>
//
// Example_embedding continues this program through a rejected field, a
// password change and the Busy toggle; the package Example is a longer one.
package profilekit
