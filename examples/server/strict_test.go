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

func TestStaticServesFilesOnly(t *testing.T) {
	e := newEnv(t, false)
	_, srv := e.start(e.cfg)
	c := e.client(srv)
	for _, path := range []string{"/i18n/", "/i18n", "/no-such-file.js", "/i18n/xx.json"} {
		res := c.do("GET", path, nil)
		assert.Equal(t, http.StatusNotFound, res.Status, path)
		assert.Equal(t, "route.not_found", res.Code(t), path)
		assert.NotContains(t, string(res.Body), "en.json", path)
	}
	for path, ctype := range map[string]string{"/": "text/html", "/i18n/en.json": "application/json", "/app.js": "text/javascript"} {
		res := c.do("GET", path, nil)
		assert.Equal(t, http.StatusOK, res.Status, path)
		assert.Contains(t, res.Header.Get("Content-Type"), ctype, path)
	}
}
