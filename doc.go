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
//   - password: the Change password tab: a NIST SP 800-63B policy (PRECIS
//     OpaqueString, length, blocklists, context words), argon2id hashing in
//     PHC strings with bcrypt migration, and the change flow with
//     throttling and a Changed event.
//   - presence: availability (Available, Busy, Offline) from the agent's
//     Busy toggle and live sessions, and who may receive a new chat
//     (Eligible, Claim, Release), across many service instances.
//   - storage: the aggregate Store every adapter implements, and its
//     contract; storage/memory, storage/sqlite and storage/postgres are the
//     adapters and storage/storagetest their conformance suite.
//   - examples/quickstart: the smallest embedding.
//
// Notification preferences (package notify) are planned and not built yet.
//
// # Quick start
//
//	store := memory.New() // or sqlite.Open(ctx, "profilekit.db", nil)
//	profiles := profile.New(store, nil)
//	passwords := password.New(store, nil)
//	tracker := presence.New(store, nil)
//
//	p, err := profiles.Create(ctx, profile.NewAgent{Username: "ada", Role: "agent", Name: "Ada Lovelace", PublicName: "Ada"})
//	p, err = profiles.Update(ctx, p.ID, p.Version, profile.Patch{Name: new("Ada King")})
//	err = passwords.Change(ctx, password.ChangeRequest{Subject: subject, Current: cur, New: next, Repeat: next})
//	now, err := tracker.ToggleBusy(ctx, p.ID)
//
// See the package example for a complete program.
package profilekit
