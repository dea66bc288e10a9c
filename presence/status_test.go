package presence_test

import (
	"encoding/json"
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/convrs/profilekit"
	"github.com/convrs/profilekit/presence"
)

func TestStatusText(t *testing.T) {
	for _, s := range []presence.Status{presence.Available, presence.Busy, presence.Offline} {
		text, err := s.MarshalText()
		require.NoError(t, err)
		assert.Equal(t, s.String(), string(text))
		var back presence.Status
		require.NoError(t, back.UnmarshalText(text))
		assert.Equal(t, s, back)
	}
	assert.Equal(t, "busy", presence.Busy.String())
	assert.Equal(t, "Status(0)", presence.Status(0).String())
	assert.Equal(t, "Status(9)", presence.Status(9).String())
}

func TestStatusJSON(t *testing.T) {
	out, err := json.Marshal(map[string]presence.Status{"status": presence.Busy})
	require.NoError(t, err)
	assert.JSONEq(t, `{"status":"busy"}`, string(out))
	var in struct{ Status presence.Status }
	require.NoError(t, json.Unmarshal([]byte(`{"Status":"offline"}`), &in))
	assert.Equal(t, presence.Offline, in.Status)
}

func TestStatusUnknownText(t *testing.T) {
	for _, text := range []string{"", "Busy", "away", " busy", "busy\x00"} {
		s := presence.Available
		err := s.UnmarshalText([]byte(text))
		var verr *presence.ValidationError
		require.True(t, errors.As(err, &verr), "text %q: %v", text, err)
		require.Len(t, verr.Fields, 1)
		assert.Equal(t, "status", verr.Fields[0].Field)
		assert.Equal(t, profilekit.CodeStatusUnknown, verr.Fields[0].Code)
		assert.Equal(t, presence.Available, s, "a failed unmarshal changed the value")
	}
	_, err := presence.Status(0).MarshalText()
	var verr *presence.ValidationError
	assert.ErrorAs(t, err, &verr)
}

func TestColourText(t *testing.T) {
	for _, c := range []presence.Colour{presence.Green, presence.Red, presence.Grey} {
		text, err := c.MarshalText()
		require.NoError(t, err)
		var back presence.Colour
		require.NoError(t, back.UnmarshalText(text))
		assert.Equal(t, c, back)
	}
	assert.Equal(t, "red", presence.Red.String())
	assert.Equal(t, "Colour(-1)", presence.Colour(-1).String())
	var c presence.Colour
	err := c.UnmarshalText([]byte("purple"))
	var verr *presence.ValidationError
	require.ErrorAs(t, err, &verr)
	assert.Equal(t, profilekit.CodeColourUnknown, verr.Fields[0].Code)
	_, err = presence.Colour(7).MarshalText()
	assert.ErrorAs(t, err, &verr)
}

func TestBadge(t *testing.T) {
	assert.Equal(t, presence.Badge{Label: "Busy", Colour: presence.Red}, presence.Busy.Badge())
	assert.Equal(t, presence.Badge{Label: "Available", Colour: presence.Green}, presence.Available.Badge())
	assert.Equal(t, presence.Badge{Label: "Offline", Colour: presence.Grey}, presence.Offline.Badge())
}

func FuzzStatusText(f *testing.F) {
	for _, seed := range []string{"available", "busy", "offline", "", "BUSY", "\xff"} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, text []byte) {
		var s presence.Status
		err := s.UnmarshalText(text)
		if err != nil {
			var verr *presence.ValidationError
			require.ErrorAs(t, err, &verr)
			assert.Equal(t, presence.Status(0), s)
			assert.LessOrEqual(t, len(verr.Error()), 200, "error quotes too much input")
			return
		}
		back, err := s.MarshalText()
		require.NoError(t, err)
		assert.Equal(t, string(text), string(back))
	})
}
