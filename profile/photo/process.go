package photo

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"image"
	"image/gif"
	"image/jpeg"
	"image/png"
	"io"

	"golang.org/x/image/draw"
	"golang.org/x/image/webp"
	"golang.org/x/sync/semaphore"

	"github.com/convrs/profilekit"
	"github.com/convrs/profilekit/internal/kit"
)

// Photo is an upload made into square avatars.
type Photo struct {
	// Source is the upload's format, judged by its content.
	Source Format
	// Width and Height are the upload's dimensions as stored, before its
	// EXIF orientation is applied.
	Width, Height int
	// Orientation is the EXIF orientation applied, 1 (none) to 8; always
	// 1 for formats other than JPEG.
	Orientation int
	// Format is the avatars' format: PNG when the crop has any transparent
	// pixel, JPEG otherwise.
	Format Format
	// Variants are the avatars, one per size, largest first.
	Variants []Variant
}

// Variant is one avatar: a square image of Size × Size pixels encoded in
// Format, with no metadata of the upload (no EXIF, GPS position, camera
// serial, ICC profile or comment: the pixels are decoded and encoded
// anew).
type Variant struct {
	// Size is the side of the square, in pixels.
	Size int
	// Format is JPEG or PNG.
	Format Format
	// Data is the encoded image.
	Data []byte
	// Sum is the SHA-256 of Data; it names the object the variant is
	// stored in.
	Sum [sha256.Size]byte
}

// Processor turns uploads into avatars: the safe pipeline of the package,
// without storage. It reads at most Options.MaxBytes, identifies the
// format by content, checks the dimensions and the memory decoding will
// take from the header before decoding, bounds the memory and the number
// of the decodes running at once, honours the JPEG EXIF orientation, crops
// the centre square, resizes with Catmull-Rom and re-encodes. It is safe
// for concurrent use.
type Processor struct {
	opts Options
	// memory holds Options.MaxDecodeBytes, of which each decode takes its
	// cost; sem holds Options.MaxConcurrent slots.
	memory *semaphore.Weighted
	sem    chan struct{}

	// running, when set (by tests), is called with +1 when a decode starts
	// and -1 when it ends, inside the concurrency bound.
	running func(delta int)
}

// NewProcessor returns a Processor with the given options; nil means the
// defaults. Only the pipeline's options are used (not Prefix).
func NewProcessor(opts *Options) *Processor {
	var o Options
	if opts != nil {
		o = *opts
	}
	o = o.normalise()
	return &Processor{opts: o, memory: semaphore.NewWeighted(o.MaxDecodeBytes), sem: make(chan struct{}, o.MaxConcurrent)}
}

// Sizes returns the avatar sizes, largest first.
func (p *Processor) Sizes() []int { return append([]int(nil), p.opts.Sizes...) }

// Process reads an upload from r and returns its avatars. A rejected
// upload is a *ValidationError for FieldPhoto whose code says why:
// CodePhotoEmpty, CodePhotoTooLarge (found after reading MaxBytes+1 bytes,
// without reading the rest), CodePhotoUnsupportedFormat,
// CodePhotoDimensionsTooLarge or CodePhotoDecodeTooLarge (from the
// header, before any pixel is decoded: too many pixels, or more memory to
// decode than Options.MaxDecodeBytes), CodePhotoDimensionsTooSmall,
// CodePhotoCorrupt.
// An error reading r is returned wrapped; so is ctx's error when ctx ends
// while the call waits for its memory or a decoding slot.
func (p *Processor) Process(ctx context.Context, r io.Reader) (*Photo, error) {
	data, err := p.read(r)
	if err != nil {
		return nil, err
	}
	return p.process(ctx, data)
}

// read reads at most MaxBytes+1 bytes of r. A reader that knows its
// length (*bytes.Reader, *strings.Reader, *bytes.Buffer) is read into one
// allocation of that length; others into a buffer that doubles as it
// fills.
func (p *Processor) read(r io.Reader) ([]byte, error) {
	var buf bytes.Buffer
	if l, ok := r.(interface{ Len() int }); ok {
		buf.Grow(int(min(int64(l.Len()), p.opts.MaxBytes)) + bytes.MinRead)
	}
	n, err := buf.ReadFrom(io.LimitReader(r, p.opts.MaxBytes+1))
	switch {
	case err != nil:
		return nil, fmt.Errorf("photo: read upload: %w", err)
	case n > p.opts.MaxBytes:
		return nil, reject(profilekit.CodePhotoTooLarge, kit.Params{"max_bytes": int(p.opts.MaxBytes)},
			"is larger than %s", sizeText(p.opts.MaxBytes))
	case n == 0:
		return nil, reject(profilekit.CodePhotoEmpty, nil, "%s", profilekit.CodePhotoEmpty.Message())
	}
	return buf.Bytes(), nil
}

