package profile

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/convrs/profilekit/internal/kit"

	"golang.org/x/text/language"

	"github.com/convrs/profilekit"
	"github.com/convrs/profilekit/internal/stripe"
	"github.com/convrs/profilekit/internal/text"
)

// Options configures a Service. The zero value, and a nil *Options, give the
// defaults.
type Options struct {
	// Clock tells the time, for the timestamps the Service writes; the
	// system clock when nil.
	Clock profilekit.Clock
	// Observer receives the Service's events (Saved, AdminChanged), after
	// each change is stored and before the call that made it returns; nil
	// means none. Observer events are local to this Service; see
	// profilekit.Observer. The Service holds a lock while Observe runs (that
	// is how it keeps each agent's events in order; an agent shares its lock
	// with about 1 in 256 others), so Observe must return quickly and must not
	// call the Service, about any agent: hand slow work, or a call back, to
	// another goroutine.
	Observer profilekit.Observer
	// Instance names this service instance in the events it raises
	// (profilekit.EventMeta.Instance); kit.DefaultInstance()
	// ("host:pid") when empty.
	Instance string
	// Phone configures phone parsing: the default region for numbers
	// written without "+", and which special number types are accepted.
	Phone PhoneRules
	// Languages is the set of languages agents may choose; nil means
	// DefaultLanguageSet. A tag nothing in the set can serve is refused with
	// profilekit.CodeLanguageUnsupported.
	Languages *LanguageSet
	// Roles is the closed set of roles an administrator may give; a role
	// outside it is refused with profilekit.CodeRoleUnknown, and a role in
	// it is stored in the set's spelling whatever its case. Nil means any
	// text that passes the text rule (PRECIS Nickname, at most
	// MaxRoleLength characters), stored as given: set it whenever a role
	// grants rights, so that "ADMIN" cannot pass for another role than
	// "admin".
	Roles *RoleSet
	// NewID returns the ID of a new agent when NewAgent.ID is empty; nil
	// means 16 random bytes in hex. Its IDs are checked as given ones are.
	NewID func() (string, error)
	// AdminRole is the Role of the profiles that administer the others
	// ("admin", say), compared byte for byte with the stored role. When it
	// is set, AdminUpdate refuses, with an error matching ErrLastAdmin, a
	// change that would take it from the last profile that has it; the
	// Store checks and writes in one atomic step (RoleKeeper), so two
	// administrators demoting each other at once, on any instances, leave
	// one. Empty means no role is special.
	AdminRole string
}

// Service reads and changes profiles: the agent's self-service General and
// Settings tabs, and the administrator's create and update. It is safe for
// concurrent use. Every write names the version it was based on, and is
// applied whole or not at all.
//
// Every method checks the agent ID it is given with profilekit.CheckID,
// under the field name FieldID ("id"), before the store sees it: an ID that
// breaks the rule is a *ValidationError, never a store's not found.
type Service struct {
	store     Store
	clock     profilekit.Clock
	observer  profilekit.Observer
	instance  string
	locks     *stripe.Locks // nil without an Observer: nothing to order
	phone     PhoneRules
	languages *LanguageSet
	roles     *RoleSet
	newID     func() (string, error)
	adminRole string
}

// New returns a Service over store. opts may be nil.
func New(store Store, opts *Options) *Service {
	var o Options
	if opts != nil {
		o = *opts
	}
	s := &Service{
		store:     store,
		clock:     kit.Clock(o.Clock),
		observer:  o.Observer,
		instance:  o.Instance,
		phone:     o.Phone,
		languages: o.Languages,
		roles:     o.Roles,
		newID:     o.NewID,
		adminRole: o.AdminRole,
	}
	if s.observer != nil {
		s.locks = stripe.New()
	}
	if s.instance == "" {
		s.instance = kit.DefaultInstance()
	}
	if s.languages == nil {
		s.languages = DefaultLanguageSet()
	}
	if s.newID == nil {
		s.newID = randomID
	}
	return s
}

// Languages returns the set of languages agents may choose.
func (s *Service) Languages() *LanguageSet { return s.languages }

// Roles returns the set of roles an administrator may give, or nil when
// any role is accepted (Options.Roles).
func (s *Service) Roles() *RoleSet { return s.roles }

// parseRole prepares a role and, with a RoleSet, returns the set's
// spelling of it.
func (s *Service) parseRole(v string) (string, *FieldError) {
	if s.roles == nil {
		return parseRole(v)
	}
	return s.roles.parse(v)
}

