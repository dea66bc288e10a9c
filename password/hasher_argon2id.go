package password

import (
	"cmp"
	"context"
	"crypto/rand"
	"crypto/subtle"
	"fmt"
	"runtime"
	"strings"

	"golang.org/x/crypto/argon2"
)

// Lengths of salts and keys, in bytes, that Argon2id writes and accepts.
const (
	minSaltLength = 8
	maxSaltLength = 64
	minKeyLength  = 16
	maxKeyLength  = 64
	// maxHashInput caps the bytes of a password handed to argon2 or bcrypt.
	maxHashInput = 4096
)

// Argon2idParams are the cost parameters of argon2id.
type Argon2idParams struct {
	// Memory is the memory cost in KiB.
	Memory uint32
	// Iterations is the number of passes over the memory.
	Iterations uint32
	// Parallelism is the number of lanes.
	Parallelism uint8
	// SaltLength is the length of the random salt in bytes.
	SaltLength uint32
	// KeyLength is the length of the derived key in bytes.
	KeyLength uint32
}

// DefaultArgon2idParams returns OWASP's recommended minimum for argon2id:
// 19 MiB of memory, two iterations, one lane, a 16-byte salt and a 32-byte
// key.
func DefaultArgon2idParams() Argon2idParams {
	return Argon2idParams{Memory: 19 * 1024, Iterations: 2, Parallelism: 1, SaltLength: 16, KeyLength: 32}
}

// Argon2idBounds limit the parameters Argon2id accepts in a stored hash, so
// that a tampered record cannot make one verification take the process's
// memory or seconds of CPU.
type Argon2idBounds struct {
	// MaxMemory is the most memory, in KiB, one verification may use.
	MaxMemory uint32
	// MaxIterations is the most iterations.
	MaxIterations uint32
	// MaxParallelism is the most lanes.
	MaxParallelism uint8
	// MaxBcryptCost is the highest bcrypt cost accepted (each step doubles
	// the work).
	MaxBcryptCost int
}

// Default bounds of stored hashes; see DefaultArgon2idBounds.
const (
	// DefaultMaxMemory is 64 MiB, the memory of RFC 9106's second
	// recommended option and about three times DefaultArgon2idParams'.
	DefaultMaxMemory = 64 * 1024
	// DefaultMaxIterations is twice DefaultArgon2idParams' iterations, and
	// above RFC 9106's 3.
	DefaultMaxIterations = 4
	// DefaultMaxParallelism is RFC 9106's 4 lanes.
	DefaultMaxParallelism = 4
	// DefaultMaxBcryptCost is 12, the highest default of the common
	// frameworks whose bcrypt hashes are migrated.
	DefaultMaxBcryptCost = 12
)

// DefaultArgon2idBounds returns the default bounds: up to 64 MiB, 4
// iterations, 4 lanes and bcrypt cost 12.
//
// They are what this package's Hasher writes plus headroom, not what
// argon2id allows: DefaultArgon2idParams (19 MiB, 2 iterations, 1 lane)
// may be raised to about three times its memory and twice its iterations,
// and hashes imported from systems that follow RFC 9106's second
// recommended option (64 MiB, 3 iterations, 4 lanes) or OWASP's argon2id
// options up to 4 iterations verify as they are. A stored hash beyond
// them is refused as ErrMalformedHash before any work is done, so a
// tampered record costs at most about seven times an ordinary
// verification (the previous bounds, 128 MiB and 16 iterations, allowed
// about 55 times). A Hasher whose Params exceed a bound raises it; raise
// Argon2idOptions.Bounds to import hashes with larger parameters.
func DefaultArgon2idBounds() Argon2idBounds {
	return Argon2idBounds{MaxMemory: DefaultMaxMemory, MaxIterations: DefaultMaxIterations, MaxParallelism: DefaultMaxParallelism, MaxBcryptCost: DefaultMaxBcryptCost}
}

// Argon2idOptions configures an Argon2id hasher. The zero value, and a nil
// *Argon2idOptions, give the defaults.
type Argon2idOptions struct {
	// Params are the parameters of new hashes. Zero fields take their value
	// from DefaultArgon2idParams(); lengths are clamped to what the parser
	// accepts (salt 8 to 64 bytes, key 16 to 64 bytes).
	Params Argon2idParams
	// Bounds limit the parameters read from stored hashes. Zero fields take
	// their value from DefaultArgon2idBounds(); bounds are raised to Params
	// where Params exceed them.
	Bounds Argon2idBounds
	// MaxConcurrent is the most hashes and verifications that run at once;
	// further calls wait for a slot or for their context to end. Zero means
	// runtime.GOMAXPROCS(0), which keeps the CPUs busy and memory at about
	// MaxConcurrent times Params.Memory.
	MaxConcurrent int
}

// Argon2id is the Hasher this package provides. It hashes with argon2id
// (RFC 9106) and encodes PHC strings
// ("$argon2id$v=19$m=19456,t=2,p=1$salt$key"); it verifies those and bcrypt
// hashes ("$2a$", "$2b$") from systems being migrated, whose NeedsRehash is
// always true. Stored parameters outside Bounds are rejected as
// ErrMalformedHash. Keys are compared in constant time.
//
// At most MaxConcurrent hashes or verifications run at once, so a burst of
// requests waits instead of taking the process's memory. Argon2id is safe
// for concurrent use.
type Argon2id struct {
	params Argon2idParams
	bounds Argon2idBounds
	sem    chan struct{}

	// running, when set (by tests), is called with +1 when a hash starts
	// and -1 when it ends, inside the concurrency bound.
	running func(delta int)
}

