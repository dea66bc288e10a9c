package strictjson_test

import (
	"encoding/json"
	"errors"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/convrs/profilekit/examples/strictjson"
)

func TestCheckNamesFindsDuplicatesAtAnyDepth(t *testing.T) {
	for in, pointer := range map[string]string{
		`{"volume":500,"volume":5}`:                     "/volume",
		`{"volume":500,"Volume":5}`:                     "/Volume",
		`{"k":1,"\u212a":2}`:                            "/\u212a", // Kelvin sign folds to k
		`{"v\u006flume":1,"volume":2}`:                  "/volume",
		`{"a":{"b":[1,{"c":1,"c":2}]}}`:                 "/a/b/1/c",
		`[{"x":1},{"x":1,"y":{"z":[],"z":{}}}]`:         "/1/y/z",
		`{"a/b":{"m~n":{"q":1,"q":1}}}`:                 "/a~1b/m~0n/q",
		`{"a":[[[[{"deep":1,"deep":1}]]]]}`:             "/a/0/0/0/0/deep",
		`{"alerts":{"new_message":{},"new_message":1}}`: "/alerts/new_message",
	} {
		err := strictjson.CheckNames([]byte(in))
		var dup *strictjson.DuplicateNameError
		require.ErrorAs(t, err, &dup, in)
		assert.Equal(t, pointer, dup.Pointer, in)
	}
}

func TestCheckNamesAcceptsUniqueNames(t *testing.T) {
	for _, in := range []string{
		`{}`, `[]`, `1`, `"s"`, `null`, ` {"a":1} `,
		`{"a":{"a":{"a":1}}}`,           // the same name in nested objects
		`[{"a":1},{"a":2}]`,             // in sibling objects
		`{"a":[{"b":1}],"b":{"a":1}}`,   // after leaving an object
		`{"ab":1,"a":1,"b":1,"AB ":1}`,  // names that differ
		`{"n":12345678901234567890123}`, // a number beyond float64
	} {
		assert.NoError(t, strictjson.CheckNames([]byte(in)), in)
	}
}

func TestCheckNamesRefusesMalformedInput(t *testing.T) {
	for _, in := range []string{``, `{`, `{"a":}`, `{"a":1,}`, `[1,]`, `{"a" 1}`} {
		err := strictjson.CheckNames([]byte(in))
		assert.Error(t, err, in)
		var dup *strictjson.DuplicateNameError
		assert.False(t, errors.As(err, &dup), in)
	}
	assert.ErrorIs(t, strictjson.CheckNames([]byte(`{} {}`)), strictjson.ErrTrailingData)
	assert.ErrorIs(t, strictjson.CheckNames([]byte(`1 2`)), strictjson.ErrTrailingData)
}

func TestUnmarshal(t *testing.T) {
	type alert struct {
		Volume int `json:"volume"`
	}
	var v struct {
		Alerts map[string]alert `json:"alerts"`
	}
	require.NoError(t, strictjson.Unmarshal([]byte(`{"alerts":{"x":{"volume":5}}}`), &v))
	assert.Equal(t, 5, v.Alerts["x"].Volume)

	var w struct {
		Volume int `json:"volume"`
	}
	var dup *strictjson.DuplicateNameError
	require.ErrorAs(t, strictjson.Unmarshal([]byte(`{"volume":500,"volume":5}`), &w), &dup)
	assert.Zero(t, w.Volume, "nothing is decoded")
	assert.Error(t, strictjson.Unmarshal([]byte(`{"other":1}`), &w), "unknown fields are refused")
	assert.ErrorIs(t, strictjson.Unmarshal([]byte(`{"volume":1}{}`), &w), strictjson.ErrTrailingData)
}

func TestDuplicateNameErrorQuotesAShortPrefix(t *testing.T) {
	long := strings.Repeat("é", 100)
	err := strictjson.CheckNames([]byte(`{"` + long + `":1,"` + long + `":2}`))
	require.Error(t, err)
	assert.Less(t, len(err.Error()), 100)
	assert.True(t, strings.HasPrefix(err.Error(), "strictjson: duplicate name at "))
}

// FuzzCheckNames checks that any input gives an answer without panicking;
// that a refusal other than a duplicate is invalid JSON; that accepted input
// is valid JSON; and that valid input with unique names, put in an object
// beside itself under two names differing in case, is refused there.
func FuzzCheckNames(f *testing.F) {
	for _, s := range []string{`{"a":1}`, `{"a":1,"a":2}`, `[{"x":[{"y":1}]}]`, `"s"`, `{"\u212a":1,"k":2}`, `{`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		err := strictjson.CheckNames(data)
		var dup *strictjson.DuplicateNameError
		switch {
		case err == nil:
			if !json.Valid(data) {
				t.Fatalf("accepted invalid JSON %q", data)
			}
		case errors.As(err, &dup):
			if !strings.HasPrefix(dup.Pointer, "/") {
				t.Fatalf("pointer %q", dup.Pointer)
			}
		default:
			if json.Valid(data) {
				t.Fatalf("refused valid JSON %q: %v", data, err)
			}
		}
		if err != nil {
			return
		}
		wrapped := append(append([]byte(`{"key":`), data...), []byte(`,"KEY":0}`)...)
		if !errors.As(strictjson.CheckNames(wrapped), &dup) || dup.Pointer != "/KEY" {
			t.Fatalf("no duplicate found at /KEY in %q", wrapped)
		}
	})
}

// TestCheckNamesCostPerNameIsSmall: checking a request body costs a few
// hundred bytes a name, not kilobytes (it built a strings.Replacer for
// each name, about 6 KB, and every PATCH paid for it). Measured as bytes
// allocated, not time.
func TestCheckNamesCostPerNameIsSmall(t *testing.T) {
	var parts []string
	for i := range 20 {
		parts = append(parts, `"field`+strconv.Itoa(i)+`":1`)
	}
	data := []byte("{" + strings.Join(parts, ",") + "}")
	require.NoError(t, strictjson.CheckNames(data))
	const runs = 50
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	for range runs {
		_ = strictjson.CheckNames(data)
	}
	runtime.ReadMemStats(&after)
	perName := (after.TotalAlloc - before.TotalAlloc) / runs / 20
	assert.LessOrEqual(t, perName, uint64(1024), "bytes allocated a name")
}
