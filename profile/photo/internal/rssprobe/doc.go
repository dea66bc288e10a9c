// Command rssprobe measures the peak resident set size (VmHWM) of a burst
// of concurrent 12-megapixel uploads: it makes a 4000 × 3000 JPEG, resets
// the peak (writing 5 to /proc/self/clear_refs), starts -uploads
// goroutines that each give it to Processor.Process at the same moment,
// waits for them, and prints the peak RSS from /proc/self/status (Linux
// only).
//
//	go run ./profile/photo/internal/rssprobe                    # bounded (MaxDecodeBytes, GOMAXPROCS decodes at once)
//	go run ./profile/photo/internal/rssprobe -max-concurrent 20 -max-decode-bytes 1000000000000 # unbounded, for comparison
//
// The hostile uploads (progressive, CMYK, interlaced 16-bit) are measured
// by the package's memory tests, each in a process of its own.
package main
