package photo

import (
	"bytes"
	"image"
)

// DecodeCost returns the cost Process computes for data before decoding
// it, or -1 when its header cannot be read.
func (p *Processor) DecodeCost(data []byte) int64 {
	f := Sniff(data)
	var cfg image.Config
	if err := guard(func() (err error) { cfg, err = codecOf(f).config(bytes.NewReader(data)); return err }); err != nil {
		return -1
	}
	return decodeCost(f, data, cfg, p.opts.Sizes)
}
