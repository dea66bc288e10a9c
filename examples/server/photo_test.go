package main

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/png"
	"io"
	"mime/multipart"
	"net/http"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gocloud.dev/blob"
)

// testPNG is a w×h PNG.
func testPNG(t *testing.T, w, h int) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for x := range w {
		for y := range h {
			img.Set(x, y, color.RGBA{uint8(x), uint8(y), 200, 255})
		}
	}
	var b bytes.Buffer
	require.NoError(t, png.Encode(&b, img))
	return b.Bytes()
}

// upload posts a multipart photo upload; version "" leaves the field out.
func (c *client) upload(version string, data []byte, extra ...string) response {
	c.t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for i := 0; i+1 < len(extra); i += 2 {
		require.NoError(c.t, mw.WriteField(extra[i], extra[i+1]))
	}
	if version != "" {
		require.NoError(c.t, mw.WriteField("version", version))
	}
	if data != nil {
		fw, err := mw.CreateFormFile("photo", "me.png")
		require.NoError(c.t, err)
		_, err = fw.Write(data)
		require.NoError(c.t, err)
	}
	require.NoError(c.t, mw.Close())
	req, err := http.NewRequest("POST", c.base+"/api/profile/photo", bytes.NewReader(body.Bytes()))
	require.NoError(c.t, err)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	res, err := c.http.Do(req)
	require.NoError(c.t, err)
	defer func() { _ = res.Body.Close() }()
	b, err := io.ReadAll(res.Body)
	require.NoError(c.t, err)
	out := response{Status: res.StatusCode, Header: res.Header, Body: b}
	req.Body = io.NopCloser(bytes.NewReader(body.Bytes()))
	c.e.validate(req, out)
	return out
}

func TestPhoto(t *testing.T) {
	e := newEnv(t, false)
	_, srv := e.start(e.cfg)
	c := e.client(srv)
	id := c.signIn("ada")["agent_id"].(string)

	res := c.do("GET", "/api/profile", nil)
	defaultURL := res.JSON(t)["photo_url"].(string)
	img := c.do("GET", defaultURL, nil)
	require.Equal(t, http.StatusOK, img.Status)
	assert.Equal(t, "image/png", img.Header.Get("Content-Type"), "the default avatar")
	assert.Contains(t, img.Header.Get("Cache-Control"), "max-age=31536000")
	etag := img.Header.Get("ETag")
	require.NotEmpty(t, etag)
	assert.Equal(t, http.StatusNotModified, c.do("GET", defaultURL, nil, "If-None-Match", etag).Status)

	v := strconv.FormatInt(c.version(), 10)
	res = c.upload(v, testPNG(t, 64, 48))
	require.Equal(t, http.StatusOK, res.Status, string(res.Body))
	p := res.JSON(t)
	newURL := p["photo_url"].(string)
	assert.NotEqual(t, defaultURL, newURL)
	img = c.do("GET", newURL+"&size=48", nil)
	require.Equal(t, http.StatusOK, img.Status)
	assert.NotEqual(t, etag, img.Header.Get("ETag"))
	cfg, _, err := image.DecodeConfig(bytes.NewReader(img.Body))
	require.NoError(t, err)
	assert.Equal(t, 48, cfg.Width)

	t.Run("conflict", func(t *testing.T) {
		res := c.upload(v, testPNG(t, 64, 64))
		assert.Equal(t, http.StatusConflict, res.Status)
		assert.Equal(t, p["version"], res.JSON(t)["current_version"])
	})
	t.Run("refused uploads", func(t *testing.T) {
		cur := strconv.FormatInt(c.version(), 10)
		res := c.upload(cur, []byte("<svg onload=alert(1)></svg>"))
		require.Equal(t, http.StatusUnprocessableEntity, res.Status)
		assert.Contains(t, string(res.Body), "photo.unsupported_format")
		res = c.upload(cur, testPNG(t, 8, 8))
		assert.Contains(t, string(res.Body), "photo.dimensions_too_small")
		res = c.upload(cur, nil)
		assert.Contains(t, string(res.Body), "photo.empty")
		res = c.upload("", testPNG(t, 64, 64))
		assert.Contains(t, string(res.Body), "version.required")
		res = c.upload("x", testPNG(t, 64, 64))
		assert.Equal(t, http.StatusBadRequest, res.Status)
		res = c.upload(cur, bytes.Repeat([]byte{0x89}, 5<<20+10))
		assert.Equal(t, http.StatusUnprocessableEntity, res.Status)
		assert.Contains(t, string(res.Body), "photo.too_large")
		res = c.upload(cur, testPNG(t, 64, 64), "junk", strings.Repeat("j", maxPhotoBody))
		assert.Equal(t, http.StatusRequestEntityTooLarge, res.Status)
		res = c.do("POST", "/api/profile/photo", `{"photo": "x"}`)
		assert.Equal(t, http.StatusUnsupportedMediaType, res.Status)
	})
	t.Run("remove", func(t *testing.T) {
		cur := c.version()
		res := c.do("DELETE", "/api/profile/photo?version="+strconv.FormatInt(cur-1, 10), nil)
		assert.Equal(t, http.StatusConflict, res.Status)
		res = c.do("DELETE", "/api/profile/photo", nil)
		assert.Equal(t, http.StatusUnprocessableEntity, res.Status)
		res = c.do("DELETE", "/api/profile/photo?version="+strconv.FormatInt(cur, 10), nil)
		require.Equal(t, http.StatusOK, res.Status, string(res.Body))
		assert.Equal(t, defaultURL, res.JSON(t)["photo_url"])
	})
	assert.Equal(t, http.StatusNotFound, c.do("GET", "/api/agents/nobody/photo", nil).Status)
	assert.Equal(t, http.StatusUnauthorized, e.client(srv).do("GET", "/api/agents/"+id+"/photo", nil).Status)
	assert.Equal(t, http.StatusForbidden, c.do("DELETE", "/api/profile/photo?version=1", nil, "Sec-Fetch-Site", "cross-site").Status)
}

// TestPhotoBucketDrivers: the -photos schemes the docs name as built in
// open in this binary, and s3:// without -tags s3 is refused with an error
// that says how to link its driver (TestPhotoBucketS3 covers the tag).
func TestPhotoBucketDrivers(t *testing.T) {
	ctx := context.Background()
	for _, u := range []string{"mem://", "file://" + filepath.ToSlash(t.TempDir())} {
		b, err := blob.OpenBucket(ctx, u)
		if assert.NoError(t, err, u) {
			assert.NoError(t, b.Close(), u)
		}
	}
	if blob.DefaultURLMux().ValidBucketScheme("s3") {
		t.Log("built with -tags s3: s3:// is linked")
		return
	}
	a := &App{cfg: Config{PhotosURL: "s3://profilekit-photos?region=eu-west-1"}}
	assert.ErrorContains(t, a.setupPhotos(ctx), "-tags s3")
}
