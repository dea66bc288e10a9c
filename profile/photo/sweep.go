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

	"github.com/convrs/profilekit/profile"
)

// ProfileStore is what Sweep reads profiles with: any profile.Store (and
// so any storage adapter) is one.
type ProfileStore interface {
	// GetProfile returns the profile with the given ID, or an error
	// wrapping profile.ErrNotFound.
	GetProfile(ctx context.Context, id string) (profile.Profile, error)
}

// DefaultSweepMinAge is how old an object must be before Sweep deletes it
// when Options.SweepMinAge is zero: far longer than an upload takes from storing its avatars to
// committing its reference.
const DefaultSweepMinAge = time.Hour

// SweepResult counts what Sweep did.
type SweepResult struct {
	// Scanned counts the objects under the prefix.
	Scanned int
	// Deleted counts the objects deleted: nothing referred to them.
	Deleted int
	// Referenced counts the objects an agent's profile refers to.
	Referenced int
	// Young counts unreferenced objects kept because they are younger
	// than Options.SweepMinAge.
	Young int
	// Foreign counts keys under the prefix that this package did not
	// write; they are left alone.
	Foreign int
}

// Sweep deletes the avatar objects in bucket that no profile in store
// refers to: those of an upload whose commit failed or lost a race, of a
// previous photo whose deletion failed after the commit, and of agents
// whose profile is gone. Run it from time to time (daily, say) on one
// instance, with the Options the Services were built with (nil for the
// defaults); it is safe while Services write, as objects younger than
// Options.SweepMinAge are kept and an object is checked again just before
// it is deleted.
//
// Sweep lists every object under the prefix, reads the profile of each
// agent found once, keeps the objects its Photo reference names and
// deletes the rest. It stops at the first error of the bucket or the store
// other than a missing profile or object, returning what it did so far.
func Sweep(ctx context.Context, bucket *blob.Bucket, store ProfileStore, opts *Options) (SweepResult, error) {
	var o Options
	if opts != nil {
		o = *opts
	}
	o = o.normalise()
	clock := kit.Clock(o.Clock)

	var res SweepResult
	var agent string
	var keep []string
	it := bucket.List(&blob.ListOptions{Prefix: o.Prefix})
	for {
		obj, err := it.Next(ctx)
		if errors.Is(err, io.EOF) {
			return res, nil
		}
		if err != nil {
			return res, fmt.Errorf("photo: sweep: list: %w", err)
		}
		if obj.IsDir {
			continue
		}
		res.Scanned++
		id, ok := parseKey(o.Prefix, obj.Key)
		if !ok {
			res.Foreign++
			continue
		}
		if id != agent || keep == nil {
			// Keys of one agent are listed together, so each profile is
			// read once.
			agent = id
			if keep, err = referenced(ctx, store, o.Prefix, id); err != nil {
				return res, err
			}
		}
		if slices.Contains(keep, obj.Key) {
			res.Referenced++
			continue
		}
		deleted, err := deleteIfOld(ctx, bucket, obj.Key, clock.Now().Add(-o.SweepMinAge))
		if err != nil {
			return res, err
		}
		if deleted {
			res.Deleted++
		} else {
			res.Young++
		}
	}
}

// referenced returns the keys agent id's profile refers to: none when the
// profile is gone or holds no photo of this package.
func referenced(ctx context.Context, store ProfileStore, prefix, id string) ([]string, error) {
	p, err := store.GetProfile(ctx, id)
	if errors.Is(err, profile.ErrNotFound) {
		return []string{}, nil
	}
	if err != nil {
		return nil, err
	}
	ref, err := ParseRef(p.Photo)
	if err != nil {
		return []string{}, nil
	}
	return ref.keys(prefix, id), nil
}

// deleteIfOld deletes key if it was last written before cutoff, reading
// its time again rather than trusting the listing: an upload may have
// rewritten it since.
func deleteIfOld(ctx context.Context, bucket *blob.Bucket, key string, cutoff time.Time) (bool, error) {
	attrs, err := bucket.Attributes(ctx, key)
	if gcerrors.Code(err) == gcerrors.NotFound {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("photo: sweep: %w", err)
	}
	if !attrs.ModTime.Before(cutoff) {
		return false, nil
	}
	if err := bucket.Delete(ctx, key); err != nil && gcerrors.Code(err) != gcerrors.NotFound {
		return false, fmt.Errorf("photo: sweep: %w", err)
	}
	return true, nil
}