// Patch is a change to a profile: only the fields that are not nil change.
// A pointer to "" clears an optional field (BusinessUnit, Language,
// Landline, Mobile) and is refused for a required one.
type Patch struct {
	Name       *string `json:"name,omitempty"`
	PublicName *string `json:"public_name,omitempty"`
	Language   *string `json:"language,omitempty"`
	Landline   *string `json:"landline,omitempty"`
	Mobile     *string `json:"mobile,omitempty"`

	// Username, Role and BusinessUnit may be changed only by
	// Service.AdminUpdate; Service.Update refuses a patch that changes them
	// with a *ForbiddenError.
	Username     *string `json:"username,omitempty"`
	Role         *string `json:"role,omitempty"`
	BusinessUnit *string `json:"business_unit,omitempty"`
}

// NewAgent is what an administrator enters to create an agent's profile.
type NewAgent struct {
	// ID is the new agent's ID; empty means Options.NewID chooses one. It
	// must pass profilekit.CheckID: 1 to 128 visible ASCII characters.
	ID           string
	Username     string
	Role         string
	BusinessUnit string
	Name         string
	PublicName   string
	Language     string
	Landline     string
	Mobile       string
	Settings     Settings
}

// Get returns the profile of agent id, or an error wrapping ErrNotFound.
func (s *Service) Get(ctx context.Context, id string) (Profile, error) {
	if err := checkID(id); err != nil {
		return Profile{}, err
	}
	return s.store.GetProfile(ctx, id)
}

// Create creates an agent's profile, as an administrator does, and raises
// AdminChanged. Every field is checked; problems are returned together as a
// *ValidationError. A taken username is reported as a *ValidationError for
// FieldUsername with profilekit.CodeUsernameTaken whose Cause is
// ErrUsernameTaken, and a username that looks like another agent's (the
// same UsernameSkeleton) likewise with profilekit.CodeUsernameConfusable
// and ErrUsernameConfusable; a taken ID wraps ErrAlreadyExists.
func (s *Service) Create(ctx context.Context, a NewAgent) (Profile, error) {
	var c kit.Collector
	id := a.ID
	if id == "" {
		var err error
		if id, err = s.newID(); err != nil {
			return Profile{}, fmt.Errorf("profile: create: new ID: %w", err)
		}
	}
	c.Check(FieldID, profilekit.CheckID(FieldID, id))
	p := Profile{ID: id, Settings: a.Settings}
	all := Patch{
		Name: &a.Name, PublicName: &a.PublicName, Language: &a.Language,
		Landline: &a.Landline, Mobile: &a.Mobile,
		Username: &a.Username, Role: &a.Role, BusinessUnit: &a.BusinessUnit,
	}
	s.apply(&c, &p, all)
	if err := c.Err(domain); err != nil {
		return Profile{}, err
	}
	now := s.timestamp()
	p.UsernameSkeleton = UsernameSkeleton(p.Username)
	p.Version, p.CreatedAt, p.UpdatedAt = 1, now, now

	unlock := s.locks.Lock(p.ID)
	defer unlock()
	if err := s.store.CreateProfile(ctx, p); err != nil {
		return Profile{}, usernameProblem(err)
	}
	s.raise(ctx, Profile{}, p, true)
	return p, nil
}

// Update applies an agent's own changes on the General tab, the Save
// changes button. version is the Version of the profile the agent edited;
// if the profile has changed since, Update returns an error wrapping
// ErrConflict. Every given field is checked and all problems are returned
// together as a *ValidationError. A patch that changes Username, Role or
// BusinessUnit fails with a *ForbiddenError (matching ErrForbidden) naming
// them; giving them unchanged, as a form that posts every field does, is
// allowed. On any error nothing changes. A stored change raises Saved; a
// patch that changes nothing returns the profile as it is, without a write
// or an event.
func (s *Service) Update(ctx context.Context, id string, version int64, patch Patch) (Profile, error) {
	return s.update(ctx, id, version, patch, false)
}

// AdminUpdate is Update for an administrator: it may also change Username,
// Role and BusinessUnit, and raises AdminChanged. A taken or confusable
// username is reported as for Create. With Options.AdminRole set, a change
// that takes that role from the last profile that has it fails with an
// error matching ErrLastAdmin (profilekit.CodeProfileLastAdmin), atomically
// in the Store (RoleKeeper), and one over a Store that cannot check it
// with an error matching ErrUnsupported.
func (s *Service) AdminUpdate(ctx context.Context, id string, version int64, patch Patch) (Profile, error) {
	return s.update(ctx, id, version, patch, true)
}

