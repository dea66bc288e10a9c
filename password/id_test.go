package password_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"

	"github.com/convrs/profilekit/internal/kit"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/convrs/profilekit"
	"github.com/convrs/profilekit/password"
	"github.com/convrs/profilekit/password/passwordmock"
	"github.com/convrs/profilekit/profilekittest"
	"github.com/convrs/profilekit/storage/memory"
)

// badIDs break profilekit's ID rule; the last is 1 MB.
var badIDs = map[string]struct {
	id   string
	code profilekit.Code
}{
	"Empty":       {"", profilekit.CodeIDRequired},
	"NUL":         {"a\x00b", profilekit.CodeIDInvalidChars},
	"InvalidUTF8": {"a\xffb", profilekit.CodeIDInvalidChars},
	"Space":       {"a b", profilekit.CodeIDInvalidChars},
	"OneMegabyte": {strings.Repeat("x", 1<<20), profilekit.CodeIDTooLong},
}

// untouchable is a store every call to which fails the test.
func untouchable(t *testing.T) password.CredentialStore {
	return passwordmock.CredentialStore(&passwordmock.CredentialStoreMock{
		GetCredentialFunc: func(context.Context, string) (password.Credential, error) {
			t.Error("the store saw an invalid ID")
			return password.Credential{}, password.ErrNotFound
		},
		SetCredentialFunc: func(context.Context, passwordmock.SecretCredential, int64) error {
			t.Error("the store saw an invalid ID")
			return nil
		},
	})
}

// assertBadID checks that err refuses the agent ID with code, briefly.
func assertBadID(t *testing.T, err error, code profilekit.Code) {
	t.Helper()
	var ve *password.ValidationError
	require.ErrorAs(t, err, &ve)
	require.Len(t, ve.Fields, 1)
	assert.Equal(t, password.FieldAgentID, ve.Fields[0].Field)
	assert.Equal(t, code, ve.Fields[0].Code)
	assert.ErrorIs(t, err, password.ErrInvalid)
	assert.Less(t, len(err.Error()), 200, "errors never echo a whole ID")
}

// TestEveryMethodChecksTheAgentID: Set, Change and Verify refuse an ID
// that breaks profilekit's ID rule before a store sees it (issue 9, item
// 4: Set stored NUL, invalid UTF-8 and 1 MB IDs on memory and SQLite), and
// their errors stay short (item 5).
func TestEveryMethodChecksTheAgentID(t *testing.T) {
	ctx := context.Background()
	for name, tt := range badIDs {
		t.Run(name, func(t *testing.T) {
			svc := password.New(untouchable(t), &password.Options{Hasher: fastHasher()})
			s := ada
			s.AgentID = tt.id
			assertBadID(t, svc.Set(ctx, s, first), tt.code)
			assertBadID(t, svc.Change(ctx, password.ChangeRequest{Subject: s, Current: first, New: second, Repeat: second}), tt.code)
			assertBadID(t, svc.Verify(ctx, tt.id, first), tt.code)
		})
	}
}

// TestSetRefusesBadIDsOnARealStore is issue 9's reproduction: memory
// stored every one of these IDs.
func TestSetRefusesBadIDsOnARealStore(t *testing.T) {
	ctx := context.Background()
	store := memory.New()
	svc := password.New(store, &password.Options{Hasher: fastHasher()})
	for name, tt := range badIDs {
		s := ada
		s.AgentID = tt.id
		assert.ErrorIs(t, svc.Set(ctx, s, first), password.ErrInvalid, name)
		_, err := store.GetCredential(ctx, tt.id)
		assert.ErrorIs(t, err, password.ErrNotFound, "%s was stored", name)
	}
}

// TestVerifySpendsAHashOnEveryFailedLookup: an unknown agent and an
// invalid ID both cost one hash, as a known agent does.
func TestVerifySpendsAHashOnEveryFailedLookup(t *testing.T) {
	ctx := context.Background()
	inner := fastHasher()
	for _, id := range []string{"nobody", "", "a\x00b", strings.Repeat("x", 1<<20)} {
		counting := &passwordmock.HasherMock{
			HashFunc: func(ctx context.Context, pw passwordmock.Secret) (string, error) { return inner.Hash(ctx, pw.Reveal()) },
		}
		svc := password.New(memory.New(), &password.Options{Hasher: passwordmock.Hasher(counting)})
		err := svc.Verify(ctx, id, first)
		require.Error(t, err)
		assert.Less(t, len(err.Error()), 200)
		assert.Len(t, counting.HashCalls(), 1, "Verify(%.12q) spends one hash", id)
	}
}

