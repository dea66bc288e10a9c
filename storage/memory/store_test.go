package memory_test

import (
	"testing"

	"github.com/convrs/profilekit/storage"
	"github.com/convrs/profilekit/storage/memory"
	"github.com/convrs/profilekit/storage/storagetest"
)

func TestConformance(t *testing.T) {
	storagetest.Run(t, func(t *testing.T) storage.Store { return memory.New() })
}

func BenchmarkPresence(b *testing.B) {
	storagetest.BenchmarkPresence(b, func(b *testing.B) storage.Store { return memory.New() })
}
