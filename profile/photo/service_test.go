package photo_test

import (
	"bytes"
	"context"
	"errors"
	"image"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gocloud.dev/blob"
	"gocloud.dev/blob/memblob"

	"github.com/convrs/profilekit"
	"github.com/convrs/profilekit/profile"
	"github.com/convrs/profilekit/profile/photo"
	"github.com/convrs/profilekit/profilekittest"
	"github.com/convrs/profilekit/storage/memory"
)

// fixture is a Service over a memory bucket and a memory profile store.
type fixture struct {
	store    *memory.Store
	profiles *profile.Service
	bucket   *blob.Bucket
	photos   *photo.Service
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	f := &fixture{store: memory.New(), bucket: memblob.OpenBucket(nil)}
	t.Cleanup(func() { _ = f.bucket.Close() })
	f.profiles = profile.New(f.store, nil)
	f.photos = photo.New(f.bucket, f.profiles, nil)
	return f
}

// agent creates an agent and returns its profile.
func (f *fixture) agent(t *testing.T, id string) profile.Profile {
	t.Helper()
	p, err := f.profiles.Create(context.Background(), profile.NewAgent{
		ID: id, Username: "user-" + id, Role: "agent", Name: "Ada Lovelace", PublicName: "Ada King",
	})
	require.NoError(t, err)
	return p
}

// set sets picture(t, seed) as p's photo and returns the profile.
func (f *fixture) set(t *testing.T, p profile.Profile, seed int) profile.Profile {
	t.Helper()
	next, err := f.photos.Set(context.Background(), p.ID, p.Version, bytes.NewReader(picture(t, seed)))
	require.NoError(t, err)
	return next
}

// keys lists the bucket's keys.
func (f *fixture) keys(t *testing.T) []string {
	t.Helper()
	var keys []string
	it := f.bucket.List(nil)
	for {
		obj, err := it.Next(context.Background())
		if err != nil {
			break
		}
		keys = append(keys, obj.Key)
	}
	sort.Strings(keys)
	return keys
}

// picture returns an encoded picture that differs with seed.
func picture(t *testing.T, seed int) []byte {
	t.Helper()
	m := quadrants(80, 64, seed%2 == 1)
	m.Pix[0] = byte(seed) // a different first pixel, different bytes
	return encodePNG(t, m)
}

// refKeys returns the keys a profile's reference names.
func refKeys(t *testing.T, p profile.Profile) []string {
	t.Helper()
	ref, err := photo.ParseRef(p.Photo)
	require.NoError(t, err, "reference %q", p.Photo)
	var keys []string
	for _, v := range ref.Variants {
		keys = append(keys, photo.Key(photo.DefaultPrefix, p.ID, ref.Format, v.Sum))
	}
	sort.Strings(keys)
	return keys
}

func TestSetStoresAvatarsAndPointsTheProfileAtThem(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	p := f.agent(t, "agent-1")
	next := f.set(t, p, 0)
	assert.Equal(t, p.Version+1, next.Version)
	assert.LessOrEqual(t, len(next.Photo), profile.MaxPhotoRefBytes)
	got, err := f.profiles.Get(ctx, p.ID)
	require.NoError(t, err)
	assert.Equal(t, next, got)

	keys := refKeys(t, next)
	assert.Equal(t, keys, f.keys(t), "the bucket holds exactly the three avatars")
	for _, k := range keys {
		attrs, err := f.bucket.Attributes(ctx, k)
		require.NoError(t, err)
		assert.Equal(t, "image/jpeg", attrs.ContentType)
		assert.Equal(t, photo.CacheControl, attrs.CacheControl)
	}

	for _, c := range []struct{ ask, want int }{{48, 48}, {1, 48}, {49, 128}, {128, 128}, {200, 512}, {4000, 512}} {
		a, err := f.photos.Avatar(ctx, p.ID, c.ask)
		require.NoError(t, err)
		assert.False(t, a.Default)
		assert.Equal(t, c.want, a.Size)
		assert.Equal(t, "image/jpeg", a.ContentType)
		m := decodeAny(t, a.Data)
		assert.Equal(t, image.Rect(0, 0, c.want, c.want), m.Bounds())
		assert.Contains(t, keys, a.Key)
		assert.Contains(t, a.Key, a.ETag)
	}
}

