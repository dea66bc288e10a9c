package strictjson

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// maxQuoted is the most bytes of a name a DuplicateNameError's message
// quotes.
const maxQuoted = 64

// ErrTrailingData reports input that holds more than one JSON value.
var ErrTrailingData = errors.New("strictjson: data after the JSON value")

// DuplicateNameError reports a name that appears twice in one object,
// ignoring case.
type DuplicateNameError struct {
	// Pointer is where the second occurrence is, as a JSON Pointer
	// (RFC 6901): "/alerts/new_message/volume".
	Pointer string
}

// Error names the duplicate, quoting at most 64 bytes of its pointer.
func (e *DuplicateNameError) Error() string {
	p := e.Pointer
	if len(p) > maxQuoted {
		cut := maxQuoted
		for cut > 0 && !utf8.RuneStart(p[cut]) {
			cut--
		}
		p = p[:cut] + "…"
	}
	return fmt.Sprintf("strictjson: duplicate name at %q", p)
}

// Unmarshal decodes data, which must be exactly one JSON value, into v
// with unknown fields refused (json.Decoder.DisallowUnknownFields). It
// returns a *DuplicateNameError when an object holds a name twice, at any
// depth, ErrTrailingData when data holds more than one value, and
// encoding/json's errors otherwise. v is left untouched unless the names
// are unique.
func Unmarshal(data []byte, v any) error {
	if err := CheckNames(data); err != nil {
		return err
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return err
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return ErrTrailingData
	}
	return nil
}

// frame is one open object or array of CheckNames's walk.
type frame struct {
	object  bool
	wantKey bool                // object: the next token is a name
	names   map[string]struct{} // object: the folded names seen
	index   int                 // array: the index of the next element
}

// CheckNames reports the first name that appears twice in one object of
// data (a *DuplicateNameError), a syntax error (encoding/json's), or
// ErrTrailingData when data holds more than one value. It decodes nothing.
func CheckNames(data []byte) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var stack []frame
	var path []string // the pointer's reference tokens, escaped
	done := false     // the top-level value is complete
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			if !done {
				return io.ErrUnexpectedEOF
			}
			return nil
		}
		if err != nil {
			return err
		}
		if done {
			return ErrTrailingData
		}
		if n := len(stack); n > 0 && stack[n-1].object && stack[n-1].wantKey {
			if d, ok := tok.(json.Delim); ok && d == '}' {
				stack = stack[:n-1]
				done = valueEnded(stack, &path)
				continue
			}
			name, _ := tok.(string) // the decoder gives names as strings
			top := &stack[n-1]
			folded := fold(name)
			path = append(path, escape(name))
			if _, seen := top.names[folded]; seen {
				return &DuplicateNameError{Pointer: "/" + strings.Join(path, "/")}
			}
			if top.names == nil {
				top.names = make(map[string]struct{})
			}
			top.names[folded] = struct{}{}
			top.wantKey = false
			continue
		}
		if n := len(stack); n > 0 && !stack[n-1].object {
			if d, ok := tok.(json.Delim); ok && d == ']' {
				stack = stack[:n-1]
				done = valueEnded(stack, &path)
				continue
			}
			path = append(path, strconv.Itoa(stack[n-1].index))
			stack[n-1].index++
		}
		switch tok {
		case json.Delim('{'):
			stack = append(stack, frame{object: true, wantKey: true})
		case json.Delim('['):
			stack = append(stack, frame{})
		default: // a scalar
			done = valueEnded(stack, &path)
		}
	}
}

// valueEnded records that a value inside the innermost open container (or
// the top-level value) is complete, and reports whether it was the
// top-level value.
func valueEnded(stack []frame, path *[]string) bool {
	if len(stack) == 0 {
		return true
	}
	*path = (*path)[:len(*path)-1]
	if top := &stack[len(stack)-1]; top.object {
		top.wantKey = true
	}
	return false
}

// escape escapes a name as a JSON Pointer reference token. Most names
// need nothing; building a strings.Replacer costs kilobytes, so there is
// one, built on first use.
func escape(name string) string {
	if !strings.ContainsAny(name, "~/") {
		return name
	}
	return pointerEscaper().Replace(name)
}

// pointerEscaper returns the Replacer of escape; a Replacer is safe for
// concurrent use and never changes.
var pointerEscaper = sync.OnceValue(func() *strings.Replacer { return strings.NewReplacer("~", "~0", "/", "~1") })

// fold maps every character of s to the smallest character of its simple
// case-folding orbit, so that names encoding/json would match to the same
// field fold alike.
func fold(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		m := r
		for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
			m = min(m, f)
		}
		b.WriteRune(m)
	}
	return b.String()
}
