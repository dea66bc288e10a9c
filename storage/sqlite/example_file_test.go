package sqlite_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/convrs/profilekit/storage/sqlite"
)

// Opening a database file: Open creates it (readable by its owner only)
// and applies the migrations; a second Open of the same file, in this
// process or another, shares it.
func Example_file() {
	ctx := context.Background()
	dir, err := os.MkdirTemp("", "profilekit-example")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer os.RemoveAll(dir)

	s, err := sqlite.Open(ctx, filepath.Join(dir, "profilekit.db"), nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer s.Close()

	info, err := os.Stat(filepath.Join(dir, "profilekit.db"))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(info.Mode().Perm())
	// Output:
	// -rw-------
}
