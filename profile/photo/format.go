package photo

import (
	"bytes"

	"github.com/convrs/profilekit"
	"github.com/convrs/profilekit/internal/kit"
)

// Format is an image format the pipeline reads or writes.
type Format int

// The formats. Uploads are identified by their content, never by a file
// name or a client's content type; avatars are written as JPEG, or as PNG
// when the photo has transparency.
const (
	// Unknown is any content that is none of the formats below, SVG, HEIC
	// and AVIF included.
	Unknown Format = iota
	// JPEG is JPEG/JFIF/EXIF (image/jpeg).
	JPEG
	// PNG is Portable Network Graphics (image/png).
	PNG
	// GIF is GIF87a or GIF89a (image/gif); only the first frame is used.
	GIF
	// WebP is WebP, lossy or lossless (image/webp).
	WebP
)

// formatText is the text form of Format.
var formatText = kit.Enum[Format]{
	Type: "Format", Domain: domain, Field: FieldFormat, Code: profilekit.CodeFormatUnknown,
	Names: []string{Unknown: "unknown", JPEG: "jpeg", PNG: "png", GIF: "gif", WebP: "webp"},
}

// String returns the format's name: "jpeg", "png", "gif", "webp" or
// "unknown", or "Format(n)" for a value that is not one of the constants.
func (f Format) String() string { return formatText.String(f) }

// MarshalText implements encoding.TextMarshaler with the String form. It
// fails with a *ValidationError (FieldFormat, profilekit.CodeFormatUnknown)
// for a value that is not one of the constants.
func (f Format) MarshalText() ([]byte, error) { return formatText.Marshal(f) }

// UnmarshalText implements encoding.TextUnmarshaler. It accepts exactly the
// String forms, "unknown" included, and fails with a *ValidationError
// (FieldFormat, profilekit.CodeFormatUnknown) for anything else, leaving f
// unchanged.
func (f *Format) UnmarshalText(text []byte) error { return formatText.Unmarshal(text, f) }

// ContentType returns the format's media type, or
// "application/octet-stream" for Unknown and any value that is not a
// constant.
func (f Format) ContentType() string {
	if f == Unknown || !formatText.Valid(f) {
		return "application/octet-stream"
	}
	return "image/" + f.String()
}

// ext returns the file extension of the keys of objects in format f.
func (f Format) ext() string {
	if f == JPEG {
		return "jpg"
	}
	return f.String()
}

// Sniff returns the format of data judged by its first bytes (the
// signatures the formats' specifications define), or Unknown. It reads at
// most 12 bytes.
func Sniff(data []byte) Format {
	switch {
	case len(data) >= 3 && data[0] == 0xFF && data[1] == 0xD8 && data[2] == 0xFF:
		return JPEG
	case bytes.HasPrefix(data, []byte("\x89PNG\r\n\x1a\n")):
		return PNG
	case bytes.HasPrefix(data, []byte("GIF87a")), bytes.HasPrefix(data, []byte("GIF89a")):
		return GIF
	case len(data) >= 12 && string(data[:4]) == "RIFF" && string(data[8:12]) == "WEBP":
		return WebP
	}
	return Unknown
}
