package photo

import (
	"bytes"
	"context"
	"encoding/binary"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io"
	"math"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"gocloud.dev/blob/memblob"

	"github.com/convrs/profilekit"
	"github.com/convrs/profilekit/internal/kit"
	"github.com/convrs/profilekit/profile"
	"github.com/convrs/profilekit/storage/memory"
)

func testPNG(t *testing.T, w, h int) []byte {
	t.Helper()
	m := image.NewNRGBA(image.Rect(0, 0, w, h))
	for i := range m.Pix {
		m.Pix[i] = byte(i * 7)
	}
	var b bytes.Buffer
	require.NoError(t, png.Encode(&b, m))
	return b.Bytes()
}

func TestProcessBoundsConcurrentDecodes(t *testing.T) {
	t.Parallel()
	p := NewProcessor(&Options{MaxConcurrent: 2, Sizes: []int{16}})
	var now, most atomic.Int32
	p.running = func(d int) {
		n := now.Add(int32(d))
		for {
			m := most.Load()
			if n <= m || most.CompareAndSwap(m, n) {
				break
			}
		}
		if d > 0 {
			time.Sleep(5 * time.Millisecond)
		}
	}
	data := testPNG(t, 40, 40)
	var wg sync.WaitGroup
	for range 12 {
		wg.Go(func() {
			_, err := p.Process(context.Background(), bytes.NewReader(data))
			assert.NoError(t, err)
		})
	}
	wg.Wait()
	assert.Equal(t, int32(2), most.Load())
}

func TestProcessWaitsWithItsContext(t *testing.T) {
	t.Parallel()
	p := NewProcessor(&Options{MaxConcurrent: 1})
	p.sem <- struct{}{} // every slot taken
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	_, err := p.Process(ctx, bytes.NewReader(testPNG(t, 64, 64)))
	assert.ErrorIs(t, err, context.DeadlineExceeded)
	assert.Equal(t, profilekit.Code(""), profilekit.CodeOf(err))

	cancelled, cancel2 := context.WithCancel(context.Background())
	cancel2()
	<-p.sem
	_, err = p.Process(cancelled, bytes.NewReader(testPNG(t, 64, 64)))
	assert.ErrorIs(t, err, context.Canceled)
}

func TestDefaultConcurrencyFollowsGOMAXPROCS(t *testing.T) {
	t.Parallel()
	assert.Equal(t, Options{}.normalise().MaxConcurrent, cap(NewProcessor(nil).sem))
}

func TestGuardTurnsAPanicIntoAnError(t *testing.T) {
	t.Parallel()
	err := guard(func() error { panic("decoder bug") })
	assert.ErrorIs(t, err, errDecoderPanic)
	var verr *ValidationError
	require.ErrorAs(t, decodeError(err), &verr)
	assert.Equal(t, profilekit.CodePhotoCorrupt, verr.Fields[0].Code)
	assert.ErrorIs(t, verr, errDecoderPanic)
}

func TestExifOrientationStaysWithinItsBytes(t *testing.T) {
	t.Parallel()
	tiff := func(order binary.ByteOrder, count uint16, typ uint16, n uint32, v uint16) []byte {
		var b bytes.Buffer
		if order == binary.LittleEndian {
			b.WriteString("II")
		} else {
			b.WriteString("MM")
		}
		_ = binary.Write(&b, order, uint16(42))
		_ = binary.Write(&b, order, uint32(8))
		_ = binary.Write(&b, order, count)
		_ = binary.Write(&b, order, uint16(tagOrientation))
		_ = binary.Write(&b, order, typ)
		_ = binary.Write(&b, order, n)
		_ = binary.Write(&b, order, v)
		_ = binary.Write(&b, order, uint16(0))
		return b.Bytes()
	}
	assert.Equal(t, 6, exifOrientation(tiff(binary.LittleEndian, 1, 3, 1, 6)))
	assert.Equal(t, 8, exifOrientation(tiff(binary.BigEndian, 1, 3, 1, 8)))
	assert.Equal(t, 1, exifOrientation(tiff(binary.BigEndian, 1, 3, 1, 9)), "out of range")
	assert.Equal(t, 1, exifOrientation(tiff(binary.BigEndian, 1, 4, 1, 6)), "wrong type")
	assert.Equal(t, 1, exifOrientation(tiff(binary.BigEndian, 1, 3, 2, 6)), "wrong count")
	assert.Equal(t, 1, exifOrientation(tiff(binary.BigEndian, 9999, 5, 1, 6)[:20]), "entries beyond the segment")
	full := tiff(binary.LittleEndian, 1, 3, 1, 6)
	for n := range len(full) - 1 {
		assert.Equal(t, 1, exifOrientation(full[:n]), "cut at %d", n)
	}
	bad := append([]byte(nil), full...)
	binary.LittleEndian.PutUint32(bad[4:], 0xFFFFFFF0) // IFD offset past the end
	assert.Equal(t, 1, exifOrientation(bad))
	assert.Equal(t, 1, exifOrientation([]byte("XX\x00\x2a\x00\x00\x00\x08")))
}

