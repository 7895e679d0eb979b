package mdio

import (
	"archive/zip"
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
