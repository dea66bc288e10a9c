//go:build s3

package main

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gocloud.dev/blob"
)

// TestPhotoBucketS3: built with -tags s3, the server opens s3:// photo
// buckets (opening one reads the AWS configuration but makes no request).
// .ci/run runs it with the tag.
func TestPhotoBucketS3(t *testing.T) {
	require.True(t, blob.DefaultURLMux().ValidBucketScheme("s3"), "photo_s3.go links the S3 driver")
	b, err := blob.OpenBucket(context.Background(), "s3://profilekit-photos?region=eu-west-1")
	require.NoError(t, err)
	assert.NoError(t, b.Close())
}
