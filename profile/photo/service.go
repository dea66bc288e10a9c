package photo

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"time"

	"github.com/convrs/profilekit/internal/kit"

	"gocloud.dev/blob"
	"gocloud.dev/gcerrors"

	"github.com/convrs/profilekit/internal/stripe"
	"github.com/convrs/profilekit/profile"
)

// Profiles is the part of profile.Service that Service uses:
// *profile.Service implements it.
type Profiles interface {
	// Get returns an agent's profile.
	Get(ctx context.Context, id string) (profile.Profile, error)
	// SetPhoto points the profile at a photo reference ("" for none) if,
	// and only if, the profile is at version.
	SetPhoto(ctx context.Context, id string, version int64, ref string) (profile.Profile, error)
}

// CacheControl is the Cache-Control header of every avatar object: a key's
// bytes never change, since the key is their hash.
const CacheControl = "public, max-age=31536000, immutable"

// cleanupTimeout bounds the deletions made after a failed or finished
// change, which run even when the caller's context has ended.
const cleanupTimeout = 30 * time.Second

// Service sets, removes and serves agents' profile photos: it runs the
// pipeline of Processor, stores the avatars in a bucket and points the
// agent's profile at them through Profiles. It is safe for concurrent use.
type Service struct {
	proc     *Processor
	bucket   *blob.Bucket
	profiles Profiles
	prefix   string
	locks    *stripe.Locks
}

// New returns a Service storing avatars in bucket and references in
// profiles (a *profile.Service). opts may be nil. The Service does not
// close the bucket.
func New(bucket *blob.Bucket, profiles Profiles, opts *Options) *Service {
	p := NewProcessor(opts)
	return &Service{proc: p, bucket: bucket, profiles: profiles, prefix: p.opts.Prefix, locks: stripe.New()}
}

// Processor returns the Service's pipeline.
func (s *Service) Processor() *Processor { return s.proc }

// Set makes the upload read from r the photo of agent agentID, whose
// profile must be at version, and returns the updated profile.
//
// It reads the profile (failing with profile.ErrNotFound or, when the
// version differs, profile.ErrConflict before reading r), runs the
// pipeline (a *ValidationError for FieldPhoto when the upload is refused),
// stores the avatars, commits the reference with profile.Service.SetPhoto
// under the version check, and only then deletes the previous photo's
// objects. A failure at any step leaves the profile as it was; the objects
// this call stored are then deleted unless the profile refers to them, and
// any that could not be are left to Sweep. A previous object that cannot
// be deleted after the commit is left to Sweep too: the call still
// succeeds.
func (s *Service) Set(ctx context.Context, agentID string, version int64, r io.Reader) (profile.Profile, error) {
	if err := checkAgent(agentID); err != nil {
		return profile.Profile{}, err
	}
	cur, err := s.current(ctx, agentID, version)
	if err != nil {
		return profile.Profile{}, err
	}
	ph, err := s.proc.Process(ctx, r)
	if err != nil {
		return profile.Profile{}, err
	}
	ref := refOf(ph)
	keys := ref.keys(s.prefix, agentID)

	unlock := s.locks.Lock(agentID)
	defer unlock()
	for i, v := range ph.Variants {
		err := s.bucket.WriteAll(ctx, keys[i], v.Data, &blob.WriterOptions{
			ContentType:  v.Format.ContentType(),
			CacheControl: CacheControl,
		})
		if err != nil {
			s.discard(ctx, agentID, keys[:i+1])
			return profile.Profile{}, fmt.Errorf("photo: store avatar of %s: %w", kit.QuoteID(agentID), err)
		}
	}
	next, err := s.profiles.SetPhoto(ctx, agentID, version, ref.String())
	if err != nil {
		s.discard(ctx, agentID, keys)
		return profile.Profile{}, err
	}
	s.deleteReplaced(ctx, agentID, cur.Photo, keys)
	return next, nil
}

// Remove removes the photo of agent agentID, whose profile must be at
// version, and returns the updated profile; the agent is then shown the
// default avatar. The reference is cleared first and the objects deleted
// after, as in Set. Removing when there is no photo changes nothing.
func (s *Service) Remove(ctx context.Context, agentID string, version int64) (profile.Profile, error) {
	if err := checkAgent(agentID); err != nil {
		return profile.Profile{}, err
	}
	unlock := s.locks.Lock(agentID)
	defer unlock()
	cur, err := s.current(ctx, agentID, version)
	if err != nil || cur.Photo == "" {
		return cur, err
	}
	next, err := s.profiles.SetPhoto(ctx, agentID, version, "")
	if err != nil {
		return profile.Profile{}, err
	}
	s.deleteReplaced(ctx, agentID, cur.Photo, nil)
	return next, nil
}

