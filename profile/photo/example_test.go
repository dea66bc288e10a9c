package photo_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"log"
	"os"

	"gocloud.dev/blob"
	_ "gocloud.dev/blob/fileblob" // the file:// driver; a program imports s3blob, gcsblob… the same way

	"github.com/convrs/profilekit"
	"github.com/convrs/profilekit/profile"
	"github.com/convrs/profilekit/profile/photo"
	"github.com/convrs/profilekit/storage/memory"
)

// Example stores avatars in a directory through gocloud.dev/blob's file://
// driver, the embedded default beside a SQLite database.
func Example() {
	ctx := context.Background()
	dir, err := os.MkdirTemp("", "photos")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	bucket, err := blob.OpenBucket(ctx, "file://"+dir) // "s3://bucket?region=…" with s3blob, "mem://" in tests
	if err != nil {
		log.Fatal(err)
	}
	defer bucket.Close()

	store := memory.New() // or sqlite.Open(ctx, "profilekit.db", nil)
	profiles := profile.New(store, nil)
	photos := photo.New(bucket, profiles, nil)

	p, err := profiles.Create(ctx, profile.NewAgent{ID: "agent-1", Username: "ada", Role: "agent", Name: "Ada Lovelace", PublicName: "Ada King"})
	if err != nil {
		log.Fatal(err)
	}
	a, _ := photos.Avatar(ctx, p.ID, 48)
	fmt.Println("no photo yet:", a.ContentType, a.Size, "default:", a.Default, "initials:", photo.Initials(p.PublicName))

	// The upload: here a picture made on the spot; in a server, the
	// request body of "Upload new image".
	pic := image.NewRGBA(image.Rect(0, 0, 1600, 1200))
	for y := range 1200 {
		for x := range 1600 {
			pic.Set(x, y, color.RGBA{uint8(x / 8), uint8(y / 6), 160, 255})
		}
	}
	var upload bytes.Buffer
	if err := jpeg.Encode(&upload, pic, nil); err != nil {
		log.Fatal(err)
	}
	p, err = photos.Set(ctx, p.ID, p.Version, &upload)
	if err != nil {
		log.Fatal(err)
	}
	for _, size := range []int{512, 128, 48} {
		a, _ := photos.Avatar(ctx, p.ID, size)
		fmt.Println("avatar:", a.ContentType, a.Size, "default:", a.Default)
	}

	_, err = photos.Set(ctx, p.ID, p.Version, bytes.NewReader([]byte(`<svg xmlns="http://www.w3.org/2000/svg"/>`)))
	var verr *photo.ValidationError
	if errors.As(err, &verr) {
		fmt.Println("an SVG:", profilekit.CodeOf(err), verr.Fields[0].Field, verr.Fields[0].Code)
	}

	p, err = photos.Remove(ctx, p.ID, p.Version)
	if err != nil {
		log.Fatal(err)
	}
	res, err := photo.Sweep(ctx, bucket, store, nil)
	fmt.Printf("after Remove: photo %q, %d objects left, err %v\n", p.Photo, res.Scanned, err)
	// Output:
	// no photo yet: image/png 48 default: true initials: AK
	// avatar: image/jpeg 512 default: false
	// avatar: image/jpeg 128 default: false
	// avatar: image/jpeg 48 default: false
	// an SVG: input.invalid photo photo.unsupported_format
	// after Remove: photo "", 0 objects left, err <nil>
}
