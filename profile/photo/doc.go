// Package photo is the agent's profile photo: a safe upload pipeline, the
// avatars' storage on gocloud.dev/blob, and a default avatar for agents
// without a photo.
//
// An upload is the one place where a stranger's bytes meet an image
// decoder, so the pipeline treats it as hostile.
//
// # Pipeline
//
// Processor.Process (and Service.Set, which uses it):
//
//   - reads at most Options.MaxBytes (default 5 MiB); one byte more is
//     refused with CodePhotoTooLarge, found without reading the rest;
//   - identifies the format by content (Sniff): JPEG, PNG, GIF (first frame
//     only) and WebP (golang.org/x/image/webp); anything else, SVG, HEIC
//     and AVIF included, is CodePhotoUnsupportedFormat, whatever the file
//     name or the client's content type say;
//   - reads the dimensions from the header (image.DecodeConfig) before any
//     pixel is decoded, and refuses an image wider or taller than
//     MaxWidth × MaxHeight (default 6000 × 6000), with more than MaxPixels
//     (default 24 megapixels), or smaller than MinWidth × MinHeight
//     (default 32 × 32): a small file that claims 100,000 × 100,000 pixels
//     costs a few kilobytes. A progressive JPEG with more than MaxJPEGScans
//     scans is refused too, as each scan is a pass over the whole image;
//   - computes from the header the memory that decoding the image and
//     making its avatars will allocate (see Memory below) and refuses an
//     upload that needs more than MaxDecodeBytes (default 256 MiB) with
//     CodePhotoDecodeTooLarge, before any pixel is decoded;
//   - starts a decode only while the decodes running and it need at most
//     MaxDecodeBytes together, and runs at most MaxConcurrent at once
//     (default GOMAXPROCS); further callers wait, first come first served,
//     or until their context ends, so a burst of uploads cannot take the
//     process's memory;
//   - refuses truncated and corrupt files with CodePhotoCorrupt; a decoder
//     panic is caught and refused the same way, but the limits above are
//     what keep the decoders within bounds;
//   - honours the JPEG EXIF orientation (tag 0x0112 of IFD0, read by this
//     package from the APP1 segment with bounds checks on every offset; no
//     EXIF library is used). The orientation of PNG and WebP files (eXIf
//     chunks) is not applied;
//   - crops the centre square, resizes it with golang.org/x/image/draw's
//     Catmull-Rom filter to each of Options.Sizes (default 512, 128 and 48
//     pixels; each from the one before), and encodes JPEG, or PNG when the
//     crop has a transparent pixel. Nothing of the upload but its pixels
//     survives: no EXIF, GPS position, camera serial, ICC profile, comment
//     or bytes appended to the image (polyglot files).
//
// # Memory
//
// What a decode allocates depends on more than the pixel count, so the
// cost is computed from the header, with the figures of the decoders
// used, and counts every allocation of the call (garbage too), whatever
// the collector does:
//
//   - JPEG: a byte for each sample of each component (1.5 bytes a pixel
//     for the usual 4:2:0 YCbCr, 3 for 4:4:4, 4 for CMYK); a progressive
//     JPEG keeps 256 bytes of coefficients for every 8 × 8 block of every
//     component until its last scan, four bytes more a sample; a CMYK,
//     YCbCrK or RGB JPEG is converted to a 4-byte-a-pixel image besides.
//   - PNG: the image, 1 byte a pixel (grey, paletted), 2 (16-bit grey), 4
//     (RGB, RGBA, grey with alpha or a transparent colour) or 8 (16-bit of
//     those); an interlaced (Adam7) PNG twice, as its seven passes are
//     decoded apart before they are merged.
//   - GIF: 1 byte a pixel. WebP: 1.5 bytes a pixel when lossy, 8 when
//     lossless or with an alpha plane.
//   - The avatars: the Catmull-Rom scaler's intermediate image, 32 bytes
//     for each pixel of the largest avatar's side times the photo's
//     shorter side (64 MiB from 4000 pixels to 512), and the avatars.
//
// A 6000 × 4000 photograph thus costs about 100 MiB as a baseline 4:2:0
// JPEG, 240 MiB progressive, 410 MiB progressive 4:4:4, 620 MiB as a
// progressive CMYK JPEG and 440 MiB as an interlaced 16-bit PNG: with the
// default MaxDecodeBytes the first two are decoded, one at a time for the
// second, and the others refused however small their files. The decodes
// running at once allocate at most MaxDecodeBytes; a process also holds
// its uploads (at most MaxBytes each) while they are read, and, as any Go
// program, garbage until the collector runs: with GOGC=100 a burst of
// uploads stays under twice MaxDecodeBytes above the rest of the heap
// (set GOMEMLIMIT to hold a process to a total).
//
// # Storage
//
// Service stores each avatar in a *blob.Bucket (gocloud.dev/blob), which
// the embedding program opens by URL: "file:///var/lib/app/photos" beside
// the SQLite database as the embedded default, "mem://" in tests, and any
// gocloud driver (s3blob, gcsblob, azureblob) for many instances, imported
// by the program, never by this package.
//
// An avatar's key is Options.Prefix, the agent's ID in lower-case base32,
// "/", the SHA-256 of the avatar's bytes in hex and ".jpg" or ".png":
//
//	photos/mftwk3tufuyq/3a7bd3e2360a3d29eea436fcfb7e44c735d117c42d1c1835420b6b9942dd4f1b.jpg  (agent "agent-1")
//
// so the same photo uploaded twice by an agent is stored once, and keys of
// different agents never meet: replacing one agent's photo never deletes
// another's, even when both uploaded the same picture. Objects carry their
// content type and Cache-Control "public, max-age=31536000, immutable"
// (a key's bytes never change).
//
// The profile refers to the avatars with a reference that names each size
// and hash ("jpg:512-<sha256>,128-<sha256>,48-<sha256>"; see Ref), stored
// with profile.Service.SetPhoto under the profile's version check. Set
// stores the avatars first, then commits the reference, then deletes the
// previous photo's objects: a failure at any step leaves the profile as it
// was. Objects that nothing refers to (a failed or raced upload, a delete
// that failed after the commit, an agent deleted) are removed by Sweep,
// which a program runs from time to time.
//
// # Default avatar
//
// An agent without a photo gets a default avatar: the initials of the
// public name (the name customers see, so that the real name never leaks
// into a chat) on a colour derived from the agent ID, as a PNG. Initials
// are user-perceived characters (grapheme clusters, github.com/rivo/uniseg)
// of the first and last words, in any script; they are drawn with the Go
// Bold font (golang.org/x/image/font/gofont), which covers Latin, Greek and
// Cyrillic. When the font lacks a glyph of the initials (Chinese, Arabic,
// Devanagari, emoji, …) the avatar shows the first initial alone if the
// font has it, and otherwise a neutral head-and-shoulders silhouette.
//
// # Errors
//
// A refused upload is a *ValidationError (profilekit's type, so one
// errors.As target serves every package) for FieldPhoto, with one of the
// photo codes (profilekit.CodePhotoTooLarge, CodePhotoUnsupportedFormat,
// CodePhotoCorrupt, CodePhotoDimensionsTooLarge, CodePhotoDimensionsTooSmall,
// CodePhotoDecodeTooLarge, CodePhotoEmpty); an agent ID that breaks profilekit.CheckID is one for
// FieldAgentID. The profile's own errors (profile.ErrNotFound,
// profile.ErrConflict) come back as the profile.Service returned them, and
// profilekit.CodeOf gives the code of any of these errors.
//
// # Events
//
// The photo Service raises no events of its own, so Options has no
// Observer or Instance. Set and Remove each store the new reference with
// profile.Service.SetPhoto, which raises one profile.Saved event through
// the profile.Service's Options.Observer: a photo change is a profile
// change, seen by whoever watches profiles.
//
// # Concurrency
//
// Processor and Service are safe for concurrent use. Within one process,
// changes to one agent's photo are serialised; between instances, two
// changes to the same agent at the same moment are settled by the
// profile's version check.
package photo
