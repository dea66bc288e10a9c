package main

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestRolesAreAClosedSetFoldedOnInput(t *testing.T) {
	e := newEnv(t, false)
	_, srv := e.start(e.cfg)
	admin := e.client(srv)
	admin.signIn("admin")
	const pw = "a long enough first password 7"
	res := admin.do("POST", "/api/admin/agents", map[string]any{"username": "boss", "role": "ADMIN", "name": "Big Boss", "public_name": "Boss", "password": pw})
	require.Equal(t, http.StatusCreated, res.Status, string(res.Body))
	assert.Equal(t, "admin", res.JSON(t)["role"], "the role is stored as configured")
	e.creds["boss"] = pw
	boss := e.client(srv)
	boss.signIn("boss")
	assert.Equal(t, http.StatusOK, boss.do("GET", "/api/admin/agents", nil).Status, "ADMIN is an administrator")

	res = admin.do("POST", "/api/admin/agents", map[string]any{"username": "wiz", "role": "wizard", "name": "Wiz", "public_name": "Wiz", "password": pw})
	require.Equal(t, http.StatusUnprocessableEntity, res.Status, string(res.Body))
	assert.Contains(t, string(res.Body), `"code":"role.unknown"`)
	assert.Contains(t, string(res.Body), `"field":"role"`)
	assert.NotContains(t, string(admin.do("GET", "/api/admin/agents", nil).Body), `"wiz"`)
}
