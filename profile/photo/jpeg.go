package photo

import (
	"bytes"
	"encoding/binary"
)

// JPEG markers the scanner needs.
const (
	markerSOF0  = 0xC0 // baseline
	markerSOF1  = 0xC1 // extended sequential
	markerSOF2  = 0xC2 // progressive
	markerSOS   = 0xDA
	markerEOI   = 0xD9
	markerAPP0  = 0xE0
	markerAPP1  = 0xE1
	markerAPP14 = 0xEE
)

// jpegInfo is what scanJPEG learns from a JPEG's segments.
type jpegInfo struct {
	// orientation is the EXIF Orientation tag, 1 to 8; 1 when absent or
	// unreadable.
	orientation int
	// scans counts the start-of-scan markers.
	scans int
	// frame is the frame header (SOF0, SOF1 or SOF2) before the first
	// scan, nil when there is none or it is malformed.
	frame *jpegFrame
	// jfif tells that an APP0 JFIF segment comes before the first scan;
	// adobe that an APP14 marker appears anywhere in the file. Together
	// with the component IDs they say whether image/jpeg converts the
	// image to RGBA.
	jfif, adobe bool
}

// jpegFrame is a JPEG frame header.
type jpegFrame struct {
	progressive   bool
	width, height int
	// comps are the components' IDs and sampling factors.
	comps []jpegComp
}

// jpegComp is one component of a frame.
type jpegComp struct {
	id   byte
	h, v int
}

// scanJPEG walks the marker segments of a JPEG up to its first scan, as
// image/jpeg does (skipping stray bytes and fill bytes), reading the frame
// header and the EXIF orientation from the first APP1 "Exif" segment, then
// counts the scans of the rest. It reads only within data and never fails:
// a malformed file is left to the decoder to refuse.
func scanJPEG(data []byte) jpegInfo {
	info := jpegInfo{orientation: 1, adobe: bytes.Contains(data, []byte{0xFF, markerAPP14})}
	exifSeen := false
	i := 2 // after SOI
	for i+2 <= len(data) {
		if data[i] != 0xFF || data[i+1] == 0 { // stray bytes, as image/jpeg skips them
			i++
			continue
		}
		m := data[i+1]
		if m == 0xFF { // fill byte
			i++
			continue
		}
		if m == markerEOI {
			return info
		}
		if m == 0x01 || (m >= 0xD0 && m <= 0xD7) { // TEM, RST: no length
			i += 2
			continue
		}
		if i+4 > len(data) {
			return info
		}
		n := int(binary.BigEndian.Uint16(data[i+2:]))
		if n < 2 || i+2+n > len(data) {
			return info
		}
		seg := data[i+4 : i+2+n]
		switch {
		case m == markerSOS:
			// Entropy-coded data stuffs every 0xFF with 0x00, so from here
			// 0xFF 0xDA only starts a scan (or sits in a later segment,
			// which makes the count higher, never lower).
			info.scans = 1 + bytes.Count(data[i+2+n:], []byte{0xFF, markerSOS})
			return info
		case m == markerSOF0 || m == markerSOF1 || m == markerSOF2:
			if info.frame == nil {
				info.frame = parseFrame(seg, m == markerSOF2)
			}
		case m == markerAPP0 && bytes.HasPrefix(seg, []byte("JFIF\x00")):
			info.jfif = true
		case m == markerAPP1 && !exifSeen && bytes.HasPrefix(seg, []byte("Exif\x00\x00")):
			exifSeen = true
			info.orientation = exifOrientation(seg[6:])
		}
		i += 2 + n
	}
	return info
}

// parseFrame reads a frame header's segment body, or returns nil when it
// is malformed.
func parseFrame(seg []byte, progressive bool) *jpegFrame {
	if len(seg) < 6 {
		return nil
	}
	n := int(seg[5])
	if n < 1 || len(seg) != 6+3*n {
		return nil
	}
	f := &jpegFrame{
		progressive: progressive,
		height:      int(binary.BigEndian.Uint16(seg[1:])),
		width:       int(binary.BigEndian.Uint16(seg[3:])),
		comps:       make([]jpegComp, n),
	}
	for k := range n {
		c := seg[6+3*k:]
		f.comps[k] = jpegComp{id: c[0], h: int(c[1] >> 4), v: int(c[1] & 0x0F)}
	}
	return f
}

// tagOrientation is the TIFF tag of the EXIF Orientation.
const tagOrientation = 0x0112

// exifOrientation reads the Orientation tag from IFD0 of a TIFF structure
// (the body of an APP1 Exif segment). It returns 1, the identity, when the
// tag is absent, malformed or out of range.
func exifOrientation(tiff []byte) int {
	if len(tiff) < 8 {
		return 1
	}
	var order binary.ByteOrder
	switch string(tiff[:2]) {
	case "II":
		order = binary.LittleEndian
	case "MM":
		order = binary.BigEndian
	default:
		return 1
	}
	if order.Uint16(tiff[2:]) != 42 {
		return 1
	}
	ifd := uint64(order.Uint32(tiff[4:]))
	if ifd < 8 || ifd+2 > uint64(len(tiff)) {
		return 1
	}
	count := uint64(order.Uint16(tiff[ifd:]))
	for k := range count {
		e := ifd + 2 + 12*k
		if e+12 > uint64(len(tiff)) {
			return 1
		}
		if order.Uint16(tiff[e:]) != tagOrientation {
			continue
		}
		const typeShort = 3
		if order.Uint16(tiff[e+2:]) != typeShort || order.Uint32(tiff[e+4:]) != 1 {
			return 1
		}
		if v := int(order.Uint16(tiff[e+8:])); v >= 1 && v <= 8 {
			return v
		}
		return 1
	}
	return 1
}
