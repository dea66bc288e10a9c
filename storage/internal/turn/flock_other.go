//go:build !unix

package turn

import "os"

// lockShared does nothing where flock is missing: nobody ever waits.
func lockShared(*os.File) bool { return false }

// lockExclusive always succeeds where flock is missing.
func lockExclusive(*os.File) bool { return true }

// unlock does nothing where flock is missing.
func unlock(*os.File) {}