// current returns the agent's profile if it is at version.
func (s *Service) current(ctx context.Context, agentID string, version int64) (profile.Profile, error) {
	cur, err := s.profiles.Get(ctx, agentID)
	if err != nil {
		return profile.Profile{}, err
	}
	if cur.Version != version {
		return profile.Profile{}, fmt.Errorf("photo: change photo of %s at version %d (current %d): %w",
			kit.QuoteID(agentID), version, cur.Version, profile.ErrConflict)
	}
	return cur, nil
}

// deleteReplaced deletes the objects of the reference old that are not
// among keep, after a new reference has been committed. Failures are left
// to Sweep.
func (s *Service) deleteReplaced(ctx context.Context, agentID, old string, keep []string) {
	ref, err := ParseRef(old)
	if err != nil {
		return // not a photo of this package, or none
	}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), cleanupTimeout)
	defer cancel()
	for _, k := range ref.keys(s.prefix, agentID) {
		if !slices.Contains(keep, k) {
			_ = s.delete(ctx, k)
		}
	}
}

// discard deletes objects stored by a change that then failed, except
// those the agent's profile now refers to (the same photo set before, or
// by a concurrent change). When the profile cannot be read the objects are
// left to Sweep.
func (s *Service) discard(ctx context.Context, agentID string, keys []string) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), cleanupTimeout)
	defer cancel()
	var keep []string
	p, err := s.profiles.Get(ctx, agentID)
	switch {
	case err == nil:
		if ref, err := ParseRef(p.Photo); err == nil {
			keep = ref.keys(s.prefix, agentID)
		}
	case !errors.Is(err, profile.ErrNotFound):
		return
	}
	for _, k := range keys {
		if !slices.Contains(keep, k) {
			_ = s.delete(ctx, k)
		}
	}
}

// delete deletes one object; a missing one is not an error.
func (s *Service) delete(ctx context.Context, key string) error {
	if err := s.bucket.Delete(ctx, key); err != nil && gcerrors.Code(err) != gcerrors.NotFound {
		return err
	}
	return nil
}

// Avatar is an image to show for an agent.
type Avatar struct {
	// Size is the side of the square, in pixels.
	Size int
	// ContentType is "image/jpeg" or "image/png".
	ContentType string
	// Data is the encoded image.
	Data []byte
	// ETag is a strong validator of Data: the hex SHA-256 of a stored
	// avatar, or a hash of what a default avatar is drawn from.
	ETag string
	// Key is the object's key in the bucket, for a program that serves
	// avatars from the bucket directly (a CDN, a signed URL); "" for a
	// default avatar.
	Key string
	// Default reports a default avatar: the agent has no photo, or its
	// object is missing.
	Default bool
}

// Avatar returns the image to show for agent agentID at size pixels: the
// stored avatar of the smallest configured size at least that large (the
// largest when none is), or the default avatar at that configured size
// when the agent has no photo, when its reference is not one of this
// package's, or when its object is missing (so the header never shows a
// broken image). An agent without a profile is profile.ErrNotFound.
func (s *Service) Avatar(ctx context.Context, agentID string, size int) (*Avatar, error) {
	if err := checkAgent(agentID); err != nil {
		return nil, err
	}
	p, err := s.profiles.Get(ctx, agentID)
	if err != nil {
		return nil, err
	}
	ref, err := ParseRef(p.Photo)
	if err != nil {
		return s.defaultAvatar(p, size)
	}
	v := ref.Best(size)
	key := Key(s.prefix, agentID, ref.Format, v.Sum)
	data, err := s.bucket.ReadAll(ctx, key)
	if gcerrors.Code(err) == gcerrors.NotFound {
		return s.defaultAvatar(p, size)
	}
	if err != nil {
		return nil, fmt.Errorf("photo: read avatar of %s: %w", kit.QuoteID(agentID), err)
	}
	return &Avatar{Size: v.Size, ContentType: ref.Format.ContentType(), Data: data, ETag: fmt.Sprintf("%x", v.Sum), Key: key}, nil
}

// defaultAvatar draws the default avatar of p at the configured size that
// best serves a request of size pixels.
func (s *Service) defaultAvatar(p profile.Profile, size int) (*Avatar, error) {
	n := Ref{Variants: variantsOfSizes(s.proc.opts.Sizes)}.Best(size).Size
	d := NewDefault(p.ID, p.PublicName)
	data, err := d.PNG(n)
	if err != nil {
		return nil, err
	}
	return &Avatar{Size: n, ContentType: PNG.ContentType(), Data: data, ETag: d.ETag(n), Default: true}, nil
}

// variantsOfSizes returns one RefVariant per size, for Ref.Best.
func variantsOfSizes(sizes []int) []RefVariant {
	out := make([]RefVariant, len(sizes))
	for i, n := range sizes {
		out[i].Size = n
	}
	return out
}
