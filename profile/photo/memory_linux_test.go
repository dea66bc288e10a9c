//go:build linux

package photo_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/convrs/profilekit"
	"github.com/convrs/profilekit/internal/rssprobe"
	"github.com/convrs/profilekit/profile/photo"
)

// probeEnv names the case a child process of the test binary measures; see
// TestMain.
const probeEnv = "PROFILEKIT_PHOTO_MEMORY_PROBE"

// burstUploads is how many hostile uploads the burst case starts at once.
const burstUploads = 20

// TestMain runs the memory probe instead of the tests when the process is
// a child started by runProbe: a process of its own, so that nothing else
// allocates while it measures and its peak resident set is its own.
func TestMain(m *testing.M) {
	if name := os.Getenv(probeEnv); name != "" {
		res, err := probe(name)
		if err != nil {
			fmt.Fprintln(os.Stderr, "probe:", err)
			os.Exit(2)
		}
		_ = json.NewEncoder(os.Stdout).Encode(res)
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// hostile returns the uploads the memory tests use, by name: each is a
// 6000 × 4000 image (24 megapixels, the default MaxPixels) whose file is a
// few hundred kilobytes.
func hostile(tb testing.TB) map[string][]byte {
	return map[string][]byte{
		"progressive JPEG":             progressiveJPEG(6000, 4000, 3, 1, 1),
		"progressive CMYK JPEG":        progressiveJPEG(6000, 4000, 4, 1, 1),
		"interlaced 16-bit PNG":        interlacedPNG(tb, 6000, 4000),
		"progressive JPEG 4:2:0":       progressiveJPEG(6000, 4000, 3, 2, 2),
		"baseline JPEG 4:2:0 (benign)": baselineJPEG(6000, 4000, 3, 2, 2),
	}
}

// probeResult is what a child process measured.
type probeResult struct {
	// Codes are the codes of the refusals, "" for an accepted upload.
	Codes []string `json:"codes"`
	// FileBytes is the upload's size (the largest, for a burst).
	FileBytes int `json:"file_bytes"`
	// RSSBefore and PeakRSS are the resident set before the call and its
	// peak during it (VmRSS, VmHWM), in bytes.
	RSSBefore int64 `json:"rss_before"`
	PeakRSS   int64 `json:"peak_rss"`
	// PeakHeap is the largest heap (live and not yet collected objects)
	// seen by a sampler, and Allocated the bytes allocated during the call,
	// which bound the heap's growth whatever the collector does.
	PeakHeap  uint64 `json:"peak_heap"`
	Allocated uint64 `json:"allocated"`
	// Cost is what the Processor computed from the header (the largest,
	// for a burst).
	Cost int64 `json:"cost"`
}

// probe measures one case, in a process of its own: the upload named
// name, or burstUploads hostile uploads at once for "burst".
func probe(name string) (probeResult, error) {
	var res probeResult
	files := hostile(nil)
	var uploads [][]byte
	if name == "burst" {
		names := []string{"progressive JPEG", "progressive CMYK JPEG", "interlaced 16-bit PNG", "progressive JPEG 4:2:0"}
		for i := range burstUploads {
			uploads = append(uploads, files[names[i%len(names)]])
		}
	} else if data, ok := files[name]; ok {
		uploads = [][]byte{data}
	} else {
		return res, fmt.Errorf("no case %q", name)
	}
	p := photo.NewProcessor(nil)
	for _, u := range uploads {
		res.FileBytes = max(res.FileBytes, len(u))
		res.Cost = max(res.Cost, p.DecodeCost(u))
	}
	files = nil

	runtime.GC()
	debug.FreeOSMemory()
	var err error
	if res.RSSBefore, err = statusBytes("VmRSS:"); err != nil {
		return res, err
	}
	if err := rssprobe.ResetPeak(); err != nil {
		return res, err
	}
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	stop := sampleHeap(&res.PeakHeap)

	var mu sync.Mutex
	next := make(chan []byte, len(uploads))
	for _, u := range uploads {
		next <- u
	}
	_, _ = rssprobe.Burst(len(uploads), func() error {
		_, err := p.Process(context.Background(), bytes.NewReader(<-next))
		code := "accepted"
		var verr *photo.ValidationError
		if errors.As(err, &verr) {
			code = string(verr.Fields[0].Code)
		} else if err != nil {
			return err
		}
		mu.Lock()
		res.Codes = append(res.Codes, code)
		mu.Unlock()
		return nil
	})

	stop()
	runtime.ReadMemStats(&after)
	res.Allocated = after.TotalAlloc - before.TotalAlloc
	res.PeakRSS, err = statusBytes("VmHWM:")
	return res, err
}

// sampleHeap samples the heap's size (objects live or not yet collected)
// every millisecond into *peak until the returned function is called.
func sampleHeap(peak *uint64) (stop func()) {
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
		tick := time.NewTicker(time.Millisecond)
		defer tick.Stop()
		for {
			metrics.Read(s)
			*peak = max(*peak, s[0].Value.Uint64())
			select {
			case <-done:
				return
			case <-tick.C:
			}
		}
	})
	return func() { close(done); wg.Wait() }
}

