package password_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/convrs/profilekit/profilekittest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/crypto/bcrypt"

	"github.com/convrs/profilekit"
	"github.com/convrs/profilekit/password"
	"github.com/convrs/profilekit/password/passwordmock"
	"github.com/convrs/profilekit/storage/memory"
)

const (
	first  = "quiet lanterns glow"
	second = "violet submarine orchestra"
	third  = "glimmering marshland owls"
)

type fixture struct {
	store    *memory.Store
	clock    *profilekittest.Clock
	observer *profilekittest.Recorder
	svc      *password.Service
}

func newFixture(t *testing.T, opts *password.Options) *fixture {
	t.Helper()
	f := &fixture{store: memory.New(), clock: newFakeClock(), observer: &profilekittest.Recorder{}}
	o := password.Options{}
	if opts != nil {
		o = *opts
	}
	if o.Hasher == nil {
		o.Hasher = fastHasher()
	}
	o.Clock, o.Observer, o.Instance = f.clock, f.observer, "test-1"
	f.svc = password.New(f.store, &o)
	require.NoError(t, f.svc.Set(context.Background(), ada, first))
	return f
}

// get returns the stored credential of id, or the zero Credential.
func (f *fixture) get(id string) password.Credential {
	c, _ := f.store.GetCredential(context.Background(), id)
	return c
}

func change(current, next string) password.ChangeRequest {
	return password.ChangeRequest{Subject: ada, Current: current, New: next, Repeat: next}
}

func TestChangeSucceeds(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t, nil)
	f.clock.Advance(time.Hour + 1234567*time.Nanosecond)
	require.NoError(t, f.svc.Change(ctx, change(first, second)))

	c := f.get("a1")
	assert.Equal(t, int64(3), c.Version, "one write counts the attempt, one stores the change")
	assert.Zero(t, c.FailedAttempts)
	assert.True(t, c.LastFailure.IsZero())
	assert.Regexp(t, `^\$argon2id\$`, c.Hash)
	assert.Empty(t, c.History, "no history is kept when the rule is off")
	want := f.clock.Now().UTC().Truncate(time.Microsecond)
	assert.Equal(t, want, c.ChangedAt)

	events := changes(f.observer)
	require.Len(t, events, 2, "Set and Change each send one event")
	assert.Equal(t, password.Changed{EventMeta: profilekit.EventMeta{AgentID: "a1", At: want, Instance: "test-1"}}, events[1])
	assert.Equal(t, profilekit.EventPasswordChanged, events[1].Kind())

	assert.NoError(t, f.svc.Verify(ctx, "a1", second))
	assert.ErrorIs(t, f.svc.Verify(ctx, "a1", first), password.ErrIncorrect)
}

func TestChangeWrongCurrentPassword(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t, nil)
	before := f.get("a1")
	err := f.svc.Change(ctx, change("not my password", second))
	var ve *password.ValidationError
	require.ErrorAs(t, err, &ve)
	assert.Equal(t, []password.FieldError{{Field: password.FieldCurrent, Code: profilekit.CodePasswordIncorrect, Message: "is not correct"}}, ve.Fields)
	assert.ErrorIs(t, err, password.ErrIncorrect, "the same error as Verify's")
	assert.ErrorIs(t, err, password.ErrInvalid)
	assert.Equal(t, profilekit.CodeInvalid, profilekit.CodeOf(err))

	after := f.get("a1")
	assert.Equal(t, before.Hash, after.Hash, "the password is unchanged")
	assert.Equal(t, 1, after.FailedAttempts)
	assert.Len(t, changes(f.observer), 1, "no event for a failed change")
}

