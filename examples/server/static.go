package main

import (
	"bytes"
	"errors"
	"io"
	"io/fs"
	"net/http"
	"strings"
)

// staticFiles serves the page's files from web: a regular file by its
// path, index.html for "/", and the JSON route.not_found for anything else
// (a directory, a missing file), never a directory listing or net/http's
// plain-text 404.
func (a *App) staticFiles(web fs.FS) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			writeError(w, r, a.log, &methodError{allow: []string{http.MethodGet, http.MethodHead}})
			return
		}
		name := strings.TrimPrefix(r.URL.Path, "/")
		if name == "" {
			name = "index.html"
		}
		if err := serveFile(w, r, web, name); err != nil {
			if !errors.Is(err, fs.ErrNotExist) {
				a.log.Warn("static file", "path", r.URL.Path, "error", err.Error())
			}
			writeError(w, r, a.log, errRouteNotFound)
		}
	}
}

// serveFile answers the regular file name of web, or returns an error
// wrapping fs.ErrNotExist when name is not one (a directory included)
// without writing anything.
func serveFile(w http.ResponseWriter, r *http.Request, web fs.FS, name string) error {
	if !fs.ValidPath(name) {
		return fs.ErrNotExist
	}
	f, err := web.Open(name)
	if err != nil {
		return err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return err
	}
	if !info.Mode().IsRegular() {
		return fs.ErrNotExist
	}
	content, ok := f.(io.ReadSeeker)
	if !ok {
		data, err := io.ReadAll(f)
		if err != nil {
			return err
		}
		content = bytes.NewReader(data)
	}
	http.ServeContent(w, r, info.Name(), info.ModTime(), content)
	return nil
}