func TestSetStoresTheSamePhotoOnce(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	p := f.agent(t, "agent-1")
	first := f.set(t, p, 0)
	second, err := f.photos.Set(ctx, p.ID, first.Version, bytes.NewReader(picture(t, 0)))
	require.NoError(t, err)
	assert.Equal(t, first, second, "the same photo changes nothing")
	assert.Len(t, f.keys(t), 3)
}

func TestSetDeletesThePreviousPhotoAfterTheCommit(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	p := f.agent(t, "agent-1")
	other := f.agent(t, "agent-2")
	first := f.set(t, p, 0)
	// Another agent with the same picture has objects of its own.
	otherP := f.set(t, other, 0)

	second, err := f.photos.Set(ctx, p.ID, first.Version, bytes.NewReader(picture(t, 1)))
	require.NoError(t, err)
	assert.Equal(t, photo.PNG.ContentType(), mustAvatar(t, f, p.ID, 48).ContentType, "a transparent photo gives PNG avatars")
	want := append(refKeys(t, second), refKeys(t, otherP)...)
	sort.Strings(want)
	assert.Equal(t, want, f.keys(t))
}

func mustAvatar(t *testing.T, f *fixture, id string, size int) *photo.Avatar {
	t.Helper()
	a, err := f.photos.Avatar(context.Background(), id, size)
	require.NoError(t, err)
	return a
}

// countingReader records whether it was read.
type countingReader struct {
	r    *bytes.Reader
	read bool
}

func (c *countingReader) Read(p []byte) (int, error) { c.read = true; return c.r.Read(p) }

func TestSetRefusesAStaleVersionBeforeReading(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	p := f.agent(t, "agent-1")
	r := &countingReader{r: bytes.NewReader(picture(t, 0))}
	_, err := f.photos.Set(context.Background(), p.ID, p.Version+1, r)
	assert.ErrorIs(t, err, profile.ErrConflict)
	assert.Equal(t, profilekit.CodeProfileConflict, profilekit.CodeOf(err))
	assert.False(t, r.read)
	assert.Empty(t, f.keys(t))

	_, err = f.photos.Set(context.Background(), "nobody", 1, r)
	assert.ErrorIs(t, err, profile.ErrNotFound)
}

func TestSetChecksTheAgentID(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	for _, id := range []string{"", "has space", string(bytes.Repeat([]byte("a"), 129))} {
		_, err := f.photos.Set(context.Background(), id, 1, bytes.NewReader(picture(t, 0)))
		var verr *photo.ValidationError
		require.ErrorAs(t, err, &verr)
		_, ok := verr.Field(photo.FieldAgentID)
		assert.True(t, ok)
		_, err = f.photos.Remove(context.Background(), id, 1)
		assert.ErrorIs(t, err, photo.ErrInvalid)
		_, err = f.photos.Avatar(context.Background(), id, 48)
		assert.ErrorIs(t, err, photo.ErrInvalid)
	}
}

func TestSetRefusedUploadChangesNothing(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	p := f.agent(t, "agent-1")
	_, err := f.photos.Set(ctx, p.ID, p.Version, bytes.NewReader([]byte("<svg/>")))
	assertCode(t, err, profilekit.CodePhotoUnsupportedFormat)
	got, err := f.profiles.Get(ctx, p.ID)
	require.NoError(t, err)
	assert.Equal(t, p, got)
	assert.Empty(t, f.keys(t))
}

// failingCommit is Profiles whose SetPhoto fails.
type failingCommit struct {
	photo.Profiles
	err error
}

func (f failingCommit) SetPhoto(context.Context, string, int64, string) (profile.Profile, error) {
	return profile.Profile{}, f.err
}