func TestChangeNewPasswordProblems(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t, nil)
	tests := []struct {
		name string
		req  password.ChangeRequest
		want []password.FieldError
	}{
		{"RepeatDiffers", password.ChangeRequest{Subject: ada, Current: first, New: second, Repeat: third},
			[]password.FieldError{{Field: password.FieldRepeat, Code: profilekit.CodePasswordMismatch}}},
		{"SameAsCurrent", change(first, first),
			[]password.FieldError{{Field: password.FieldNew, Code: profilekit.CodePasswordSameAsCurrent}}},
		{"SameAsCurrentInAnotherNormalisationForm", password.ChangeRequest{Subject: ada, Current: first, New: "quiet\u00a0lanterns\u3000glow", Repeat: "quiet\u00a0lanterns\u3000glow"},
			[]password.FieldError{{Field: password.FieldNew, Code: profilekit.CodePasswordSameAsCurrent}}},
		{"PolicyAndRepeatAtOnce", password.ChangeRequest{Subject: ada, Current: first, New: "lovelace", Repeat: "Lovelace"},
			[]password.FieldError{{Field: password.FieldNew, Code: profilekit.CodePasswordTooShort}, {Field: password.FieldNew, Code: profilekit.CodePasswordContainsName}, {Field: password.FieldRepeat, Code: profilekit.CodePasswordMismatch}}},
		{"Empty", password.ChangeRequest{Subject: ada, Current: first},
			[]password.FieldError{{Field: password.FieldNew, Code: profilekit.CodePasswordTooShort}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := f.get("a1")
			err := f.svc.Change(ctx, tt.req)
			assert.Equal(t, tt.want, fieldCodes(t, err))
			after := f.get("a1")
			assert.Equal(t, before.Hash, after.Hash, "nothing changes on error")
			assert.Zero(t, after.FailedAttempts, "a correct current password does not count as a failure")
			assert.Len(t, changes(f.observer), 1)
		})
	}
}

// TestChangeReportsEveryField: a wrong or empty current password does not
// hide the problems of the new one; every field's problems come at once.
// A wrong current password reveals nothing about the agent's passwords
// through the new one (no same_as_current, no reused), and an empty one is
// required, not incorrect, and is no attempt.
func TestChangeReportsEveryField(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name      string
		req       password.ChangeRequest
		want      []password.FieldError
		incorrect bool
		failures  int
	}{
		{"WrongCurrentAndEveryNewProblem", password.ChangeRequest{Subject: ada, Current: "not my password", New: "lovelace", Repeat: "Lovelace"},
			[]password.FieldError{{Field: password.FieldCurrent, Code: profilekit.CodePasswordIncorrect}, {Field: password.FieldNew, Code: profilekit.CodePasswordTooShort},
				{Field: password.FieldNew, Code: profilekit.CodePasswordContainsName}, {Field: password.FieldRepeat, Code: profilekit.CodePasswordMismatch}}, true, 1},
		{"WrongCurrentAndEmptyNew", password.ChangeRequest{Subject: ada, Current: "not my password"},
			[]password.FieldError{{Field: password.FieldCurrent, Code: profilekit.CodePasswordIncorrect}, {Field: password.FieldNew, Code: profilekit.CodePasswordTooShort}}, true, 1},
		{"WrongCurrentTellsNothingOfTheRealOne", change("not my password", first),
			[]password.FieldError{{Field: password.FieldCurrent, Code: profilekit.CodePasswordIncorrect}}, true, 1},
		{"EmptyCurrent", change("", second),
			[]password.FieldError{{Field: password.FieldCurrent, Code: profilekit.CodePasswordRequired}}, false, 0},
		{"EmptyCurrentAndMismatch", password.ChangeRequest{Subject: ada, New: "lovelace", Repeat: "other"},
			[]password.FieldError{{Field: password.FieldCurrent, Code: profilekit.CodePasswordRequired}, {Field: password.FieldNew, Code: profilekit.CodePasswordTooShort},
				{Field: password.FieldNew, Code: profilekit.CodePasswordContainsName}, {Field: password.FieldRepeat, Code: profilekit.CodePasswordMismatch}}, false, 0},
		{"EverythingEmpty", password.ChangeRequest{Subject: ada},
			[]password.FieldError{{Field: password.FieldCurrent, Code: profilekit.CodePasswordRequired}, {Field: password.FieldNew, Code: profilekit.CodePasswordTooShort}}, false, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t, &password.Options{History: 3})
			before := f.get("a1")
			err := f.svc.Change(ctx, tt.req)
			assert.Equal(t, tt.want, fieldCodes(t, err))
			assert.Equal(t, tt.incorrect, errors.Is(err, password.ErrIncorrect))
			assert.ErrorIs(t, err, password.ErrInvalid)
			after := f.get("a1")
			assert.Equal(t, before.Hash, after.Hash, "the password is unchanged")
			assert.Equal(t, tt.failures, after.FailedAttempts)
			assert.Len(t, changes(f.observer), 1, "no event for a failed change")
		})
	}
}

// fieldCodes returns the field and code of each FieldError of err, a
// *ValidationError whose every FieldError has a message.
func fieldCodes(t *testing.T, err error) []password.FieldError {
	t.Helper()
	var ve *password.ValidationError
	require.ErrorAs(t, err, &ve)
	got := make([]password.FieldError, len(ve.Fields))
	for i, v := range ve.Fields {
		assert.NotEmpty(t, v.Message)
		got[i] = password.FieldError{Field: v.Field, Code: v.Code}
	}
	return got
}