// process runs the pipeline on an upload read whole.
func (p *Processor) process(ctx context.Context, data []byte) (*Photo, error) {
	ph := &Photo{Source: Sniff(data), Orientation: 1}
	if ph.Source == Unknown {
		return nil, reject(profilekit.CodePhotoUnsupportedFormat, nil, "%s", profilekit.CodePhotoUnsupportedFormat.Message())
	}
	var cfg image.Config
	if err := guard(func() (err error) { cfg, err = codecOf(ph.Source).config(bytes.NewReader(data)); return err }); err != nil {
		return nil, decodeError(err)
	}
	if err := p.checkDimensions(cfg.Width, cfg.Height); err != nil {
		return nil, err
	}
	ph.Width, ph.Height = cfg.Width, cfg.Height
	if ph.Source == JPEG {
		info := scanJPEG(data)
		if info.scans > p.opts.MaxJPEGScans {
			return nil, reject(profilekit.CodePhotoCorrupt, kit.Params{"scans": info.scans, "max_scans": p.opts.MaxJPEGScans},
				"has %d scans; the most allowed is %d", info.scans, p.opts.MaxJPEGScans)
		}
		ph.Orientation = info.orientation
	}
	cost := decodeCost(ph.Source, data, cfg, p.opts.Sizes)
	if cost > p.opts.MaxDecodeBytes {
		return nil, reject(profilekit.CodePhotoDecodeTooLarge,
			kit.Params{"width": cfg.Width, "height": cfg.Height, "mib": mebibytes(cost), "max_mib": mebibytes(p.opts.MaxDecodeBytes)},
			"is %d × %d pixels, which take about %d MiB to decode; the most allowed is %d MiB",
			cfg.Width, cfg.Height, mebibytes(cost), mebibytes(p.opts.MaxDecodeBytes))
	}

	squares, opaque, err := p.decodeAndScale(ctx, ph, data, cost)
	if err != nil {
		return nil, err
	}
	ph.Format = PNG
	if opaque {
		ph.Format = JPEG
	}
	ph.Variants = make([]Variant, len(squares))
	for i, m := range squares {
		var out bytes.Buffer
		if ph.Format == JPEG {
			err = jpeg.Encode(&out, m, &jpeg.Options{Quality: p.opts.JPEGQuality})
		} else {
			err = png.Encode(&out, m)
		}
		if err != nil {
			return nil, fmt.Errorf("photo: encode %s: %w", ph.Format, err)
		}
		ph.Variants[i] = Variant{Size: m.Rect.Dx(), Format: ph.Format, Data: out.Bytes(), Sum: sha256.Sum256(out.Bytes())}
	}
	return ph, nil
}

// checkDimensions refuses an image whose header claims too many or too few
// pixels.
func (p *Processor) checkDimensions(w, h int) error {
	o := p.opts
	if w > o.MaxWidth || h > o.MaxHeight || int64(w)*int64(h) > o.MaxPixels {
		return reject(profilekit.CodePhotoDimensionsTooLarge,
			kit.Params{"width": w, "height": h, "max_width": o.MaxWidth, "max_height": o.MaxHeight, "max_pixels": int(o.MaxPixels)},
			"is %d × %d pixels; the most allowed is %d × %d and %d pixels in all", w, h, o.MaxWidth, o.MaxHeight, o.MaxPixels)
	}
	if w < o.MinWidth || h < o.MinHeight {
		return reject(profilekit.CodePhotoDimensionsTooSmall, kit.Params{"width": w, "height": h, "min_width": o.MinWidth, "min_height": o.MinHeight},
			"is %d × %d pixels; the least allowed is %d × %d", w, h, o.MinWidth, o.MinHeight)
	}
	return nil
}

// decodeAndScale decodes the image within its cost of the memory bound and
// a slot of the concurrency bound, and returns the oriented squares,
// largest first, and whether the crop is opaque. The decoded image is
// dropped before the memory and the slot are freed.
func (p *Processor) decodeAndScale(ctx context.Context, ph *Photo, data []byte, cost int64) ([]*image.RGBA, bool, error) {
	release, err := p.acquire(ctx, cost)
	if err != nil {
		return nil, false, err
	}
	defer release()

	var m image.Image
	if err := guard(func() (err error) { m, err = codecOf(ph.Source).decode(bytes.NewReader(data)); return err }); err != nil {
		return nil, false, decodeError(err)
	}
	b := m.Bounds()
	if b.Dx() > ph.Width || b.Dy() > ph.Height || b.Empty() {
		// The frame must lie within the header's dimensions, which were
		// checked; the decoders ensure it, and this keeps it so.
		return nil, false, reject(profilekit.CodePhotoCorrupt, nil, "has a frame larger than its header says")
	}
	crop := centreSquare(b)
	opaque := isOpaque(m, crop)
	squares := make([]*image.RGBA, len(p.opts.Sizes))
	var src image.Image = m
	if y, ok := m.(*image.YCbCr); ok && (y.SubsampleRatio == image.YCbCrSubsampleRatio411 || y.SubsampleRatio == image.YCbCrSubsampleRatio410) {
		// x/image/draw has no fast path for these ratios: its generic one
		// would allocate a colour for every sample it reads, garbage the
		// decoding budget does not count. Its RGBA64Image path allocates
		// nothing.
		src = rgba64Image{y}
	}
	srcRect := crop
	for i, size := range p.opts.Sizes {
		dst := image.NewRGBA(image.Rect(0, 0, size, size))
		draw.CatmullRom.Scale(dst, dst.Rect, src, srcRect, draw.Src, nil)
		if i == 0 {
			dst = orient(dst, ph.Orientation)
		}
		squares[i] = dst
		// Each smaller avatar is made from the one before: the same filter
		// over far fewer pixels.
		src, srcRect = dst, dst.Rect
	}
	return squares, opaque, nil
}

