package password

import (
	"bufio"
	"cmp"
	"context"
	"crypto/sha1"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/convrs/profilekit/internal/kit"

	"github.com/convrs/profilekit"
)

// Defaults of RangeOptions.
const (
	// DefaultRangeBaseURL is the Have I Been Pwned Pwned Passwords API.
	DefaultRangeBaseURL = "https://api.pwnedpasswords.com"
	// DefaultRangeTimeout bounds one range request.
	DefaultRangeTimeout = 3 * time.Second
	// DefaultRangeCacheTTL is how long a range answer is reused.
	DefaultRangeCacheTTL = time.Hour
	// DefaultRangeCacheSize is how many range answers are kept.
	DefaultRangeCacheSize = 4096
)

// maxRangeBody caps the size of one range answer; real answers, padded,
// are under 64 KiB.
const maxRangeBody = 4 << 20

// RangeOptions configures a RangeClient. The zero value, and a nil
// *RangeOptions, give the defaults.
type RangeOptions struct {
	// BaseURL is the service's address without a trailing slash; requests
	// go to BaseURL + "/range/" + the first five hex digits of the SHA-1.
	// Empty means DefaultRangeBaseURL.
	BaseURL string
	// HTTPClient sends the requests. Nil means an http.Client of the
	// RangeClient's own with Timeout as its timeout (on
	// http.DefaultTransport).
	HTTPClient *http.Client
	// Timeout bounds each request, on top of the caller's context. Zero
	// means DefaultRangeTimeout.
	Timeout time.Duration
	// CacheTTL is how long a range answer is reused. Zero means
	// DefaultRangeCacheTTL; a negative value turns the cache off.
	CacheTTL time.Duration
	// CacheSize is the most range answers kept (about 8 KB each). Zero
	// means DefaultRangeCacheSize.
	CacheSize int
	// MinCount is how many times a password must have been seen in breaches
	// to count as breached. Zero means 1.
	MinCount int
	// OnFailure says what Contains answers when the service cannot be
	// used: RefuseOnFailure (the default) or AcceptOnFailure.
	OnFailure FailurePolicy
	// ReportFailure, if set, is called with every failure, whatever
	// OnFailure says, so that the embedding service can log or count it. It
	// must be safe for concurrent use. The error holds no password.
	ReportFailure func(error)
	// UserAgent is sent with each request. Empty means "profilekit".
	UserAgent string
	// Clock tells the time for cache expiry. Nil means the system clock.
	Clock profilekit.Clock
}

// RangeClient is a Blocklist backed by a breached-password service with a
// k-anonymity range API, such as Have I Been Pwned's Pwned Passwords: it
// sends only the first five hex digits of the password's SHA-1 and looks
// for the rest among the suffixes the service returns. It asks for padded
// answers (the Add-Padding header) so that the answer's size reveals
// nothing, and ignores the padding entries (count 0). Answers are cached
// for CacheTTL.
//
// When the service cannot be used, Contains follows RangeOptions.OnFailure
// and never passes silently. A RangeClient is safe for concurrent use.
type RangeClient struct {
	opts   RangeOptions
	client *http.Client

	mu    sync.Mutex
	cache map[string]rangeAnswer // by upper-case prefix
}

// rangeAnswer is a cached range answer: the first 64 bits of each breached
// suffix, sorted.
type rangeAnswer struct {
	suffixes []uint64
	expires  time.Time
}

// NewRangeClient returns a RangeClient with the given options; nil means
// the defaults. It sends no request until Contains is called.
func NewRangeClient(opts *RangeOptions) *RangeClient {
	var o RangeOptions
	if opts != nil {
		o = *opts
	}
	o.BaseURL = strings.TrimRight(cmp.Or(o.BaseURL, DefaultRangeBaseURL), "/")
	if o.Timeout <= 0 {
		o.Timeout = DefaultRangeTimeout
	}
	o.CacheTTL = cmp.Or(o.CacheTTL, DefaultRangeCacheTTL)
	if o.CacheSize <= 0 {
		o.CacheSize = DefaultRangeCacheSize
	}
	o.MinCount = max(o.MinCount, 1)
	o.UserAgent = cmp.Or(o.UserAgent, "profilekit")
	o.Clock = kit.Clock(o.Clock)
	c := &RangeClient{opts: o, client: o.HTTPClient, cache: make(map[string]rangeAnswer)}
	if c.client == nil {
		c.client = &http.Client{Timeout: o.Timeout}
	}
	return c
}

