package password_test

import (
	"context"
	"encoding/base64"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/crypto/argon2"
	"golang.org/x/crypto/bcrypt"

	"github.com/convrs/profilekit/password"
)

func TestArgon2idDefaults(t *testing.T) {
	h := password.NewArgon2id(nil)
	assert.Equal(t, password.DefaultArgon2idParams(), h.Params())
	p := h.Params()
	assert.GreaterOrEqual(t, p.Memory, uint32(19*1024), "OWASP minimum: 19 MiB")
	assert.GreaterOrEqual(t, p.Iterations, uint32(2))
	assert.GreaterOrEqual(t, p.Parallelism, uint8(1))
	assert.Equal(t, uint32(16), p.SaltLength)
}

func TestArgon2idHashFormatAndVerify(t *testing.T) {
	ctx := context.Background()
	h := password.NewArgon2id(nil)
	encoded, err := h.Hash(ctx, "correct horse battery staple")
	require.NoError(t, err)
	assert.Regexp(t, `^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$`, encoded)

	ok, err := h.Verify(ctx, "correct horse battery staple", encoded)
	require.NoError(t, err)
	assert.True(t, ok)
	ok, err = h.Verify(ctx, "correct horse battery stapl", encoded)
	require.NoError(t, err)
	assert.False(t, ok)
	assert.False(t, h.NeedsRehash(encoded))

	again, err := h.Hash(ctx, "correct horse battery staple")
	require.NoError(t, err)
	assert.NotEqual(t, encoded, again, "every hash has its own salt")
}

func TestArgon2idVerifiesAReferenceHash(t *testing.T) {
	// Built with the library directly, as another argon2id implementation
	// would store it.
	salt := []byte("0123456789abcdef")
	key := argon2.IDKey([]byte("hunter2 hunter2 hunter2"), salt, 3, 32*1024, 2, 32)
	encoded := fmt.Sprintf("$argon2id$v=19$m=32768,t=3,p=2$%s$%s",
		base64.RawStdEncoding.EncodeToString(salt), base64.RawStdEncoding.EncodeToString(key))
	h := password.NewArgon2id(nil)
	ok, err := h.Verify(context.Background(), "hunter2 hunter2 hunter2", encoded)
	require.NoError(t, err)
	assert.True(t, ok)
	assert.False(t, h.NeedsRehash(encoded), "stronger parameters need no rehash")
}

func TestArgon2idNeedsRehash(t *testing.T) {
	ctx := context.Background()
	weak := password.NewArgon2id(&password.Argon2idOptions{Params: password.Argon2idParams{Memory: 1024, Iterations: 1}})
	strong := password.NewArgon2id(nil)
	encoded, err := weak.Hash(ctx, "correct horse battery staple")
	require.NoError(t, err)
	assert.True(t, strong.NeedsRehash(encoded))
	assert.False(t, weak.NeedsRehash(encoded))
	ok, err := strong.Verify(ctx, "correct horse battery staple", encoded)
	require.NoError(t, err)
	assert.True(t, ok, "weaker hashes still verify")

	bc, err := bcrypt.GenerateFromPassword([]byte("legacy password"), bcrypt.MinCost)
	require.NoError(t, err)
	assert.True(t, strong.NeedsRehash(string(bc)))
	assert.True(t, strong.NeedsRehash("garbage"))
}

func TestArgon2idVerifiesBcrypt(t *testing.T) {
	ctx := context.Background()
	h := password.NewArgon2id(nil)
	for _, prefix := range []string{"$2a$", "$2b$"} {
		bc, err := bcrypt.GenerateFromPassword([]byte("legacy password"), bcrypt.MinCost)
		require.NoError(t, err)
		encoded := prefix + string(bc)[4:]
		ok, err := h.Verify(ctx, "legacy password", encoded)
		require.NoError(t, err)
		assert.True(t, ok, prefix)
		ok, err = h.Verify(ctx, "legacy passwort", encoded)
		require.NoError(t, err)
		assert.False(t, ok, prefix)
	}
}

