package main

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestDuplicateKeysRefused(t *testing.T) {
	e := newEnv(t, false)
	_, srv := e.start(e.cfg)
	c := e.client(srv)
	c.signIn("ada")
	for _, body := range []string{
		`{"version": 0, "alerts": {"new_message": {"sound_on": true, "sound": "", "volume": 500, "volume": 5, "browser": true, "only_when_unfocused": true}}}`,
		`{"version": 0, "version": 0}`,
		`{"version": 0, "alerts": {"new_message": {}, "new_message": {}}}`,
		`{"version": 0, "Version": 0}`,
		`{"version": 0, "\u0076ersion": 0}`,
	} {
		res := c.do("PUT", "/api/notifications/preferences", body)
		require.Equal(t, http.StatusBadRequest, res.Status, "%s: %s", body, res.Body)
		assert.Equal(t, "request.duplicate_key", res.Code(t), body)
	}
	res := c.do("GET", "/api/notifications/preferences", nil)
	require.Equal(t, http.StatusOK, res.Status)
	assert.Equal(t, float64(0), res.JSON(t)["version"], "nothing was saved")
}
