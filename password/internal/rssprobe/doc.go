// Command rssprobe measures the peak resident set size (VmHWM) of a burst
// of concurrent password hashes: it starts -calls goroutines that each call
// Argon2id.Hash at the default parameters at the same moment, waits for
// them, and prints the peak RSS from /proc/self/status (Linux only).
//
//	go run ./password/internal/rssprobe                     # bounded (GOMAXPROCS)
//	go run ./password/internal/rssprobe -max-concurrent 1000 # unbounded, for comparison
package main
