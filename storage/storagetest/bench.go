package storagetest

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/convrs/profilekit/profile"
)

// BenchProfile returns the profile with the given ID from s, storing a
// sample profile (every field set) under that ID first if there is none.
// Benchmarks use it to set up the row they read or update.
func BenchProfile(tb testing.TB, s profile.Store, id string) profile.Profile {
	tb.Helper()
	ctx := context.Background()
	p, err := s.GetProfile(ctx, id)
	if errors.Is(err, profile.ErrNotFound) {
		p = sampleProfile(id, id)
		err = s.CreateProfile(ctx, p)
	}
	require.NoError(tb, err)
	return p
}

// BenchmarkGetProfile measures GetProfile of one stored profile. Adapters
// call it from their benchmarks, beside a raw query as the baseline.
func BenchmarkGetProfile(b *testing.B, s profile.Store) {
	BenchProfile(b, s, "bench")
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := s.GetProfile(ctx, "bench"); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkUpdateProfile measures UpdateProfile of one profile, each update
// based on the version the previous one wrote.
func BenchmarkUpdateProfile(b *testing.B, s profile.Store) {
	p := BenchProfile(b, s, "bench")
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		p.Version++
		p.UpdatedAt = p.UpdatedAt.Add(time.Microsecond)
		if err := s.UpdateProfile(ctx, p, p.Version-1); err != nil {
			b.Fatal(err)
		}
	}
}