// UpdateSettings replaces the agent's personal settings (the Settings tab),
// with the same version rule and event as Update.
func (s *Service) UpdateSettings(ctx context.Context, id string, version int64, settings Settings) (Profile, error) {
	return s.write(ctx, id, version, false, func(p *Profile) error {
		p.Settings = settings
		return nil
	})
}

// MaxPhotoRefBytes is the longest photo reference SetPhoto accepts, in
// bytes (and so at most as many characters).
const MaxPhotoRefBytes = 512

// SetPhoto records ref as the agent's current photo (a key the photo store
// understands; "" removes the photo), with the same version rule and event
// as Update. ref must be valid UTF-8 of at most MaxPhotoRefBytes with no
// spaces or control characters.
func (s *Service) SetPhoto(ctx context.Context, id string, version int64, ref string) (Profile, error) {
	return s.write(ctx, id, version, false, func(p *Profile) error {
		if ref != "" {
			if fe := checkOpaque(ref, MaxPhotoRefBytes); fe != nil {
				return single(FieldPhoto, fe)
			}
		}
		p.Photo = ref
		return nil
	})
}

func (s *Service) update(ctx context.Context, id string, version int64, patch Patch, admin bool) (Profile, error) {
	return s.write(ctx, id, version, admin, func(p *Profile) error {
		if !admin {
			if err := s.forbidden(*p, patch); err != nil {
				return err
			}
		}
		var c kit.Collector
		s.apply(&c, p, patch)
		return c.Err(domain)
	})
}

// write reads the profile, checks the version, lets change edit a copy and,
// if anything changed, stores it at the next version and raises the event
// of an admin's or an agent's change.
func (s *Service) write(ctx context.Context, id string, version int64, admin bool, change func(*Profile) error) (Profile, error) {
	if err := checkID(id); err != nil {
		return Profile{}, err
	}
	cur, err := s.store.GetProfile(ctx, id)
	if err != nil {
		return Profile{}, err
	}
	if cur.Version != version {
		return Profile{}, fmt.Errorf("profile: update %s at version %d (current %d): %w",
			kit.QuoteID(id), version, cur.Version, ErrConflict)
	}
	next := cur
	if err := change(&next); err != nil {
		return Profile{}, err
	}
	if next == cur {
		return cur, nil
	}
	next.UsernameSkeleton = UsernameSkeleton(next.Username)
	next.Version = version + 1
	next.UpdatedAt = s.timestamp()

	store := s.store.UpdateProfile
	if s.adminRole != "" && cur.Role == s.adminRole && next.Role != s.adminRole {
		keeper, ok := s.store.(RoleKeeper)
		if !ok {
			return Profile{}, fmt.Errorf("profile: update %s: %T does not implement profile.RoleKeeper: %w",
				kit.QuoteID(id), s.store, ErrUnsupported)
		}
		store = func(ctx context.Context, p Profile, expected int64) error {
			return keeper.UpdateProfileKeepingRole(ctx, p, expected, s.adminRole)
		}
	}
	unlock := s.locks.Lock(id)
	defer unlock()
	err = store(ctx, next, version)
	if errors.Is(err, ErrUsernameConfusable) && cur.UsernameSkeleton == "" && next.Username == cur.Username {
		// A profile stored before skeletons existed that looks like another
		// one: an administrator has to rename one of them, but until then
		// the agent's own edits are not refused for a username the edit
		// does not touch. The profile keeps no skeleton.
		next.UsernameSkeleton = ""
		err = store(ctx, next, version)
	}
	if err != nil {
		return Profile{}, usernameProblem(err)
	}
	s.raise(ctx, cur, next, admin)
	return next, nil
}

// raise passes the event of the change from before to after, stored, to
// the observer.
func (s *Service) raise(ctx context.Context, before, after Profile, admin bool) {
	if s.observer == nil {
		return
	}
	meta := profilekit.EventMeta{AgentID: after.ID, At: after.UpdatedAt, Instance: s.instance}
	fields := changedFields(before, after)
	if admin {
		kit.Notify(ctx, s.observer, AdminChanged{EventMeta: meta, Version: after.Version, Fields: fields})
		return
	}
	kit.Notify(ctx, s.observer, Saved{EventMeta: meta, Version: after.Version, Fields: fields})
}

