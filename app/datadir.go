package app

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"

	"github.com/longhand/longhand/store"
)

// DataDirEnv overrides the data directory when no flag is given.
const DataDirEnv = "LONGHAND_DATA_DIR"

// ResolveDataDir picks the data directory: the flag, then $LONGHAND_DATA_DIR,
// then the platform's standard place.
func ResolveDataDir(flagValue string) (string, error) {
	dir := flagValue
	if dir == "" {
		dir = os.Getenv(DataDirEnv)
	}
	if dir == "" {
		var err error
		if dir, err = defaultDataDir(); err != nil {
			return "", err
		}
	}
	return filepath.Abs(dir)
}

func defaultDataDir() (string, error) {
	home, err := os.UserHomeDir()
	if runtime.GOOS == "darwin" {
		if err != nil {
			return "", fmt.Errorf("find home folder: %w", err)
		}
		return filepath.Join(home, "Library", "Application Support", "Longhand"), nil
	}
	if x := os.Getenv("XDG_DATA_HOME"); filepath.IsAbs(x) {
		return filepath.Join(x, "longhand"), nil
	}
	if err != nil {
		return "", fmt.Errorf("find home folder: %w", err)
	}
	return filepath.Join(home, ".local", "share", "longhand"), nil
}

// PrepareDataDir creates the data directory if needed and proves it can be
// written, with an error a person can act on when it cannot.
func PrepareDataDir(dir string) error {
	if fi, err := os.Stat(dir); err == nil && !fi.IsDir() {
		return store.Errorf(store.EUNAVAILABLE, "Longhand's data folder %s is a file, not a folder. Choose another with --data-dir.", dir)
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return store.Errorf(store.EUNAVAILABLE, "Longhand cannot create its data folder %s: %v. Choose another with --data-dir.", dir, rootCause(err))
	}
	probe, err := os.CreateTemp(dir, ".write-check-*")
	if err != nil {
		return store.Errorf(store.EUNAVAILABLE, "Longhand cannot write to its data folder %s: %v. Check its permissions or choose another with --data-dir.", dir, rootCause(err))
	}
	name := probe.Name()
	probe.Close()
	return os.Remove(name)
}

func rootCause(err error) error {
	for {
		u := errors.Unwrap(err)
		if u == nil {
			return err
		}
		err = u
	}
}
