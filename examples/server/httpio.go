package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"

	"github.com/convrs/profilekit/examples/strictjson"
)

// maxJSONBody is the largest JSON request body accepted.
const maxJSONBody = 64 << 10

// writeJSON answers v as JSON with status.
func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// decodeJSON reads the request body into v: it must be application/json,
// at most maxJSONBody bytes, one JSON value with no unknown fields and no
// name twice in any object (strictjson).
func decodeJSON(w http.ResponseWriter, r *http.Request, v any) error {
	mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || mt != "application/json" {
		return errMediaType
	}
	data, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxJSONBody))
	if err != nil {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			return errTooLarge
		}
		return errMalformed
	}
	if err := strictjson.Unmarshal(data, v); err != nil {
		var dup *strictjson.DuplicateNameError
		if errors.As(err, &dup) {
			return fmt.Errorf("%w: %s", errDuplicateKey, dup.Pointer)
		}
		return errMalformed
	}
	return nil
}
