package mdio

import (
	"archive/zip"
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/longhand/longhand/store"
)

// OpenExport opens another tool's export at p (a full path): a .zip file,
// or the folder it unpacks to, as an fs.FS rooted where the file marker
// is, at its top or in a folder one down. A .zip's names that lead out of
// it cannot be opened through the fs.FS; what names the export in errors
// ("a Slack export"). Call the returned function when done.
func OpenExport(p, marker, what string) (fs.FS, func() error, error) {
	if p == "" || !filepath.IsAbs(p) {
		return nil, nil, store.Errorf(store.EINVALID, "Choose the export by its full path.")
	}
	fi, err := os.Stat(p)
	if err != nil {
		return nil, nil, store.Errorf(store.ENOTFOUND, "%s cannot be opened (%v).", p, unwrap(err))
	}
	var fsys fs.FS
	var closer func() error
	if fi.IsDir() {
		root, err := os.OpenRoot(p)
		if err != nil {
			return nil, nil, store.Errorf(store.EINVALID, "%s cannot be opened (%v).", p, unwrap(err))
		}
		fsys, closer = root.FS(), root.Close
	} else {
		zr, err := zip.OpenReader(p)
		if err != nil {
			return nil, nil, store.Errorf(store.EINVALID, "%s is not a .zip file Longhand can read (%v).", p, err)
		}
		fsys, closer = zr, zr.Close
	}
	if _, err := fs.Stat(fsys, marker); err == nil {
		return fsys, closer, nil
	}
	entries, _ := fs.ReadDir(fsys, ".")
	for _, e := range entries {
		if _, err := fs.Stat(fsys, e.Name()+"/"+marker); e.IsDir() && err == nil {
			if sub, err := fs.Sub(fsys, e.Name()); err == nil {
				return sub, closer, nil
			}
		}
	}
	closer()
	return nil, nil, store.Errorf(store.EINVALID, "%s is not %s: it has no %s.", p, what, marker)
}

// ReadLimited reads a regular file of fsys of at most limit bytes; the
// error says in words why it could not.
func ReadLimited(fsys fs.FS, p string, limit int64) ([]byte, error) {
	f, err := fsys.Open(p)
	if err != nil {
		return nil, fmt.Errorf("It could not be read (%v).", unwrap(err))
	}
	defer f.Close()
	if fi, err := f.Stat(); err != nil || !fi.Mode().IsRegular() {
		return nil, errors.New("It is not a regular file.")
	}
	data, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, fmt.Errorf("It could not be read (%v).", unwrap(err))
	}
	if int64(len(data)) > limit {
		return nil, fmt.Errorf("It is larger than %s.", sizeText(limit))
	}
	return data, nil
}

// OpenLimited opens a regular file of fsys of at most limit bytes, to be
// read as a stream, and returns its size; the error says in words why it
// could not. The file is looked at before it is opened, so that a FIFO or
// a device in an unpacked export is not even opened, and again once open.
// What it returns reads at most limit+1 bytes, so that a reader that
// counts (the store's CreateBlob does) still catches a file that grew
// meanwhile or a .zip entry whose header gives a smaller size than it has.
func OpenLimited(fsys fs.FS, p string, limit int64) (io.ReadCloser, int64, error) {
	check := func(fi fs.FileInfo, err error) error {
		switch {
		case err != nil:
			return fmt.Errorf("It could not be read (%v).", unwrap(err))
		case !fi.Mode().IsRegular():
			return errors.New("It is not a regular file.")
		case fi.Size() > limit:
			return fmt.Errorf("It is larger than %s.", sizeText(limit))
		}
		return nil
	}
	if err := check(fs.Stat(fsys, p)); err != nil {
		return nil, 0, err
	}
	f, err := fsys.Open(p)
	if err != nil {
		return nil, 0, fmt.Errorf("It could not be read (%v).", unwrap(err))
	}
	fi, err := f.Stat()
	if err := check(fi, err); err != nil {
		f.Close()
		return nil, 0, err
	}
	return limitedFile{io.LimitReader(f, limit+1), f}, fi.Size(), nil
}

type limitedFile struct {
	io.Reader
	io.Closer
}

// Blobs stores files of any kind: the store's CreateBlob. An importer
// whose sink has it carries other tools' attachments over as files.
type Blobs interface {
	CreateBlob(ctx context.Context, name string, r io.Reader, limit int64) (*store.Blob, error)
}

// ImagesOnly stores files through CreateAttachment, for a sink that has no
// CreateBlob: images come along, and anything else is refused with a
// message that says why.
type ImagesOnly struct{ Sink }

// CreateBlob stores r if it is an image of at most store.MaxAttachmentSize
// bytes. It looks at the first bytes before reading the rest, so a large
// file that is not an image is refused without being read.
func (s ImagesOnly) CreateBlob(ctx context.Context, name string, r io.Reader, limit int64) (*store.Blob, error) {
	most := min(limit, store.MaxAttachmentSize)
	br := bufio.NewReader(io.LimitReader(r, most+1))
	if head, err := br.Peek(12); store.SniffImage(head) == "" {
		if err != nil && err != io.EOF {
			return nil, fmt.Errorf("read %s: %w", name, err)
		}
		return nil, store.Errorf(store.EINVALID, "It is not a PNG, JPEG, GIF or WebP image, the only files this import can store.")
	}
	data, err := io.ReadAll(br)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	if int64(len(data)) > most {
		return nil, store.Errorf(store.EINVALID, "It is larger than %s, the most an image can be.", sizeText(most))
	}
	a, err := s.CreateAttachment(ctx, name, data)
	if err != nil {
		return nil, err
	}
	return &store.Blob{Hash: a.Hash, Size: a.Size, Mime: a.Mime, Name: a.Name, Complete: true, CreatedAt: a.CreatedAt}, nil
}

// StoreFile stores the file p of an export as a blob named name, streamed
// from the export into the store, at most limit bytes. image says whether
// a page can show it as an image: a PNG, JPEG, GIF or WebP by its first
// bytes, of at most store.MaxAttachmentSize. Every error is a store error
// whose message says in words why the file was not stored.
func StoreFile(ctx context.Context, b Blobs, fsys fs.FS, p, name string, limit int64) (blob *store.Blob, image bool, err error) {
	f, _, err := OpenLimited(fsys, p, limit)
	if err != nil {
		return nil, false, store.Errorf(store.EINVALID, "%s", err)
	}
	defer f.Close()
	src := &errReader{r: f}
	r := bufio.NewReader(src)
	head, _ := r.Peek(512) // fewer for a shorter file
	isImage := store.SniffImage(head) != ""
	blob, err = b.CreateBlob(ctx, name, r, limit)
	if err != nil {
		if src.err != nil { // the export's fault, not the store's
			return nil, false, store.Errorf(store.EINVALID, "It could not be read (%v).", unwrap(src.err))
		}
		return nil, false, err
	}
	return blob, isImage && blob.Size <= store.MaxAttachmentSize, nil
}

// errReader remembers the first error other than EOF that reading r gave.
type errReader struct {
	r   io.Reader
	err error
}

func (e *errReader) Read(p []byte) (int, error) {
	n, err := e.r.Read(p)
	if err != nil && err != io.EOF && e.err == nil {
		e.err = err
	}
	return n, err
}