func TestRepeatMayUseAnotherNormalisationForm(t *testing.T) {
	f := newFixture(t, nil)
	err := f.svc.Change(context.Background(), password.ChangeRequest{Subject: ada, Current: first, New: "café au lait, s'il", Repeat: "cafe\u0301 au lait, s'il"})
	require.NoError(t, err)
	assert.NoError(t, f.svc.Verify(context.Background(), "a1", "cafe\u0301 au lait, s'il"))
}

func TestChangeThrottlesWrongCurrentPasswords(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t, &password.Options{Throttle: password.Throttle{Free: 5, Delay: time.Second, MaxDelay: time.Minute}})
	wrong := change("not my password", second)
	for i := range 5 {
		var ve *password.ValidationError
		require.ErrorAs(t, f.svc.Change(ctx, wrong), &ve, "attempt %d is free", i+1)
	}
	for _, wait := range []time.Duration{time.Second, 2 * time.Second, 4 * time.Second} {
		err := f.svc.Change(ctx, change(first, second))
		var te *password.ThrottledError
		require.ErrorAs(t, err, &te, "even the right password waits")
		assert.ErrorIs(t, err, password.ErrThrottled)
		assert.Equal(t, wait, te.RetryAfter)
		assert.Equal(t, "a1", te.AgentID)
		assert.Equal(t, profilekit.CodePasswordThrottled, te.Code())
		f.clock.Advance(wait - time.Millisecond)
		require.ErrorAs(t, f.svc.Change(ctx, wrong), &te)
		assert.Equal(t, time.Millisecond, te.RetryAfter)
		f.clock.Advance(time.Millisecond)
		var ve *password.ValidationError
		require.ErrorAs(t, f.svc.Change(ctx, wrong), &ve)
	}
	f.clock.Advance(8 * time.Second)
	require.NoError(t, f.svc.Change(ctx, change(first, second)))
	assert.Zero(t, f.get("a1").FailedAttempts, "success clears the count")
}

func TestThrottleWait(t *testing.T) {
	th := password.Throttle{Free: 3, Delay: time.Second, MaxDelay: 10 * time.Second}
	got := []time.Duration{}
	for n := range 9 {
		got = append(got, th.Wait(n))
	}
	s := time.Second
	assert.Equal(t, []time.Duration{0, 0, 0, s, 2 * s, 4 * s, 8 * s, 10 * s, 10 * s}, got)
	assert.Equal(t, password.DefaultThrottleMaxDelay, password.Throttle{}.Wait(1000))
	assert.Equal(t, password.DefaultThrottleDelay, password.Throttle{}.Wait(password.DefaultThrottleFree))
}

func TestConcurrentGuessesAreCountedOneByOne(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t, nil)
	const guesses = 20
	var wg sync.WaitGroup
	var mu sync.Mutex
	incorrect, throttled := 0, 0
	for i := range guesses {
		wg.Go(func() {
			err := f.svc.Verify(ctx, "a1", fmt.Sprintf("guess %d", i))
			mu.Lock()
			defer mu.Unlock()
			switch {
			case errors.Is(err, password.ErrIncorrect):
				incorrect++
			case errors.Is(err, password.ErrThrottled):
				throttled++
			default:
				t.Errorf("unexpected error %v", err)
			}
		})
	}
	wg.Wait()
	assert.Equal(t, password.DefaultThrottleFree, incorrect, "only the free attempts were checked")
	assert.Equal(t, guesses-password.DefaultThrottleFree, throttled)
	assert.Equal(t, password.DefaultThrottleFree, f.get("a1").FailedAttempts)
}

func TestConcurrentChangesOnlyOneWins(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t, nil)
	const changers = 8
	var wg sync.WaitGroup
	errs := make([]error, changers)
	for i := range changers {
		wg.Go(func() {
			errs[i] = f.svc.Change(ctx, change(first, fmt.Sprintf("new password number %d", i)))
		})
	}
	wg.Wait()
	winner := -1
	for i, err := range errs {
		if err == nil {
			require.Equal(t, -1, winner, "two changes won")
			winner = i
			continue
		}
		var ve *password.ValidationError
		// A loser either lost the write, or found the password already
		// changed, or was throttled by the attempts counted in flight.
		if !errors.Is(err, password.ErrConflict) && !errors.Is(err, password.ErrThrottled) && !(errors.As(err, &ve) && ve.Has(profilekit.CodePasswordIncorrect)) {
			t.Errorf("change %d: unexpected error %v", i, err)
		}
	}
	require.NotEqual(t, -1, winner, "no change won")
	f.clock.Advance(time.Hour)
	assert.NoError(t, f.svc.Verify(ctx, "a1", fmt.Sprintf("new password number %d", winner)))
	assert.Len(t, changes(f.observer), 2, "one event for Set, one for the winner")
}

