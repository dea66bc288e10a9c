package photo

import (
	"cmp"
	"runtime"
	"slices"
	"time"

	"github.com/convrs/profilekit"
)

// Defaults of Options.
const (
	// DefaultMaxBytes is the default longest upload: 5 MiB.
	DefaultMaxBytes = 5 << 20
	// DefaultMaxSide is the default widest and tallest image accepted, in
	// pixels.
	DefaultMaxSide = 6000
	// DefaultMaxPixels is the default most pixels an image may have
	// (width × height): 24 megapixels, a 6000 × 4000 photograph.
	DefaultMaxPixels = 24_000_000
	// DefaultMinSide is the default narrowest and shortest image accepted,
	// in pixels.
	DefaultMinSide = 32
	// DefaultJPEGQuality is the default quality of the JPEG avatars.
	DefaultJPEGQuality = 85
	// DefaultMaxJPEGScans is the default most scans a progressive JPEG may
	// have; each scan is a pass over the whole image, so a small file of
	// thousands of scans would cost minutes of CPU.
	DefaultMaxJPEGScans = 100
	// DefaultMaxDecodeBytes is the default memory the decodes running at
	// once may allocate together: 256 MiB. A 6000 × 4000 baseline JPEG
	// (4:2:0) needs about 100 MiB, progressive about 240 MiB.
	DefaultMaxDecodeBytes = 256 << 20
	// DefaultPrefix is the default prefix of the object keys.
	DefaultPrefix = "photos/"
	// MaxSizes is the most avatar sizes one photo may have: the reference
	// to all of them must fit profile.MaxPhotoRefBytes.
	MaxSizes = 6
	// MaxSize is the largest avatar side, in pixels.
	MaxSize = 4096
)

// DefaultSizes returns the default avatar sizes: 512, 128 and 48 pixels.
func DefaultSizes() []int { return []int{512, 128, 48} }

// Options configures a Service, a Processor and Sweep. The zero value, and
// a nil *Options, give the defaults; a field out of range is clamped to the
// nearest value allowed. Give Sweep the Options the Services writing to the
// bucket were built with, so that it sweeps their Prefix.
//
// Options has the Clock of every domain's Options but no Observer or
// Instance: the photo Service raises no events of its own. Set and Remove
// each raise one profile.Saved event through the profile.Service they are
// given, when its SetPhoto stores the new reference; that Service's
// Options.Observer receives it, named with its Options.Instance.
type Options struct {
	// Clock tells the time, for the age of the objects Sweep finds; nil
	// means the system clock. Tests substitute a fake.
	Clock profilekit.Clock
	// MaxBytes is the longest upload read, in bytes; one byte more is
	// refused with CodePhotoTooLarge without reading further. Zero means
	// DefaultMaxBytes.
	MaxBytes int64
	// MaxWidth and MaxHeight are the largest dimensions accepted, and
	// MaxPixels the largest width × height; zero means DefaultMaxSide and
	// DefaultMaxPixels. They are checked on the image's header before any
	// pixel is decoded.
	MaxWidth, MaxHeight int
	MaxPixels           int64
	// MinWidth and MinHeight are the smallest dimensions accepted; zero
	// means DefaultMinSide.
	MinWidth, MinHeight int
	// Sizes are the sides of the square avatars made from each photo, in
	// pixels; nil means DefaultSizes. Duplicates are dropped, values are
	// clamped to 1..MaxSize and at most MaxSizes are kept (the largest).
	Sizes []int
	// JPEGQuality is the quality of JPEG avatars, 1 to 100; zero means
	// DefaultJPEGQuality.
	JPEGQuality int
	// MaxJPEGScans is the most scans a progressive JPEG may have; zero
	// means DefaultMaxJPEGScans.
	MaxJPEGScans int
	// MaxDecodeBytes bounds the memory of decoding: before any pixel is
	// decoded, the bytes that decoding an upload and making its avatars
	// will allocate are computed from its header (see the package
	// documentation, "Memory"); an upload that needs more than
	// MaxDecodeBytes is refused with CodePhotoDecodeTooLarge, and
	// decodes start only while those running and it together need at most
	// MaxDecodeBytes (further callers wait, first come first served, or
	// until their context ends). Zero means DefaultMaxDecodeBytes.
	MaxDecodeBytes int64
	// MaxConcurrent is the most uploads decoded at once, a bound on the
	// CPU they take (memory is bounded by MaxDecodeBytes); further callers
	// wait for a slot or for their context to end. Zero means
	// runtime.GOMAXPROCS(0).
	MaxConcurrent int
	// Prefix starts the key of every object the Service writes; zero means
	// DefaultPrefix. It must not change while references to photos exist:
	// keys are derived from it.
	Prefix string
	// SweepMinAge is how long ago an object must have been last written
	// for Sweep to delete it, so that an upload in progress (objects
	// stored, reference not yet committed) keeps its objects; zero means
	// DefaultSweepMinAge.
	SweepMinAge time.Duration
}

// normalise returns o with defaults applied and values clamped.
func (o Options) normalise() Options {
	if o.MaxBytes <= 0 {
		o.MaxBytes = DefaultMaxBytes
	}
	if o.MaxWidth <= 0 {
		o.MaxWidth = DefaultMaxSide
	}
	if o.MaxHeight <= 0 {
		o.MaxHeight = DefaultMaxSide
	}
	if o.MaxPixels <= 0 {
		o.MaxPixels = DefaultMaxPixels
	}
	o.MinWidth = min(max(cmp.Or(o.MinWidth, DefaultMinSide), 1), o.MaxWidth)
	o.MinHeight = min(max(cmp.Or(o.MinHeight, DefaultMinSide), 1), o.MaxHeight)
	if o.JPEGQuality <= 0 {
		o.JPEGQuality = DefaultJPEGQuality
	}
	o.JPEGQuality = min(o.JPEGQuality, 100)
	if o.MaxJPEGScans <= 0 {
		o.MaxJPEGScans = DefaultMaxJPEGScans
	}
	if o.MaxDecodeBytes <= 0 {
		o.MaxDecodeBytes = DefaultMaxDecodeBytes
	}
	if o.MaxConcurrent <= 0 {
		o.MaxConcurrent = runtime.GOMAXPROCS(0)
	}
	if o.Prefix == "" {
		o.Prefix = DefaultPrefix
	}
	if o.SweepMinAge <= 0 {
		o.SweepMinAge = DefaultSweepMinAge
	}
	o.Sizes = normaliseSizes(o.Sizes)
	return o
}

// normaliseSizes returns sizes clamped, without duplicates, largest first,
// at most MaxSizes of them; nil or empty gives DefaultSizes.
func normaliseSizes(sizes []int) []int {
	if len(sizes) == 0 {
		return DefaultSizes()
	}
	out := make([]int, 0, len(sizes))
	for _, s := range sizes {
		out = append(out, min(max(s, 1), MaxSize))
	}
	slices.Sort(out)
	out = slices.Compact(out)
	slices.Reverse(out)
	return out[:min(len(out), MaxSizes)]
}
