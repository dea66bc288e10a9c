package redis_test

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/convrs/profilekit"
	"github.com/convrs/profilekit/storage/redis"
)

func TestTimeSourceText(t *testing.T) {
	for _, ts := range []redis.TimeSource{redis.CallerTime, redis.ServerTime} {
		text, err := ts.MarshalText()
		require.NoError(t, err)
		assert.Equal(t, ts.String(), string(text))
		back := redis.TimeSource(-1)
		require.NoError(t, back.UnmarshalText(text))
		assert.Equal(t, ts, back)
	}
	assert.Equal(t, "caller", redis.CallerTime.String())
	assert.Equal(t, "server", redis.ServerTime.String())
	assert.Equal(t, "TimeSource(5)", redis.TimeSource(5).String())

	var opts struct{ Time redis.TimeSource }
	require.NoError(t, json.Unmarshal([]byte(`{"Time":"server"}`), &opts))
	assert.Equal(t, redis.ServerTime, opts.Time)

	_, err := redis.TimeSource(5).MarshalText()
	var verr *profilekit.ValidationError
	require.ErrorAs(t, err, &verr)
	assert.Equal(t, []profilekit.Code{profilekit.CodeTimeSourceUnknown}, verr.Codes())
	ts := redis.ServerTime
	err = ts.UnmarshalText([]byte("local"))
	require.ErrorAs(t, err, &verr)
	assert.Equal(t, `presence: invalid input: time: "local" is not a known time source (time_source.unknown)`, err.Error())
	assert.Equal(t, redis.ServerTime, ts, "a failed unmarshal changed the value")
}