func TestSetFailedCommitLeavesProfileAndBucketAsTheyWere(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	p := f.agent(t, "agent-1")
	first := f.set(t, p, 0)
	before := f.keys(t)

	boom := errors.New("database unavailable")
	broken := photo.New(f.bucket, failingCommit{Profiles: f.profiles, err: boom}, nil)
	_, err := broken.Set(ctx, p.ID, first.Version, bytes.NewReader(picture(t, 2)))
	assert.ErrorIs(t, err, boom)
	got, err := f.profiles.Get(ctx, p.ID)
	require.NoError(t, err)
	assert.Equal(t, first, got)
	assert.Equal(t, before, f.keys(t), "the new objects are deleted, the current ones kept")

	// Committing the photo the profile already has, and failing, deletes
	// nothing the profile refers to.
	_, err = broken.Set(ctx, p.ID, first.Version, bytes.NewReader(picture(t, 0)))
	assert.ErrorIs(t, err, boom)
	assert.Equal(t, before, f.keys(t))
}

func TestConcurrentSetsHaveOneWinnerAndNoLeftovers(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	p := f.agent(t, "agent-1")
	// Two Services, as on two instances: they do not share locks.
	services := []*photo.Service{f.photos, photo.New(f.bucket, f.profiles, nil)}
	const n = 6
	var wg sync.WaitGroup
	errs := make([]error, n)
	for i := range n {
		wg.Go(func() {
			_, errs[i] = services[i%2].Set(ctx, p.ID, p.Version, bytes.NewReader(picture(t, 10+i)))
		})
	}
	wg.Wait()
	wins := 0
	for _, err := range errs {
		if err == nil {
			wins++
		} else {
			assert.ErrorIs(t, err, profile.ErrConflict)
		}
	}
	assert.Equal(t, 1, wins)
	got, err := f.profiles.Get(ctx, p.ID)
	require.NoError(t, err)
	assert.Equal(t, refKeys(t, got), f.keys(t))
}

func TestRemoveClearsTheReferenceThenDeletes(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	p := f.agent(t, "agent-1")
	set := f.set(t, p, 0)

	_, err := f.photos.Remove(ctx, p.ID, p.Version)
	assert.ErrorIs(t, err, profile.ErrConflict)
	assert.Len(t, f.keys(t), 3)

	removed, err := f.photos.Remove(ctx, p.ID, set.Version)
	require.NoError(t, err)
	assert.Empty(t, removed.Photo)
	assert.Equal(t, set.Version+1, removed.Version)
	assert.Empty(t, f.keys(t))
	a := mustAvatar(t, f, p.ID, 128)
	assert.True(t, a.Default)
	assert.Equal(t, 128, a.Size)

	again, err := f.photos.Remove(ctx, p.ID, removed.Version)
	require.NoError(t, err)
	assert.Equal(t, removed, again, "removing no photo changes nothing")
}

func TestAvatarFallsBackToTheDefault(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	p := f.agent(t, "agent-1")
	a := mustAvatar(t, f, p.ID, 512)
	assert.True(t, a.Default)
	assert.Equal(t, "image/png", a.ContentType)
	assert.Empty(t, a.Key)
	assert.Equal(t, photo.NewDefault(p.ID, p.PublicName).ETag(512), a.ETag)

	set := f.set(t, p, 0)
	// A missing object shows the default, not a broken image.
	require.NoError(t, f.bucket.Delete(ctx, mustAvatar(t, f, p.ID, 48).Key))
	assert.True(t, mustAvatar(t, f, p.ID, 48).Default)
	assert.False(t, mustAvatar(t, f, p.ID, 128).Default)

	// A reference from elsewhere (set before this package existed).
	_, err := f.profiles.SetPhoto(ctx, p.ID, set.Version, "legacy/photo-17.png")
	require.NoError(t, err)
	assert.True(t, mustAvatar(t, f, p.ID, 48).Default)

	_, err = f.photos.Avatar(ctx, "nobody", 48)
	assert.ErrorIs(t, err, profile.ErrNotFound)
}