func TestOrientIsAPermutation(t *testing.T) {
	t.Parallel()
	m := image.NewRGBA(image.Rect(0, 0, 3, 3))
	for i := range 9 {
		m.SetRGBA(i%3, i/3, color.RGBA{uint8(i), 0, 0, 255})
	}
	for o := 1; o <= 8; o++ {
		out := orient(m, o)
		seen := map[uint8]bool{}
		for i := range 9 {
			seen[out.RGBAAt(i%3, i/3).R] = true
		}
		assert.Len(t, seen, 9, "orientation %d", o)
		if o >= 2 {
			// Applying an orientation twice: 2, 3, 4, 5 and 7 are their
			// own inverses; 6 and 8 are each other's.
			inv := map[int]int{2: 2, 3: 3, 4: 4, 5: 5, 6: 8, 7: 7, 8: 6}[o]
			assert.Equal(t, m.Pix, orient(out, inv).Pix, "orientation %d then %d", o, inv)
		}
	}
	assert.Same(t, m, orient(m, 1))
	assert.Same(t, m, orient(m, 0))
	assert.Same(t, m, orient(m, 9))
}

func TestSetDiscardsWhatItStoredWhenAWriteFails(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	bucket := memblob.OpenBucket(nil)
	defer bucket.Close()
	profiles := profile.New(memory.New(), nil)
	p, err := profiles.Create(ctx, profile.NewAgent{ID: "agent-1", Username: "ada", Role: "agent", Name: "Ada", PublicName: "Ada"})
	require.NoError(t, err)
	s := New(bucket, profiles, &Options{Sizes: []int{64, 16}})
	// The caller goes away while the photo is decoded: the writes fail.
	s.proc.running = func(d int) {
		if d > 0 {
			cancel()
		}
	}
	_, err = s.Set(ctx, p.ID, p.Version, bytes.NewReader(testPNG(t, 64, 64)))
	assert.ErrorIs(t, err, context.Canceled)
	assert.ErrorContains(t, err, `photo: store avatar of "agent-1"`)
	got, err := profiles.Get(context.Background(), p.ID)
	require.NoError(t, err)
	assert.Equal(t, p, got)
	obj, err := bucket.List(nil).Next(context.Background())
	assert.Nil(t, obj, "nothing is left in the bucket")
	assert.ErrorIs(t, err, io.EOF)
}

// pngCostOf returns the cost the pipeline computes for a PNG.
func pngCostOf(t *testing.T, p *Processor, data []byte) int64 {
	t.Helper()
	cfg, err := png.DecodeConfig(bytes.NewReader(data))
	require.NoError(t, err)
	return decodeCost(PNG, data, cfg, p.opts.Sizes)
}

func TestProcessBoundsTheMemoryOfConcurrentDecodes(t *testing.T) {
	t.Parallel()
	data := testPNG(t, 200, 200)
	cost := pngCostOf(t, NewProcessor(&Options{Sizes: []int{16}}), data)
	for _, want := range []int32{1, 2, 3} {
		// Room for want decodes and half of one more; slots for all.
		p := NewProcessor(&Options{MaxConcurrent: 12, Sizes: []int{16}, MaxDecodeBytes: int64(want)*cost + cost/2})
		var now, most atomic.Int32
		p.running = func(d int) {
			n := now.Add(int32(d))
			for {
				m := most.Load()
				if n <= m || most.CompareAndSwap(m, n) {
					break
				}
			}
			if d > 0 {
				time.Sleep(5 * time.Millisecond)
			}
		}
		var wg sync.WaitGroup
		for range 12 {
			wg.Go(func() {
				_, err := p.Process(context.Background(), bytes.NewReader(data))
				assert.NoError(t, err)
			})
		}
		wg.Wait()
		assert.Equal(t, want, most.Load())
		assert.True(t, p.memory.TryAcquire(p.opts.MaxDecodeBytes), "every decode gave its memory back")
	}
}

func TestProcessRefusesAnImageThatNeedsMoreMemoryThanTheBudget(t *testing.T) {
	t.Parallel()
	data := testPNG(t, 200, 200)
	cost := pngCostOf(t, NewProcessor(nil), data)
	p := NewProcessor(&Options{MaxDecodeBytes: cost - 1})
	_, err := p.Process(context.Background(), bytes.NewReader(data))
	var verr *ValidationError
	require.ErrorAs(t, err, &verr)
	assert.Equal(t, profilekit.CodePhotoDecodeTooLarge, verr.Fields[0].Code)
	assert.Equal(t, kit.Params{"width": 200, "height": 200, "mib": mebibytes(cost), "max_mib": mebibytes(cost - 1)}, verr.Fields[0].Params)
	assert.Contains(t, verr.Fields[0].Message, fmt.Sprintf("about %d MiB to decode; the most allowed is %d MiB", mebibytes(cost), mebibytes(cost-1)))
	_, err = NewProcessor(&Options{MaxDecodeBytes: cost}).Process(context.Background(), bytes.NewReader(data))
	assert.NoError(t, err)
}