// acquire waits for cost bytes of the memory bound, then for a slot of
// the concurrency bound, and returns the function that frees both.
func (p *Processor) acquire(ctx context.Context, cost int64) (func(), error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if err := p.memory.Acquire(ctx, cost); err != nil {
		return nil, err
	}
	select {
	case p.sem <- struct{}{}:
	case <-ctx.Done():
		p.memory.Release(cost)
		return nil, ctx.Err()
	}
	if p.running != nil {
		p.running(+1)
	}
	return func() {
		if p.running != nil {
			p.running(-1)
		}
		<-p.sem
		p.memory.Release(cost)
	}, nil
}

// mebibytes returns n bytes in MiB, rounded up.
func mebibytes(n int64) int64 { return (n + 1<<20 - 1) >> 20 }

// rgba64Image hides every method of an image but those of
// image.RGBA64Image, so that x/image/draw reads it through RGBA64At.
type rgba64Image struct{ image.RGBA64Image }

// centreSquare returns the largest square centred in r.
func centreSquare(r image.Rectangle) image.Rectangle {
	side := min(r.Dx(), r.Dy())
	x := r.Min.X + (r.Dx()-side)/2
	y := r.Min.Y + (r.Dy()-side)/2
	return image.Rect(x, y, x+side, y+side)
}

// isOpaque reports whether every pixel of m within r is fully opaque.
func isOpaque(m image.Image, r image.Rectangle) bool {
	type subImager interface {
		SubImage(image.Rectangle) image.Image
	}
	type opaquer interface{ Opaque() bool }
	if s, ok := m.(subImager); ok {
		if o, ok := s.SubImage(r).(opaquer); ok {
			return o.Opaque()
		}
	}
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			if _, _, _, a := m.At(x, y).RGBA(); a != 0xffff {
				return false
			}
		}
	}
	return true
}

// codec is how the pipeline reads one format: its header, and its first
// image.
type codec struct {
	config func(io.Reader) (image.Config, error)
	decode func(io.Reader) (image.Image, error)
}

// codecOf returns the codec of format f; the pipeline calls it only for
// formats Sniff returns.
func codecOf(f Format) codec {
	switch f {
	case JPEG:
		return codec{jpeg.DecodeConfig, jpeg.Decode}
	case PNG:
		return codec{png.DecodeConfig, png.Decode}
	case GIF:
		return codec{gif.DecodeConfig, gif.Decode} // gif.Decode reads the first frame only
	case WebP:
		return codec{webp.DecodeConfig, webp.Decode}
	}
	return codec{
		config: func(io.Reader) (image.Config, error) { return image.Config{}, errUnknownFormat },
		decode: func(io.Reader) (image.Image, error) { return nil, errUnknownFormat },
	}
}

// errUnknownFormat is the error of the codec of Unknown, which the
// pipeline never uses.
var errUnknownFormat = errors.New("photo: unknown format")

// errDecoderPanic reports a panic inside a decoder. The limits are checked
// before decoding; this guard catches a decoder bug, not a missing bound.
var errDecoderPanic = errors.New("photo: decoder failed")

// guard runs fn, turning a panic into errDecoderPanic.
func guard(fn func() error) (err error) {
	defer func() {
		if recover() != nil {
			err = errDecoderPanic
		}
	}()
	return fn()
}

// decodeError turns a decoder's error into the *ValidationError of the
// upload, keeping the decoder's error as its Cause: a feature the decoders
// do not support (12-bit or arithmetic-coded JPEG, for instance) is
// CodePhotoUnsupportedFormat, anything else CodePhotoCorrupt.
func decodeError(err error) error {
	code := profilekit.CodePhotoCorrupt
	var ju jpeg.UnsupportedError
	var pu png.UnsupportedError
	if errors.As(err, &ju) || errors.As(err, &pu) {
		code = profilekit.CodePhotoUnsupportedFormat
	}
	var c kit.Collector
	c.Because(err)
	c.Add(FieldError{Field: FieldPhoto, Code: code, Message: code.Message()})
	return c.Err(domain)
}
