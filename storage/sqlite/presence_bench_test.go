package sqlite_test

import (
	"testing"

	"github.com/convrs/profilekit/storage"
	"github.com/convrs/profilekit/storage/storagetest"
)

func BenchmarkPresence(b *testing.B) {
	storagetest.BenchmarkPresence(b, func(b *testing.B) storage.Store {
		s, _ := openFile(b)
		return s
	})
}