func TestChangeRefusesRecentPasswords(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t, &password.Options{History: 2})
	require.NoError(t, f.svc.Change(ctx, change(first, second)))
	require.NoError(t, f.svc.Change(ctx, change(second, third)))
	assert.Len(t, f.get("a1").History, 2)

	for _, old := range []string{first, second} {
		var ve *password.ValidationError
		require.ErrorAs(t, f.svc.Change(ctx, change(third, old)), &ve)
		assert.Equal(t, []profilekit.Code{profilekit.CodePasswordReused}, ve.Codes())
	}
	fourth := "amber tide pools at dusk"
	require.NoError(t, f.svc.Change(ctx, change(third, fourth)))
	assert.Len(t, f.get("a1").History, 2, "history is cut to its size")
	assert.NoError(t, f.svc.Change(ctx, change(fourth, first)), "the oldest password left the history")
}

func TestSet(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t, &password.Options{History: 1})
	c := f.get("a1")
	assert.Equal(t, int64(1), c.Version)
	assert.Len(t, changes(f.observer), 1)

	var ve *password.ValidationError
	require.ErrorAs(t, f.svc.Set(ctx, ada, first), &ve)
	assert.Equal(t, []profilekit.Code{profilekit.CodePasswordReused}, ve.Codes(), "with history on, a reset may not reuse the current password")
	require.ErrorAs(t, f.svc.Set(ctx, ada, "short"), &ve)
	assert.Equal(t, password.FieldPassword, ve.Fields[0].Field)
	assert.Equal(t, []profilekit.Code{profilekit.CodePasswordTooShort}, ve.Codes())

	require.ErrorIs(t, f.svc.Verify(ctx, "a1", "wrong"), password.ErrIncorrect)
	require.NoError(t, f.svc.Set(ctx, ada, second))
	c = f.get("a1")
	assert.Zero(t, c.FailedAttempts, "a reset clears the failure count")
	assert.Len(t, c.History, 1)
	assert.Len(t, changes(f.observer), 2)
	assert.NoError(t, f.svc.Verify(ctx, "a1", second))

	other := ada
	other.AgentID = "a2"
	require.NoError(t, f.svc.Set(ctx, other, third))
	assert.Equal(t, int64(1), f.get("a2").Version)
	assert.Empty(t, f.get("a2").History)
}

func TestUnknownAgent(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t, nil)
	nobody := change(first, second)
	nobody.Subject.AgentID = "nobody"
	assert.ErrorIs(t, f.svc.Change(ctx, nobody), password.ErrNotFound)
	assert.ErrorIs(t, f.svc.Verify(ctx, "nobody", first), password.ErrNotFound)

	inner := fastHasher()
	counting := &passwordmock.HasherMock{
		HashFunc: func(ctx context.Context, pw passwordmock.Secret) (string, error) { return inner.Hash(ctx, pw.Reveal()) },
		VerifyFunc: func(ctx context.Context, pw, encoded passwordmock.Secret) (bool, error) {
			return inner.Verify(ctx, pw.Reveal(), encoded.Reveal())
		},
		NeedsRehashFunc: func(encoded passwordmock.Secret) bool { return inner.NeedsRehash(encoded.Reveal()) },
	}
	svc := password.New(f.store, &password.Options{Hasher: passwordmock.Hasher(counting)})
	assert.ErrorIs(t, svc.Verify(ctx, "nobody", first), password.ErrNotFound)
	assert.Len(t, counting.HashCalls(), 1, "an unknown agent costs one hash, like a known one")
}