func TestProcessWaitsForMemoryWithItsContext(t *testing.T) {
	t.Parallel()
	p := NewProcessor(nil)
	require.True(t, p.memory.TryAcquire(p.opts.MaxDecodeBytes)) // all the memory taken
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	_, err := p.Process(ctx, bytes.NewReader(testPNG(t, 64, 64)))
	assert.ErrorIs(t, err, context.DeadlineExceeded)
	p.memory.Release(p.opts.MaxDecodeBytes)

	// Waiting for a slot with the memory held gives the memory back.
	p = NewProcessor(&Options{MaxConcurrent: 1})
	p.sem <- struct{}{}
	ctx2, cancel2 := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel2()
	_, err = p.Process(ctx2, bytes.NewReader(testPNG(t, 64, 64)))
	assert.ErrorIs(t, err, context.DeadlineExceeded)
	assert.True(t, p.memory.TryAcquire(p.opts.MaxDecodeBytes), "the memory was given back")
}

func TestDefaultDecodingMemory(t *testing.T) {
	t.Parallel()
	assert.Equal(t, int64(DefaultMaxDecodeBytes), Options{}.normalise().MaxDecodeBytes)
	assert.Equal(t, int64(5), Options{MaxDecodeBytes: 5}.normalise().MaxDecodeBytes)
}

func TestScanJPEGReadsTheFrameAsTheDecoderDoes(t *testing.T) {
	t.Parallel()
	sof := func(marker byte, comps ...byte) []byte {
		body := []byte{8, 0x0F, 0xA0, 0x17, 0x70, byte(len(comps) / 2)} // 6000 × 4000
		for i := 0; i < len(comps); i += 2 {
			body = append(body, comps[i], comps[i+1], 0)
		}
		return append([]byte{0xFF, marker, 0, byte(len(body) + 2)}, body...)
	}
	sos := []byte{0xFF, 0xDA, 0, 8, 1, 1, 0, 0, 63, 0, 0x12, 0x34}
	jfif := []byte{0xFF, 0xE0, 0, 7, 'J', 'F', 'I', 'F', 0}
	file := func(parts ...[]byte) []byte { return bytes.Join(append([][]byte{{0xFF, 0xD8}}, parts...), nil) }

	info := scanJPEG(file(jfif, []byte("junk\xFF\x00"), []byte{0xFF, 0xFF}, sof(0xC2, 1, 0x22, 2, 0x11, 3, 0x11), sos))
	require.NotNil(t, info.frame, "stray bytes and fill bytes are skipped, as image/jpeg skips them")
	assert.Equal(t, &jpegFrame{progressive: true, width: 6000, height: 4000, comps: []jpegComp{{1, 2, 2}, {2, 1, 1}, {3, 1, 1}}}, info.frame)
	assert.True(t, info.jfif)
	assert.False(t, info.adobe)
	assert.Equal(t, 1, info.scans)
	// 4:2:0 progressive: 1.5 samples a pixel, five bytes each.
	assert.Equal(t, int64(6000*4000*3/2*5), jpegCost(info, 6000, 4000))

	rgb := scanJPEG(file(sof(0xC0, 'R', 0x11, 'G', 0x11, 'B', 0x11), sos))
	assert.Equal(t, int64(6000*4000*(3+4)), jpegCost(rgb, 6000, 4000), "an RGB JPEG is converted to RGBA")
	adobe := scanJPEG(file(sof(0xC0, 1, 0x11, 2, 0x11, 3, 0x11), sos, []byte{0xFF, 0xEE}))
	assert.True(t, adobe.adobe, "an APP14 marker after the first scan counts")
	assert.Equal(t, int64(6000*4000*(3+4)), jpegCost(adobe, 6000, 4000))

	worst := int64(6031*4031*4*5 + 6000*4000*4)
	assert.Equal(t, worst, jpegCost(scanJPEG(file(sos)), 6000, 4000), "no frame: the worst case")
	assert.Equal(t, int64(6031*4032*4*5+6000*4001*4), jpegCost(info, 6000, 4001), "a frame that is not the decoder's: the worst case")
	assert.Equal(t, worst, jpegCost(scanJPEG(file(sof(0xC0, 1, 0x11, 2, 0x11))), 6000, 4000), "two components: the worst case")
	assert.Equal(t, 0, scanJPEG(file(sof(0xC0, 1, 0x11)[:8])).scans)
}

func TestPNGCostAssumesTheWorstOfWhatItCannotRead(t *testing.T) {
	t.Parallel()
	data := testPNG(t, 64, 64)
	assert.False(t, pngHasTRNS(data))
	assert.True(t, pngHasTRNS(data[:40]), "cut before the first IDAT")
	assert.Equal(t, int64(16*64*64), pngCost(data[:20], 64, 64))
	assert.Equal(t, int64(4*64*64), pngCost(data, 64, 64))
	assert.Equal(t, int64(math.MaxInt64), decodeCost(PNG, data, image.Config{Width: 1 << 27, Height: 1}, nil))
	assert.Equal(t, int64(math.MaxInt64), decodeCost(Unknown, data, image.Config{Width: 64, Height: 64}, nil))
}
