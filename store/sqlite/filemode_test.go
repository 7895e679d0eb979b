//go:build unix

package sqlite_test

import (
	"context"
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/longhand/longhand/store/sqlite"
)

// The database and the files beside it are this user's alone, whatever
// the umask, in a folder that existed and that others may enter, and a
// database made before this rule is tightened when it is opened.
func TestDatabaseFilesArePrivate(t *testing.T) {
	old := syscall.Umask(0)
	t.Cleanup(func() { syscall.Umask(old) })
	dir := t.TempDir()
	if err := os.Chmod(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "longhand.db")
	check := func(when string) {
		t.Helper()
		for _, p := range []string{path, path + "-wal", path + "-shm"} {
			fi, err := os.Stat(p)
			if err != nil {
				t.Fatalf("%s: %v", when, err)
			}
			if got := fi.Mode().Perm(); got != 0o600 {
				t.Errorf("%s: %s has mode %#o, want 0600", when, filepath.Base(p), got)
			}
		}
	}
	ctx := context.Background()
	db, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.CreateWorkspace(ctx, "", "Ada Lovelace", "Europe/London"); err != nil {
		t.Fatal(err)
	}
	check("new database")
	db.Close()

	// As an earlier build left it: 0644, with an empty -wal and -shm the
	// same (as after a crash).
	for _, p := range []string{path + "-wal", path + "-shm"} {
		if err := os.WriteFile(p, nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Chmod(path, 0o644); err != nil {
		t.Fatal(err)
	}
	db, err = sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if sps, err := db.FindSpaces(ctx); err != nil || len(sps) == 0 {
		t.Fatalf("FindSpaces = %v, %v: the database lost its workspace", sps, err)
	}
	check("database of an earlier build")
}