// TestLongIDsGiveShortErrors: no error of the Service repeats a whole
// agent ID, even a valid one of the longest length (issue 9, item 5).
func TestLongIDsGiveShortErrors(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t, nil)
	long := ada
	long.AgentID = strings.Repeat("L", profilekit.MaxIDLength)
	wrongChange := password.ChangeRequest{Subject: long, Current: "not my password", New: second, Repeat: second}
	errs := []error{f.svc.Verify(ctx, long.AgentID, first)} // not found yet
	require.NoError(t, f.svc.Set(ctx, long, first))
	for range password.DefaultThrottleFree + 1 {
		errs = append(errs, f.svc.Change(ctx, wrongChange))
	}
	errs = append(errs, f.svc.Verify(ctx, long.AgentID, first))
	var te *password.ThrottledError
	require.ErrorAs(t, errs[len(errs)-1], &te)
	for _, err := range errs {
		if err != nil {
			assert.NotContains(t, err.Error(), long.AgentID)
		}
	}
}

// TestWrongPasswordIsOneError: a wrong current password is the same error
// from Change and Verify (issue 8): a *ValidationError with
// CodePasswordIncorrect on the field in question, whose Cause is
// ErrIncorrect. Before, Change returned the first without the Cause and
// Verify the second alone.
func TestWrongPasswordIsOneError(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t, nil)
	for _, tt := range []struct {
		name  string
		err   error
		field string
	}{
		{"Change", f.svc.Change(ctx, change("not my password", second)), password.FieldCurrent},
		{"Verify", f.svc.Verify(ctx, "a1", "not my password"), password.FieldPassword},
	} {
		t.Run(tt.name, func(t *testing.T) {
			assert.ErrorIs(t, tt.err, password.ErrIncorrect)
			assert.ErrorIs(t, tt.err, password.ErrInvalid)
			var ve *password.ValidationError
			require.ErrorAs(t, tt.err, &ve)
			assert.Equal(t, []password.FieldError{{Field: tt.field, Code: profilekit.CodePasswordIncorrect, Message: "is not correct"}}, ve.Fields)
			assert.Equal(t, "password", ve.Domain)
			var pe *profilekit.ValidationError
			assert.ErrorAs(t, tt.err, &pe, "the one profilekit type")
		})
	}
	assert.Equal(t, 2, f.get("a1").FailedAttempts, "both count towards throttling")
}

// TestSentinelsHaveCatalogueCodes: every sentinel is a *profilekit.Error
// whose code is in the catalogue.
func TestSentinelsHaveCatalogueCodes(t *testing.T) {
	for err, code := range map[error]profilekit.Code{
		password.ErrNotFound:             profilekit.CodeCredentialNotFound,
		password.ErrConflict:             profilekit.CodeCredentialConflict,
		password.ErrIncorrect:            profilekit.CodePasswordIncorrect,
		password.ErrThrottled:            profilekit.CodePasswordThrottled,
		password.ErrMalformedHash:        profilekit.CodeCredentialMalformed,
		password.ErrBlocklistUnavailable: profilekit.CodePasswordCheckUnavailable,
		password.ErrInvalid:              profilekit.CodeInvalid,
	} {
		var pe *profilekit.Error
		require.True(t, errors.As(err, &pe), "%v", err)
		assert.Equal(t, code, profilekit.CodeOf(err))
		assert.True(t, code.Known(), code)
		assert.True(t, strings.HasPrefix(err.Error(), "password: ") || err == password.ErrInvalid, err.Error())
	}
}

// TestEventsAreOrderedPerAgent: with an Observer, events about one agent
// arrive in the order their writes were stored, however the calls race.
func TestEventsAreOrderedPerAgent(t *testing.T) {
	ctx := context.Background()
	store := memory.New()
	var mu sync.Mutex
	var versions []int64 // the stored version each event saw, in order of arrival
	observer := profilekit.ObserverFunc(func(ctx context.Context, e profilekit.Event) {
		c, err := store.GetCredential(ctx, e.Meta().AgentID)
		assert.NoError(t, err)
		mu.Lock()
		defer mu.Unlock()
		versions = append(versions, c.Version)
	})
	svc := password.New(store, &password.Options{Hasher: fastHasher(), Observer: observer})
	const writers = 8
	var wg sync.WaitGroup
	for range writers {
		wg.Go(func() {
			for {
				err := svc.Set(ctx, ada, first)
				if !errors.Is(err, password.ErrConflict) {
					assert.NoError(t, err)
					return
				}
			}
		})
	}
	wg.Wait()
	require.Len(t, versions, writers)
	for i := 1; i < len(versions); i++ {
		assert.Less(t, versions[i-1], versions[i], "events arrived out of the order of their writes: %v", versions)
	}
}

// TestChangedEvent: the event's kind, metadata and default instance.
func TestChangedEvent(t *testing.T) {
	ctx := context.Background()
	rec := &profilekittest.Recorder{}
	svc := password.New(memory.New(), &password.Options{Hasher: fastHasher(), Observer: rec})
	require.NoError(t, svc.Set(ctx, ada, first))
	got := rec.Events()
	require.Len(t, got, 1)
	assert.Equal(t, profilekit.EventPasswordChanged, got[0].Kind())
	assert.Equal(t, "a1", got[0].Meta().AgentID)
	assert.Equal(t, kit.DefaultInstance(), got[0].Meta().Instance)
	assert.False(t, got[0].Meta().At.IsZero())
}
