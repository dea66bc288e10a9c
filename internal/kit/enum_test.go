package kit

import (
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/convrs/profilekit"
)

// colour is an enum whose zero value is no constant, as presence.Status.
type colour int

const (
	red colour = iota + 1
	green
	blue = 4 // a gap: 3 is no constant
)

var colourText = Enum[colour]{
	Type: "colour", Domain: "presence", Field: "colour", Code: profilekit.CodeColourUnknown,
	Names: []string{red: "red", green: "green", blue: "blue"},
}

func (c colour) String() string                   { return colourText.String(c) }
func (c colour) MarshalText() ([]byte, error)     { return colourText.Marshal(c) }
func (c *colour) UnmarshalText(text []byte) error { return colourText.Unmarshal(text, c) }

// policy is an enum whose zero value is a constant, as
// password.FailurePolicy.
type policy int

var policyText = Enum[policy]{Type: "policy", Domain: "password", Field: "on_failure", Code: profilekit.CodeFailurePolicyUnknown,
	Names: []string{"refuse", "accept"}}

func TestEnumString(t *testing.T) {
	assert.Equal(t, "red", red.String())
	assert.Equal(t, "blue", colour(blue).String())
	for _, v := range []colour{0, 3, 5, -1} {
		assert.False(t, colourText.Valid(v), "%d", v)
	}
	assert.Equal(t, "colour(3)", colour(3).String())
	assert.Equal(t, "colour(-1)", colour(-1).String())
	assert.Equal(t, "refuse", policyText.String(0))
	assert.Equal(t, []colour{red, green, blue}, colourText.Values())
	assert.Equal(t, []policy{0, 1}, policyText.Values())
}

func TestEnumTextRoundTrip(t *testing.T) {
	for _, c := range colourText.Values() {
		text, err := c.MarshalText()
		require.NoError(t, err)
		assert.Equal(t, c.String(), string(text))
		var back colour
		require.NoError(t, back.UnmarshalText(text))
		assert.Equal(t, c, back)
		got, err := colourText.Parse(string(text))
		require.NoError(t, err)
		assert.Equal(t, c, got)
	}
	out, err := json.Marshal(map[string]colour{"c": green})
	require.NoError(t, err)
	assert.JSONEq(t, `{"c":"green"}`, string(out))
	var in struct{ C colour }
	require.NoError(t, json.Unmarshal([]byte(`{"C":"blue"}`), &in))
	assert.Equal(t, colour(blue), in.C)
}

func TestEnumUnknownText(t *testing.T) {
	for _, text := range []string{"", "Red", " red", "red\x00", "3", "colour(3)", "\xff", strings.Repeat("x", 1000)} {
		c := green
		err := c.UnmarshalText([]byte(text))
		assertUnknown(t, err, "presence", "colour", profilekit.CodeColourUnknown)
		assert.Equal(t, green, c, "a failed unmarshal changed the value")
		_, err = colourText.Parse(text)
		assertUnknown(t, err, "presence", "colour", profilekit.CodeColourUnknown)
	}
	var c colour
	err := c.UnmarshalText([]byte("purple"))
	assert.EqualError(t, err, `presence: invalid input: colour: "purple" is not a known colour (colour.unknown)`)
	p := policy(1)
	err = policyText.Unmarshal([]byte("maybe"), &p)
	assertUnknown(t, err, "password", "on_failure", profilekit.CodeFailurePolicyUnknown)
	assert.Equal(t, policy(1), p)
	require.NoError(t, policyText.Unmarshal([]byte("refuse"), &p))
	assert.Equal(t, policy(0), p)
}

func TestEnumMarshalUnknownValue(t *testing.T) {
	for _, v := range []colour{0, 3, 9, -2} {
		_, err := v.MarshalText()
		assertUnknown(t, err, "presence", "colour", profilekit.CodeColourUnknown)
	}
	_, err := colour(3).MarshalText()
	assert.EqualError(t, err, `presence: invalid input: colour: 3 is not a known colour (colour.unknown)`)
	_, err = json.Marshal(colour(0))
	assert.Error(t, err)
}

// assertUnknown checks that err is the coded problem of an unknown enum
// text or value.
func assertUnknown(t *testing.T, err error, domain, field string, code profilekit.Code) {
	t.Helper()
	var verr *profilekit.ValidationError
	if assert.ErrorAs(t, err, &verr) {
		assert.Equal(t, domain, verr.Domain)
		if assert.Len(t, verr.Fields, 1) {
			assert.Equal(t, field, verr.Fields[0].Field)
			assert.Equal(t, code, verr.Fields[0].Code)
			assert.Nil(t, verr.Fields[0].Params)
			assert.True(t, utf8.ValidString(verr.Fields[0].Message))
		}
	}
}

// FuzzEnumText holds every Enum to its contract for any text: either the
// text is exactly a constant's, which marshals back to the same text, or
// the answer is the coded problem, the value is unchanged and the message
// quotes a short prefix at most.
func FuzzEnumText(f *testing.F) {
	for _, seed := range []string{"red", "green", "blue", "", "RED", "red ", "\xff", "colour(3)", "refuse"} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, text []byte) {
		c := colour(blue)
		if err := c.UnmarshalText(text); err != nil {
			assertUnknown(t, err, "presence", "colour", profilekit.CodeColourUnknown)
			assert.Equal(t, colour(blue), c)
			assert.LessOrEqual(t, len(err.Error()), 200, "the error quotes too much input")
		} else {
			back, err := c.MarshalText()
			require.NoError(t, err)
			assert.Equal(t, string(text), string(back))
		}
		p := policy(1)
		if err := policyText.Unmarshal(text, &p); err != nil {
			assertUnknown(t, err, "password", "on_failure", profilekit.CodeFailurePolicyUnknown)
			assert.Equal(t, policy(1), p)
		} else {
			assert.Equal(t, string(text), policyText.String(p))
		}
	})
}