func TestVerifyUpgradesBcrypt(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t, nil)
	legacy, err := bcrypt.GenerateFromPassword([]byte("legacy password"), bcrypt.MinCost)
	require.NoError(t, err)
	require.NoError(t, f.store.SetCredential(ctx, password.Credential{AgentID: "old", Hash: string(legacy), Version: 1}, 0))

	require.ErrorIs(t, f.svc.Verify(ctx, "old", "legacy passwort"), password.ErrIncorrect)
	assert.Equal(t, string(legacy), f.get("old").Hash, "a failure upgrades nothing")
	require.NoError(t, f.svc.Verify(ctx, "old", "legacy password"))
	c := f.get("old")
	assert.Regexp(t, `^\$argon2id\$`, c.Hash, "bcrypt is replaced on the next success")
	assert.Zero(t, c.FailedAttempts)
	assert.NoError(t, f.svc.Verify(ctx, "old", "legacy password"))
	assert.Len(t, changes(f.observer), 1, "an upgrade is not a change")
}

func TestVerifyBcryptOfUnpreparedInput(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t, nil)
	typed := "cafe\u0301 au lait" // a legacy system hashed the decomposed form as typed
	legacy, err := bcrypt.GenerateFromPassword([]byte(typed), bcrypt.MinCost)
	require.NoError(t, err)
	require.NoError(t, f.store.SetCredential(ctx, password.Credential{AgentID: "old", Hash: string(legacy), Version: 1}, 0))
	require.NoError(t, f.svc.Verify(ctx, "old", typed))
	assert.NoError(t, f.svc.Verify(ctx, "old", "café au lait"), "after the upgrade, every normalisation form verifies")
}

func TestVerifyRehashesWeakerArgon2id(t *testing.T) {
	ctx := context.Background()
	weak := password.NewArgon2id(&password.Argon2idOptions{Params: password.Argon2idParams{Memory: 32, Iterations: 1}})
	strong := password.NewArgon2id(&password.Argon2idOptions{Params: password.Argon2idParams{Memory: 128, Iterations: 2}})
	f := newFixture(t, &password.Options{Hasher: weak})
	svc := password.New(f.store, &password.Options{Hasher: strong, Clock: f.clock})
	old := f.get("a1").Hash
	require.True(t, strong.NeedsRehash(old))
	require.NoError(t, svc.Verify(ctx, "a1", first))
	c := f.get("a1")
	assert.NotEqual(t, old, c.Hash)
	assert.False(t, strong.NeedsRehash(c.Hash))
}

func TestMalformedStoredHash(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t, nil)
	require.NoError(t, f.store.SetCredential(ctx, password.Credential{AgentID: "bad", Hash: "$argon2id$v=19$m=99999999,t=1,p=1$AAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAA", Version: 1}, 0))
	assert.ErrorIs(t, f.svc.Verify(ctx, "bad", first), password.ErrMalformedHash)
	bad := change(first, second)
	bad.Subject.AgentID = "bad"
	assert.ErrorIs(t, f.svc.Change(ctx, bad), password.ErrMalformedHash)
}

func TestServiceCancelledContext(t *testing.T) {
	f := newFixture(t, nil)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	assert.ErrorIs(t, f.svc.Change(ctx, change(first, second)), context.Canceled)
	assert.ErrorIs(t, f.svc.Verify(ctx, "a1", first), context.Canceled)
	assert.ErrorIs(t, f.svc.Set(ctx, ada, second), context.Canceled)
	assert.NoError(t, f.svc.Verify(context.Background(), "a1", first), "nothing changed")
}

func TestServiceDefaults(t *testing.T) {
	svc := password.New(memory.New(), nil)
	assert.Equal(t, password.DefaultMinLength, svc.Policy().MinLength(false))
	assert.Equal(t, password.DefaultMaxLength, svc.Policy().MaxLength())
}

func TestThrottlingHoldsAcrossInstances(t *testing.T) {
	ctx := context.Background()
	account := password.Throttle{Free: password.DefaultThrottleFree}
	f := newFixture(t, &password.Options{AccountThrottle: account})
	other := password.New(f.store, &password.Options{Hasher: fastHasher(), Clock: f.clock, AccountThrottle: account})
	for i := range password.DefaultThrottleFree {
		svc := f.svc
		if i%2 == 1 {
			svc = other
		}
		// A client of its own each time: only the account count adds up.
		require.ErrorIs(t, svc.VerifyFrom(ctx, "a1", fmt.Sprintf("198.51.100.%d", i), "guess"), password.ErrIncorrect)
	}
	assert.ErrorIs(t, other.VerifyFrom(ctx, "a1", "203.0.113.1", first), password.ErrThrottled, "the account count lives in the store, not in one Service")
	assert.ErrorIs(t, f.svc.VerifyFrom(ctx, "a1", "203.0.113.2", first), password.ErrThrottled)
}
