package photo

import (
	"bytes"
	"context"
	"encoding/binary"
	"image"
	"image/color"
	"image/png"
	"io"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"gocloud.dev/blob/memblob"

	"github.com/convrs/profilekit"
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
