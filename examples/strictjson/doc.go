// Package strictjson decodes JSON request bodies strictly: one value, no
// unknown fields, and no name twice in any object, at any depth.
//
// encoding/json keeps the last of two equal names ({"volume":500,
// "volume":5} decodes as 5) and matches names to struct fields ignoring
// case, so {"volume":500,"Volume":5} does the same. A proxy, a logger or a
// signature check that reads the first of the two sees another request
// than the handler does. Unmarshal refuses both with a *DuplicateNameError
// naming where the second name is, as a JSON Pointer (RFC 6901).
//
// Names are compared after simple Unicode case folding, the way
// encoding/json matches them to fields (the Kelvin sign K is k's twin).
// The check is one pass over the tokens before decoding, so its cost is
// linear in the input; the caller bounds the input's size.
package strictjson
