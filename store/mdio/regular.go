package mdio

import (
	"errors"
	"io/fs"
	"os"
)

// ErrNotRegular is OpenRegular's answer for a FIFO, a socket, a device
// or a folder.
var ErrNotRegular = errors.New("not a regular file")

// OpenRegular opens the file at p inside root for reading, and returns it
// with what the open file says it is. A FIFO opened for reading waits for
// a writer, forever if none comes, so the open never waits (O_NONBLOCK,
// which a regular file ignores), and the check that it is a regular file
// is made on the open file, not on its name, which may have changed
// between a look and the open. Anything but a regular file is closed and
// refused with ErrNotRegular.
func OpenRegular(root *os.Root, p string) (*os.File, fs.FileInfo, error) {
	// A look first, so that a device node is not even opened unless its
	// name changed meanwhile.
	if fi, err := root.Stat(p); err != nil {
		return nil, nil, err
	} else if !fi.Mode().IsRegular() {
		return nil, nil, ErrNotRegular
	}
	f, err := root.OpenFile(p, os.O_RDONLY|openNonblock, 0)
	if err != nil {
		return nil, nil, err
	}
	fi, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, nil, err
	}
	if !fi.Mode().IsRegular() {
		f.Close()
		return nil, nil, ErrNotRegular
	}
	return f, fi, nil
}

// Links tells whether a file with several names (hard links) has every
// one of them inside a folder. A hard link is a second name for the same
// file, so one placed in a folder brings in a file that lives elsewhere,
// which a symbolic link check cannot see; but a person's own notes may be
// hard-linked to each other inside the folder, and those are taken in.
// The folder is walked once, when the first file with several names is
// met, and only as far as max entries: a file whose names are not all
// found is refused.
type Links struct {
	root  *os.Root
	max   int
	names map[fileKey]uint64 // names found, per file with several; nil until walked
}

type fileKey struct{ dev, ino uint64 }

// NewLinks returns a Links of root that looks at most max entries.
func NewLinks(root *os.Root, max int) *Links { return &Links{root: root, max: max} }

// Inside reports whether the file fi (from OpenRegular) lives in the
// folder: it has one name, or the folder holds all its names.
func (l *Links) Inside(fi fs.FileInfo) bool {
	key, n, ok := linkInfo(fi)
	if !ok || n <= 1 {
		return true
	}
	if l.names == nil {
		l.walk()
	}
	return l.names[key] >= n
}

func (l *Links) walk() {
	l.names = map[fileKey]uint64{}
	seen := 0
	fs.WalkDir(l.root.FS(), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		if seen++; seen > l.max {
			return fs.SkipAll
		}
		if !d.Type().IsRegular() {
			return nil
		}
		fi, err := d.Info()
		if err != nil {
			return nil
		}
		if key, n, ok := linkInfo(fi); ok && n > 1 {
			l.names[key]++
		}
		return nil
	})
}
