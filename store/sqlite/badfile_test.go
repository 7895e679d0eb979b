package sqlite_test

import (
	"bytes"
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/longhand/longhand/store"
	"github.com/longhand/longhand/store/sqlite"
)

// Files that are not a database this build can use must be refused with a
// sentence a person can act on, and left byte for byte as they were.
func TestOpenRefusesForeignFiles(t *testing.T) {
	newer := func(t *testing.T, path string) {
		db, err := sql.Open("sqlite3", path)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		if _, err := db.Exec("CREATE TABLE keep (x); INSERT INTO keep VALUES ('precious'); PRAGMA user_version = 999"); err != nil {
			t.Fatal(err)
		}
	}
	write := func(content []byte) func(*testing.T, string) {
		return func(t *testing.T, path string) {
			if err := os.WriteFile(path, content, 0o600); err != nil {
				t.Fatal(err)
			}
		}
	}
	garbage := append([]byte("SQLite format 3\x00"), bytes.Repeat([]byte{0xA5}, 4096)...)
	for _, tc := range []struct {
		name  string
		make  func(*testing.T, string)
		wants string // in the message
	}{
		{"text file", write([]byte("# my notes\nnot a database\n")), "not an SQLite file"},
		{"short binary", write([]byte{0x00, 0x01}), "not an SQLite file"},
		{"sqlite header, garbage after", write(garbage), "damaged or not a Longhand database"},
		{"newer schema", newer, "newer version of Longhand"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "longhand.db")
			tc.make(t, path)
			before, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			db, err := sqlite.Open(context.Background(), path)
			if err == nil {
				db.Close()
				t.Fatal("Open succeeded, want an error")
			}
			if store.ErrorCode(err) != store.EUNAVAILABLE {
				t.Errorf("ErrorCode=%q, want %q (err %v)", store.ErrorCode(err), store.EUNAVAILABLE, err)
			}
			if msg := store.ErrorMessage(err); !strings.Contains(msg, tc.wants) || !strings.Contains(msg, path) {
				t.Errorf("message %q, want it to name the file and say %q", msg, tc.wants)
			}
			after, _ := os.ReadFile(path)
			if !bytes.Equal(before, after) {
				t.Errorf("the file changed: %d bytes before, %d after", len(before), len(after))
			}
			for _, side := range []string{"-wal", "-shm", "-journal"} {
				if _, err := os.Stat(path + side); err == nil {
					t.Errorf("Open left %s behind", filepath.Base(path+side))
				}
			}
		})
	}
}

func TestOpenEmptyFileMakesDatabase(t *testing.T) {
	path := filepath.Join(t.TempDir(), "longhand.db")
	os.WriteFile(path, nil, 0o600)
	db, err := sqlite.Open(context.Background(), path)
	if err != nil {
		t.Fatalf("Open of an empty file: %v", err)
	}
	db.Close()
}

func TestMigrationsAreNumberedInOrder(t *testing.T) {
	if v := sqlite.SchemaVersion(); v < 1 {
		t.Fatalf("SchemaVersion=%d", v)
	}
	path := filepath.Join(t.TempDir(), "longhand.db")
	db, err := sqlite.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	raw, _ := sql.Open("sqlite3", path)
	defer raw.Close()
	var v int
	raw.QueryRow("PRAGMA user_version").Scan(&v)
	if v != sqlite.SchemaVersion() {
		t.Errorf("user_version=%d, want %d", v, sqlite.SchemaVersion())
	}
	var mode string
	raw.QueryRow("PRAGMA journal_mode").Scan(&mode)
	if mode != "wal" {
		t.Errorf("journal_mode=%q, want wal", mode)
	}
}
