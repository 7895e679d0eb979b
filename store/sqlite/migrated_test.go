package sqlite

import (
	"context"
	"path/filepath"
	"testing"
)

// Open says which schema it found, so that the app can say it migrated.
func TestOpenRecordsTheSchemaItFound(t *testing.T) {
	path := filepath.Join(t.TempDir(), "longhand.db")
	db, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	if db.MigratedFrom != 0 {
		t.Errorf("new file: MigratedFrom = %d, want 0", db.MigratedFrom)
	}
	db.Close()
	if db, err = Open(context.Background(), path); err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if db.MigratedFrom != SchemaVersion() {
		t.Errorf("reopened: MigratedFrom = %d, want %d (nothing to migrate)", db.MigratedFrom, SchemaVersion())
	}
}
