//go:build ignore

// Icons writes the app icon in the hicolor theme's sizes for the .deb:
//
//	go run build/linux/icons.go SRC.png OUTDIR NAME
//
// makes OUTDIR/hicolor/NxN/apps/NAME.png for each size. Written in Go so
// that `make deb` needs no image tool beyond the toolchain, and gives the
// same bytes on every machine.
package main

import (
	"fmt"
	"image"
	"image/png"
	"os"
	"path/filepath"

	"golang.org/x/image/draw"
)

var sizes = []int{16, 24, 32, 48, 64, 128, 256, 512}

func main() {
	if len(os.Args) != 4 {
		fmt.Fprintln(os.Stderr, "usage: go run icons.go SRC.png OUTDIR NAME")
		os.Exit(2)
	}
	if err := run(os.Args[1], os.Args[2], os.Args[3]); err != nil {
		fmt.Fprintln(os.Stderr, "icons:", err)
		os.Exit(1)
	}
}

func run(src, out, name string) error {
	f, err := os.Open(src)
	if err != nil {
		return err
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		return fmt.Errorf("%s: %w", src, err)
	}
	for _, n := range sizes {
		if b := img.Bounds(); b.Dx() < n || b.Dy() < n {
			return fmt.Errorf("%s is %dx%d, smaller than the %dx%d icon", src, b.Dx(), b.Dy(), n, n)
		}
		dst := image.NewNRGBA(image.Rect(0, 0, n, n))
		draw.CatmullRom.Scale(dst, dst.Bounds(), img, img.Bounds(), draw.Src, nil)
		dir := filepath.Join(out, "hicolor", fmt.Sprintf("%dx%d", n, n), "apps")
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return err
		}
		if err := write(filepath.Join(dir, name+".png"), dst); err != nil {
			return err
		}
	}
	return nil
}

func write(path string, img image.Image) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	enc := png.Encoder{CompressionLevel: png.BestCompression}
	if err := enc.Encode(f, img); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