func TestRefRoundTripAndStrictParsing(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	p := f.agent(t, "agent-1")
	set, err := f.photos.Set(context.Background(), p.ID, p.Version, bytes.NewReader(picture(t, 0)))
	require.NoError(t, err)
	ref, err := photo.ParseRef(set.Photo)
	require.NoError(t, err)
	assert.Equal(t, set.Photo, ref.String())
	assert.Equal(t, photo.JPEG, ref.Format)
	require.Len(t, ref.Variants, 3)

	hash := strings.Repeat("ab", 32)
	for _, bad := range []string{
		"", "jpg", "jpg:", "gif:48-" + hash, "jpg:48-" + hash[:63], "jpg:048-" + hash, "jpg:0-" + hash,
		"jpg:4097-" + hash, "jpg:48-" + hash + ",128-" + hash, "jpg:48-" + hash + ",48-" + hash,
		"jpg:48-" + string(bytes.ToUpper([]byte(hash))), "jpg:48-" + hash[:62] + "zz", "jpg:48+" + hash,
		"jpg:7-" + hash + ",6-" + hash + ",5-" + hash + ",4-" + hash + ",3-" + hash + ",2-" + hash + ",1-" + hash,
	} {
		_, err := photo.ParseRef(bad)
		assert.Error(t, err, "%q", bad)
	}
	_, err = photo.ParseRef("png:6-" + hash + ",5-" + hash + ",4-" + hash + ",3-" + hash + ",2-" + hash + ",1-" + hash)
	assert.NoError(t, err, "MaxSizes sizes")
}

func TestKeysKeepAgentsApart(t *testing.T) {
	t.Parallel()
	var sum [32]byte
	a := photo.Key("p/", "Ab", photo.JPEG, sum)
	b := photo.Key("p/", "aB", photo.JPEG, sum)
	c := photo.Key("p/", "a/b", photo.JPEG, sum)
	assert.NotEqual(t, bytes.ToLower([]byte(a)), bytes.ToLower([]byte(b)), "keys differ even on a case-insensitive file system")
	assert.NotContains(t, c[len("p/"):], "a/b")
	long := photo.Key("", string(bytes.Repeat([]byte("~"), profilekit.MaxIDLength)), photo.PNG, sum)
	seg, _, _ := bytes.Cut([]byte(long), []byte("/"))
	assert.LessOrEqual(t, len(seg), 255, "a path element fits a file name")
}

func TestSetWaitsForItsContext(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	p := f.agent(t, "agent-1")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := f.photos.Set(ctx, p.ID, p.Version, bytes.NewReader(picture(t, 0)))
	assert.ErrorIs(t, err, context.Canceled)
}

func TestSetAndRemoveRaiseOneProfileEventEach(t *testing.T) {
	t.Parallel()
	rec := &profilekittest.Recorder{}
	store := memory.New()
	profiles := profile.New(store, &profile.Options{Observer: rec})
	bucket := memblob.OpenBucket(nil)
	defer bucket.Close()
	photos := photo.New(bucket, profiles, nil)
	ctx := context.Background()
	p, err := profiles.Create(ctx, profile.NewAgent{ID: "agent-1", Username: "ada", Role: "agent", Name: "Ada", PublicName: "Ada"})
	require.NoError(t, err)
	p, err = photos.Set(ctx, p.ID, p.Version, bytes.NewReader(picture(t, 0)))
	require.NoError(t, err)
	_, err = photos.Set(ctx, p.ID, p.Version+5, bytes.NewReader(picture(t, 1)))
	require.Error(t, err)
	_, err = photos.Remove(ctx, p.ID, p.Version)
	require.NoError(t, err)

	events := rec.Events()
	require.Len(t, events, 3, "create, set, remove; nothing for the refused call")
	for _, e := range events[1:] {
		saved, ok := e.(profile.Saved)
		require.True(t, ok, "%T", e)
		assert.Equal(t, []string{profile.FieldPhoto}, saved.Fields)
		assert.Equal(t, "agent-1", saved.Meta().AgentID)
	}
}