// Contains reports whether password has appeared in breaches at least
// MinCount times. When the service fails it returns an error wrapping
// ErrBlocklistUnavailable (RefuseOnFailure) or false (AcceptOnFailure);
// when ctx ends it returns an error wrapping ctx.Err().
func (c *RangeClient) Contains(ctx context.Context, password string) (bool, error) {
	sum := sha1.Sum([]byte(password))
	digest := strings.ToUpper(hex.EncodeToString(sum[:]))
	prefix, suffix := digest[:5], suffixKey(digest[5:21])

	suffixes, ok := c.cached(prefix)
	if !ok {
		var err error
		suffixes, err = c.fetch(ctx, prefix)
		if err != nil {
			if ctx.Err() != nil {
				return false, fmt.Errorf("password: breached-password check: %w", ctx.Err())
			}
			if c.opts.ReportFailure != nil {
				c.opts.ReportFailure(err)
			}
			if c.opts.OnFailure == AcceptOnFailure {
				return false, nil
			}
			return false, err
		}
		c.store(prefix, suffixes)
	}
	_, found := slices.BinarySearch(suffixes, suffix)
	return found, nil
}

// cached returns the unexpired cached answer for prefix.
func (c *RangeClient) cached(prefix string) ([]uint64, bool) {
	if c.opts.CacheTTL < 0 {
		return nil, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	a, ok := c.cache[prefix]
	if !ok || !c.opts.Clock.Now().Before(a.expires) {
		return nil, false
	}
	return a.suffixes, true
}

// store caches an answer, evicting expired answers, then arbitrary ones,
// when the cache is full.
func (c *RangeClient) store(prefix string, suffixes []uint64) {
	if c.opts.CacheTTL < 0 {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	now := c.opts.Clock.Now()
	if len(c.cache) >= c.opts.CacheSize {
		for k, a := range c.cache {
			if !now.Before(a.expires) {
				delete(c.cache, k)
			}
		}
		for k := range c.cache {
			if len(c.cache) < c.opts.CacheSize {
				break
			}
			delete(c.cache, k)
		}
	}
	c.cache[prefix] = rangeAnswer{suffixes: suffixes, expires: now.Add(c.opts.CacheTTL)}
}

// fetch asks the service for prefix and parses the answer. Its errors wrap
// ErrBlocklistUnavailable and never name the prefix.
func (c *RangeClient) fetch(ctx context.Context, prefix string) ([]uint64, error) {
	ctx, cancel := context.WithTimeout(ctx, c.opts.Timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.opts.BaseURL+"/range/"+prefix, nil)
	if err != nil {
		return nil, fmt.Errorf("password: breached-password request: %w", errors.Join(ErrBlocklistUnavailable, err))
	}
	req.Header.Set("Add-Padding", "true")
	req.Header.Set("User-Agent", c.opts.UserAgent)
	resp, err := c.client.Do(req)
	if err != nil {
		// The *url.Error names the URL, and so the prefix: keep only its cause.
		var ue interface{ Unwrap() error }
		if errors.As(err, &ue) && ue.Unwrap() != nil {
			err = ue.Unwrap()
		}
		return nil, fmt.Errorf("password: breached-password service unreachable: %w", errors.Join(ErrBlocklistUnavailable, err))
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, maxRangeBody))
		return nil, fmt.Errorf("password: breached-password service answered %s: %w", resp.Status, ErrBlocklistUnavailable)
	}
	suffixes, err := parseRange(io.LimitReader(resp.Body, maxRangeBody+1), c.opts.MinCount)
	if err != nil {
		return nil, fmt.Errorf("password: breached-password answer: %w", errors.Join(ErrBlocklistUnavailable, err))
	}
	return suffixes, nil
}

// errRangeFormat reports a range answer that is not SUFFIX:COUNT lines.
var errRangeFormat = errors.New("malformed range answer")

// parseRange reads SUFFIX:COUNT lines (35 hex digits, a colon, a decimal
// count) and returns the keys of the suffixes seen at least minCount times,
// sorted. Padding entries (count 0) never count. An answer over
// maxRangeBody bytes is malformed.
func parseRange(r io.Reader, minCount int) ([]uint64, error) {
	var out []uint64
	sc := bufio.NewScanner(r)
	total := 0
	for sc.Scan() {
		line := sc.Bytes()
		total += len(line) + 1
		if total > maxRangeBody {
			return nil, fmt.Errorf("%w: too large", errRangeFormat)
		}
		s := strings.TrimSpace(string(line))
		if s == "" {
			continue
		}
		hexPart, countPart, ok := strings.Cut(s, ":")
		if !ok || len(hexPart) != 35 || !isHex(hexPart) {
			return nil, fmt.Errorf("%w: bad suffix", errRangeFormat)
		}
		count, err := strconv.ParseUint(countPart, 10, 63)
		if err != nil {
			return nil, fmt.Errorf("%w: bad count", errRangeFormat)
		}
		if count == 0 || count < uint64(minCount) {
			continue
		}
		out = append(out, suffixKey(hexPart[:16]))
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%w: %w", errRangeFormat, err)
	}
	slices.Sort(out)
	return slices.Clip(slices.Compact(out)), nil
}

// isHex reports whether s holds only hexadecimal digits.
func isHex(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
			return false
		}
	}
	return true
}

// suffixKey turns 16 hex digits, of either case, into a uint64.
func suffixKey(hex16 string) uint64 {
	v, _ := strconv.ParseUint(hex16, 16, 64)
	return v
}