// apply checks every field the patch gives and, for those that pass, sets
// them on p. Problems go to c; p is then to be discarded.
func (s *Service) apply(c *kit.Collector, p *Profile, patch Patch) {
	set := func(dst *string, src *string, field string, parse func(string) (string, *FieldError)) {
		if src == nil {
			return
		}
		// A stored value is already prepared and valid, and prepares to
		// itself: a form that posts it back unchanged costs no parsing.
		if *src == *dst && *dst != "" {
			return
		}
		v, fe := parse(*src)
		c.Check(field, fe)
		*dst = v
	}
	set(&p.Username, patch.Username, FieldUsername, parseUsername)
	set(&p.Role, patch.Role, FieldRole, s.parseRole)
	set(&p.BusinessUnit, patch.BusinessUnit, FieldBusinessUnit, parseBusinessUnit)
	set(&p.Name, patch.Name, FieldName, parseName)
	set(&p.PublicName, patch.PublicName, FieldPublicName, parsePublicName)
	set(&p.Language, patch.Language, FieldLanguage, s.parseLanguage)
	set(&p.Landline, patch.Landline, FieldLandline, s.phoneParser(KindLandline))
	set(&p.Mobile, patch.Mobile, FieldMobile, s.phoneParser(KindMobile))
}

// parseLanguage accepts "" (no language) or a tag the service's languages
// can serve, and returns it canonical.
func (s *Service) parseLanguage(v string) (string, *FieldError) {
	if strings.TrimSpace(v) == "" {
		return "", nil
	}
	t, fe := parseLanguageTag(strings.TrimSpace(v))
	if fe != nil {
		return "", fe
	}
	if s.languages.match(t).Confidence == language.No {
		return "", invalid(profilekit.CodeLanguageUnsupported, fmt.Sprintf("%q is not a supported language", t.String()))
	}
	return t.String(), nil
}

// phoneParser returns a parser for an optional phone field of kind k.
func (s *Service) phoneParser(k PhoneKind) func(string) (string, *FieldError) {
	return func(v string) (string, *FieldError) {
		if strings.TrimSpace(v) == "" {
			return "", nil
		}
		ph, fe := parsePhone(v, k, s.phone)
		return ph.E164(), fe
	}
}

// forbidden reports the administrator-only fields a patch would change.
func (s *Service) forbidden(cur Profile, patch Patch) error {
	var fields []string
	changes := func(src *string, cur string, parse func(string) (string, *FieldError)) bool {
		if src == nil || *src == cur {
			return false
		}
		v, fe := parse(*src)
		return fe != nil || v != cur
	}
	if changes(patch.Username, cur.Username, parseUsername) {
		fields = append(fields, FieldUsername)
	}
	if changes(patch.Role, cur.Role, s.parseRole) {
		fields = append(fields, FieldRole)
	}
	if changes(patch.BusinessUnit, cur.BusinessUnit, parseBusinessUnit) {
		fields = append(fields, FieldBusinessUnit)
	}
	if fields == nil {
		return nil
	}
	return &ForbiddenError{Fields: fields}
}

// usernameProblem turns a store's ErrUsernameTaken or ErrUsernameConfusable
// into a field error for FieldUsername whose Cause is the store's error, so
// that it still matches the sentinel; other errors are returned as they
// are.
func usernameProblem(err error) error {
	var c kit.Collector
	c.Because(err)
	switch {
	case errors.Is(err, ErrUsernameTaken):
		c.Add(FieldError{Field: FieldUsername, Code: profilekit.CodeUsernameTaken, Message: "is already taken"})
	case errors.Is(err, ErrUsernameConfusable):
		c.Add(FieldError{Field: FieldUsername, Code: profilekit.CodeUsernameConfusable,
			Message: "looks too much like another agent's username"})
	default:
		return err
	}
	return c.Err(domain)
}

// timestamp is the service's clock in UTC, to the microsecond every store
// keeps.
func (s *Service) timestamp() time.Time {
	return s.clock.Now().UTC().Truncate(time.Microsecond)
}

// checkID applies profilekit's ID rule to the id argument of a method.
func checkID(id string) error {
	if fe := profilekit.CheckID(FieldID, id); fe != nil {
		return kit.Invalid(domain, *fe)
	}
	return nil
}

// checkOpaque checks an opaque reference: valid UTF-8, at most max bytes
// (and so at most max characters), no spaces or control characters.
func checkOpaque(v string, max int) *FieldError {
	if len(v) > max {
		return text.TooLong("", max, max)
	}
	if !utf8.ValidString(v) || strings.IndexFunc(v, func(r rune) bool {
		return unicode.IsSpace(r) || !unicode.IsPrint(r) // IsPrint excludes controls, not U+0020
	}) >= 0 {
		return invalid(profilekit.CodeTextDisallowedChars, "must be printable characters without spaces")
	}
	return nil
}

func randomID() (string, error) {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", err
	}
	return hex.EncodeToString(b[:]), nil
}