var _ Hasher = (*Argon2id)(nil)

// NewArgon2id returns an Argon2id hasher with the given options; nil means
// the defaults.
func NewArgon2id(opts *Argon2idOptions) *Argon2id {
	var o Argon2idOptions
	if opts != nil {
		o = *opts
	}
	p, d := o.Params, DefaultArgon2idParams()
	p.Memory = cmp.Or(p.Memory, d.Memory)
	p.Iterations = cmp.Or(p.Iterations, d.Iterations)
	p.Parallelism = cmp.Or(p.Parallelism, d.Parallelism)
	p.SaltLength = min(max(cmp.Or(p.SaltLength, d.SaltLength), minSaltLength), maxSaltLength)
	p.KeyLength = min(max(cmp.Or(p.KeyLength, d.KeyLength), minKeyLength), maxKeyLength)
	p.Memory = max(p.Memory, 8*uint32(p.Parallelism))

	b, db := o.Bounds, DefaultArgon2idBounds()
	b.MaxMemory = max(cmp.Or(b.MaxMemory, db.MaxMemory), p.Memory)
	b.MaxIterations = max(cmp.Or(b.MaxIterations, db.MaxIterations), p.Iterations)
	b.MaxParallelism = max(cmp.Or(b.MaxParallelism, db.MaxParallelism), p.Parallelism)
	b.MaxBcryptCost = cmp.Or(b.MaxBcryptCost, db.MaxBcryptCost)

	n := o.MaxConcurrent
	if n <= 0 {
		n = runtime.GOMAXPROCS(0)
	}
	return &Argon2id{params: p, bounds: b, sem: make(chan struct{}, n)}
}

// Params returns the parameters of new hashes.
func (h *Argon2id) Params() Argon2idParams { return h.params }

// Hash returns the PHC string of password with a fresh 16-byte (by default)
// random salt. It waits for a free slot, failing with ctx's error if ctx
// ends first.
func (h *Argon2id) Hash(ctx context.Context, password string) (string, error) {
	if len(password) > maxHashInput {
		return "", fmt.Errorf("password: hash: password longer than %d bytes", maxHashInput)
	}
	salt := make([]byte, h.params.SaltLength)
	if _, err := rand.Read(salt); err != nil {
		return "", fmt.Errorf("password: hash: salt: %w", err)
	}
	key, err := h.derive(ctx, password, h.params, salt)
	if err != nil {
		return "", fmt.Errorf("password: hash: %w", err)
	}
	return phc{params: h.params, salt: salt, key: key}.encode(), nil
}

// Verify reports whether password matches encoded, an argon2id PHC string
// or a bcrypt hash. It returns an error wrapping ErrMalformedHash for
// anything else, including parameters outside the bounds, and ctx's error
// if ctx ends while it waits for a slot.
func (h *Argon2id) Verify(ctx context.Context, password, encoded string) (bool, error) {
	if isBcrypt(encoded) {
		return h.verifyBcrypt(ctx, password, encoded)
	}
	parsed, err := parsePHC(encoded, h.bounds)
	if err != nil {
		return false, err
	}
	if len(password) > maxHashInput {
		return false, nil
	}
	key, err := h.derive(ctx, password, parsed.params, parsed.salt)
	if err != nil {
		return false, fmt.Errorf("password: verify: %w", err)
	}
	return subtle.ConstantTimeCompare(key, parsed.key) == 1, nil
}

// NeedsRehash reports whether encoded is a bcrypt hash, cannot be parsed,
// or has a memory, iteration, parallelism, salt or key length below the
// current parameters.
func (h *Argon2id) NeedsRehash(encoded string) bool {
	parsed, err := parsePHC(encoded, h.bounds)
	if err != nil {
		return true
	}
	got, want := parsed.params, h.params
	return got.Memory < want.Memory || got.Iterations < want.Iterations ||
		got.Parallelism < want.Parallelism || got.SaltLength < want.SaltLength ||
		got.KeyLength < want.KeyLength
}

// derive runs argon2id inside the concurrency bound.
func (h *Argon2id) derive(ctx context.Context, password string, p Argon2idParams, salt []byte) ([]byte, error) {
	release, err := h.acquire(ctx)
	if err != nil {
		return nil, err
	}
	defer release()
	return argon2.IDKey([]byte(password), salt, p.Iterations, p.Memory, p.Parallelism, p.KeyLength), nil
}

// acquire waits for a slot of the concurrency bound and returns the
// function that frees it.
func (h *Argon2id) acquire(ctx context.Context) (func(), error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	select {
	case h.sem <- struct{}{}:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	if h.running != nil {
		h.running(+1)
	}
	return func() {
		if h.running != nil {
			h.running(-1)
		}
		<-h.sem
	}, nil
}

// isBcrypt reports whether encoded looks like a bcrypt hash this package
// verifies.
func isBcrypt(encoded string) bool {
	return strings.HasPrefix(encoded, "$2a$") || strings.HasPrefix(encoded, "$2b$")
}