// statusBytes returns a "kB" line of /proc/self/status in bytes.
func statusBytes(key string) (int64, error) {
	v, err := rssprobe.Status(key)
	if err != nil {
		return 0, err
	}
	kb, err := strconv.ParseInt(strings.TrimSuffix(v, " kB"), 10, 64)
	return kb << 10, err
}

// runProbe measures case name in a child process.
func runProbe(t *testing.T, name string) probeResult {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), probeEnv+"="+name)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	require.NoError(t, err, "probe %q: %s", name, stderr.String())
	var res probeResult
	require.NoError(t, json.Unmarshal(out, &res), "probe output %q", out)
	return res
}

// mib formats n bytes in MiB.
func mib(n int64) string { return fmt.Sprintf("%.0f MiB", float64(n)/(1<<20)) }

// budget is the decoding memory the defaults allow.
const budget = photo.DefaultMaxDecodeBytes

// TestDecodeMemoryStaysWithinTheBudget processes each hostile upload with
// the default options in a process of its own and checks that the heap,
// the bytes allocated and the resident set never grow past the budget.
func TestDecodeMemoryStaysWithinTheBudget(t *testing.T) {
	if raceEnabled {
		t.Skip("under -race decoding is many times slower and the detector's shadow memory swamps what is measured; .ci/run runs the memory tests without -race")
	}
	for name := range hostile(t) {
		t.Run(name, func(t *testing.T) {
			res := runProbe(t, name)
			rss := res.PeakRSS - res.RSSBefore
			t.Logf("%s: %d KB, %v: cost %s, peak heap %s, allocated %s, peak RSS +%s (budget %s)", name, res.FileBytes>>10, res.Codes,
				mib(res.Cost), mib(int64(res.PeakHeap)), mib(int64(res.Allocated)), mib(rss), mib(budget))
			if res.Cost <= budget {
				assert.Equal(t, []string{"accepted"}, res.Codes)
				assert.LessOrEqual(t, res.Allocated, uint64(res.Cost), "the cost computed bounds what the decode allocates")
			} else {
				assert.Equal(t, []string{string(profilekit.CodePhotoDecodeTooLarge)}, res.Codes)
			}
			assert.LessOrEqual(t, res.PeakHeap, uint64(budget), "peak heap")
			assert.LessOrEqual(t, res.Allocated, uint64(budget), "bytes allocated")
			assert.LessOrEqual(t, rss, int64(budget), "peak RSS")
		})
	}
}

// TestConcurrentHostileUploadsStayWithinTheBudget starts burstUploads
// hostile uploads at once, in a process of its own, and checks that its
// resident set grows by less than twice the budget: the decodes running at
// once allocate at most the budget, and a decode's garbage may wait for the
// next collection while the one after it runs (GOGC=100).
func TestConcurrentHostileUploadsStayWithinTheBudget(t *testing.T) {
	if raceEnabled {
		t.Skip("under -race decoding is many times slower and the detector's shadow memory swamps what is measured; .ci/run runs the memory tests without -race")
	}
	res := runProbe(t, "burst")
	rss := res.PeakRSS - res.RSSBefore
	t.Logf("%d uploads: %v: peak heap %s, allocated %s, peak RSS %s (+%s; total stated %s)", burstUploads, res.Codes,
		mib(int64(res.PeakHeap)), mib(int64(res.Allocated)), mib(res.PeakRSS), mib(rss), mib(2*budget))
	assert.LessOrEqual(t, res.PeakHeap, uint64(2*budget), "peak heap")
	assert.LessOrEqual(t, rss, int64(2*budget), "peak RSS")
}
