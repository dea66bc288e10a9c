//go:build s3

package main

// The S3 driver for -photos s3://bucket?region=... (AWS S3 and
// S3-compatible stores), so that instances on several hosts share photos.
// It is linked only when asked for (go run -tags s3 ./examples/server), so
// that a first start does not fetch the AWS SDK (some twenty modules) that
// only a deployment on S3 needs.
import _ "gocloud.dev/blob/s3blob"
