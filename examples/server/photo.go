package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"gocloud.dev/blob"
	_ "gocloud.dev/blob/fileblob" // file:// buckets, the default beside the database
	_ "gocloud.dev/blob/memblob"  // mem:// buckets, for tests

	"github.com/convrs/profilekit"
	"github.com/convrs/profilekit/profile"
	"github.com/convrs/profilekit/profile/photo"
)

// maxPhotoBody caps a photo upload request: the largest photo the
// pipeline accepts plus room for the multipart framing. A larger photo
// within the cap is refused by the pipeline with photo.too_large.
const maxPhotoBody = photo.DefaultMaxBytes + 64<<10

// avatarCacheControl lets browsers keep an avatar for a year: its URL
// names the photo (and public name) it shows, so it never changes.
const avatarCacheControl = "private, max-age=31536000, immutable"

// setupPhotos opens the photo bucket (-photos, a gocloud.dev/blob URL;
// file:// and mem:// are built in, s3:// with -tags s3 (photo_s3.go), and
// another gocloud.dev/blob driver is one blank import above) and the photo
// Service.
func (a *App) setupPhotos(ctx context.Context) error {
	u := a.cfg.PhotosURL
	if u == "" {
		u = "mem://"
	}
	bucket, err := blob.OpenBucket(ctx, u)
	if err != nil {
		if scheme, _, _ := strings.Cut(u, "://"); scheme == "s3" && !blob.DefaultURLMux().ValidBucketScheme(scheme) {
			return fmt.Errorf("server: open photo bucket: s3:// needs the S3 driver, linked by building with -tags s3: %w", err)
		}
		return fmt.Errorf("server: open photo bucket: %w", err)
	}
	a.closers = append(a.closers, bucket.Close)
	a.photos = photo.New(bucket, a.profiles, nil)
	return nil
}

// registerPhotoRoutes adds the photo routes.
func (a *App) registerPhotoRoutes(_ func(string, func(http.ResponseWriter, *http.Request) error), authed func(string, apiHandler)) {
	authed("POST /api/profile/photo", a.uploadPhoto)
	authed("DELETE /api/profile/photo", a.removePhoto)
	authed("GET /api/agents/{id}/photo", a.servePhoto)
}

// photoURL is where the page loads the agent's avatar: the v parameter
// changes with the photo and the public name (the default avatar's
// initials), so the answer may be cached for good.
func photoURL(p profile.Profile) string {
	sum := sha256.Sum256([]byte(p.Photo + "\x00" + p.PublicName))
	return "/api/agents/" + url.PathEscape(p.ID) + "/photo?v=" + hex.EncodeToString(sum[:6])
}

// uploadPhoto takes a multipart/form-data upload: a "version" field (the
// profile version the agent saw) and then a "photo" file, streamed into
// the photo pipeline without being buffered whole.
func (a *App) uploadPhoto(w http.ResponseWriter, r *http.Request, s *signedIn) error {
	mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || mt != "multipart/form-data" {
		return errMediaType
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxPhotoBody)
	mr, err := r.MultipartReader()
	if err != nil {
		return errMalformed
	}
	var version int64
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			return profileInvalid(photo.FieldPhoto, profilekit.CodePhotoEmpty)
		}
		if err != nil {
			return bodyError(err)
		}
		switch part.FormName() {
		case "version":
			text, err := io.ReadAll(io.LimitReader(part, 32))
			if err != nil {
				return bodyError(err)
			}
			if version, err = strconv.ParseInt(string(text), 10, 64); err != nil {
				return errMalformed
			}
		case "photo":
			if version <= 0 {
				return errVersionMissing
			}
			p, err := a.photos.Set(r.Context(), s.AgentID, version, part)
			if err != nil {
				var tooLarge *http.MaxBytesError
				if errors.As(err, &tooLarge) {
					return errTooLarge
				}
				return a.conflict(r.Context(), s.AgentID, err)
			}
			writeJSON(w, http.StatusOK, toProfileJSON(p))
			return nil
		}
	}
}

// bodyError maps a failed read of a request body.
func bodyError(err error) error {
	var tooLarge *http.MaxBytesError
	if errors.As(err, &tooLarge) {
		return errTooLarge
	}
	return errMalformed
}

// removePhoto removes the agent's photo; the version query parameter is
// the profile version the agent saw.
func (a *App) removePhoto(w http.ResponseWriter, r *http.Request, s *signedIn) error {
	version, err := strconv.ParseInt(r.URL.Query().Get("version"), 10, 64)
	if err != nil || version <= 0 {
		return errVersionMissing
	}
	p, err := a.photos.Remove(r.Context(), s.AgentID, version)
	if err != nil {
		return a.conflict(r.Context(), s.AgentID, err)
	}
	writeJSON(w, http.StatusOK, toProfileJSON(p))
	return nil
}

// servePhoto serves an agent's avatar (the default one when the agent has
// no photo) at the size query parameter (default 128), with a strong ETag
// and long cache headers; If-None-Match gets 304.
func (a *App) servePhoto(w http.ResponseWriter, r *http.Request, _ *signedIn) error {
	size, err := strconv.Atoi(r.URL.Query().Get("size"))
	if err != nil || size < 1 || size > 1024 {
		size = 128
	}
	av, err := a.photos.Avatar(r.Context(), r.PathValue("id"), size)
	if err != nil {
		return err
	}
	h := w.Header()
	h.Set("Content-Type", av.ContentType)
	h.Set("ETag", `"`+av.ETag+`"`)
	h.Set("Cache-Control", avatarCacheControl)
	h.Set("Content-Security-Policy", "default-src 'none'; sandbox")
	http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(av.Data))
	return nil
}