func TestArgon2idRejectsTamperedHashes(t *testing.T) {
	ctx := context.Background()
	h := password.NewArgon2id(nil)
	good, err := fastHasher().Hash(ctx, "x")
	require.NoError(t, err)
	parts := strings.Split(good, "$") // "", argon2id, v=19, params, salt, key
	with := func(i int, v string) string {
		p := append([]string(nil), parts...)
		p[i] = v
		return strings.Join(p, "$")
	}
	bc, err := bcrypt.GenerateFromPassword([]byte("x"), bcrypt.MinCost)
	require.NoError(t, err)
	tampered := map[string]string{
		"Empty":             "",
		"Plaintext":         "hunter2",
		"Argon2i":           with(1, "argon2i"),
		"OldVersion":        with(2, "v=16"),
		"HugeMemory":        with(3, "m=4194304,t=1,p=1"),
		"MemoryJustOverMax": with(3, "m=65537,t=1,p=1"),
		// The bounds are what the Hasher writes plus headroom (issue 9):
		// the largest parameters the old bounds accepted are refused.
		"OldLargestBounds":       with(3, "m=131072,t=16,p=16"),
		"IterationsJustOverMax":  with(3, "m=64,t=5,p=1"),
		"ParallelismJustOverMax": with(3, "m=64,t=1,p=5"),
		"ZeroIterations":         with(3, "m=64,t=0,p=1"),
		"ManyIterations":         with(3, "m=64,t=1000000,p=1"),
		"ZeroParallelism":        with(3, "m=64,t=1,p=0"),
		"HugeParallelism":        with(3, "m=64,t=1,p=255"),
		"MemoryBelow8p":          with(3, "m=8,t=1,p=2"),
		"ParamsOutOfOrder":       with(3, "t=1,m=64,p=1"),
		"LeadingZero":            with(3, "m=064,t=1,p=1"),
		"Overflow":               with(3, "m=99999999999,t=1,p=1"),
		"NegativeParameter":      with(3, "m=-64,t=1,p=1"),
		"ShortSalt":              with(4, "AAAA"),
		"PaddedSalt":             with(4, parts[4]+"=="),
		"BadSaltCharacters":      with(4, "!!!!!!!!!!!!!!!!!!!!!!"),
		"ShortKey":               with(5, "AAAAAAAA"),
		"TooManyFields":          good + "$extra",
		"TooLong":                good + strings.Repeat("A", 1000),
		"BcryptCostTooHigh":      "$2b$31$" + string(bc)[7:],
		"BcryptCostJustOverMax":  "$2b$13$" + string(bc)[7:],
		"BcryptTruncated":        string(bc)[:40],
		"BcryptUnknownMinor":     "$2x$" + string(bc)[4:],
		// Go's base64 decoder skips CR and LF: a hash with a line break
		// inserted must not verify like the original (issue 9, item 1).
		"NewlineInKey": with(5, parts[5][:10]+"\n"+parts[5][10:]),
		"CRLFInSalt":   with(4, parts[4][:5]+"\r\n"+parts[4][5:]),
		"TrailingLF":   good + "\n",
		"FuzzCRInKey":  "$argon2id$v=19$m=10,t=1,p=1$00000000000$000000000000000000000\r00",
		"SpaceInKey":   with(5, parts[5][:10]+" "+parts[5][10:]),
	}
	for name, encoded := range tampered {
		t.Run(name, func(t *testing.T) {
			ok, err := h.Verify(ctx, "x", encoded)
			assert.False(t, ok)
			require.ErrorIs(t, err, password.ErrMalformedHash)
			assert.True(t, h.NeedsRehash(encoded))
			if encoded != "" {
				assert.NotContains(t, err.Error(), encoded, "errors must not repeat the stored hash")
			}
		})
	}
	ok, err := h.Verify(ctx, "x", good)
	require.NoError(t, err)
	assert.True(t, ok, "the untampered hash verifies")
}

func TestArgon2idBoundsFollowParams(t *testing.T) {
	ctx := context.Background()
	big := password.NewArgon2id(&password.Argon2idOptions{Params: password.Argon2idParams{Iterations: 20, Memory: 64}})
	encoded, err := big.Hash(ctx, "x")
	require.NoError(t, err)
	ok, err := big.Verify(ctx, "x", encoded)
	require.NoError(t, err)
	assert.True(t, ok, "a hasher always accepts its own parameters")
}

func TestArgon2idHonoursContext(t *testing.T) {
	h := fastHasher()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := h.Hash(ctx, "x")
	assert.ErrorIs(t, err, context.Canceled)
	encoded, err := h.Hash(context.Background(), "x")
	require.NoError(t, err)
	_, err = h.Verify(ctx, "x", encoded)
	assert.ErrorIs(t, err, context.Canceled)
}

func TestArgon2idRejectsOverlongInput(t *testing.T) {
	ctx := context.Background()
	h := fastHasher()
	_, err := h.Hash(ctx, strings.Repeat("x", 5000))
	assert.Error(t, err)
	encoded, err := h.Hash(ctx, "x")
	require.NoError(t, err)
	ok, err := h.Verify(ctx, strings.Repeat("x", 5000), encoded)
	assert.NoError(t, err)
	assert.False(t, ok)
}

func TestArgon2idClampsParams(t *testing.T) {
	h := password.NewArgon2id(&password.Argon2idOptions{Params: password.Argon2idParams{Memory: 1, Parallelism: 4, SaltLength: 4, KeyLength: 100}})
	p := h.Params()
	assert.Equal(t, uint32(32), p.Memory, "argon2 needs at least 8 KiB per lane")
	assert.Equal(t, uint32(8), p.SaltLength)
	assert.Equal(t, uint32(64), p.KeyLength)
	assert.Equal(t, password.DefaultArgon2idParams().Iterations, p.Iterations)
	encoded, err := h.Hash(context.Background(), "x")
	require.NoError(t, err)
	ok, err := h.Verify(context.Background(), "x", encoded)
	require.NoError(t, err)
	assert.True(t, ok)
}
