package sqlite

import (
	"database/sql"
	"time"

	"github.com/longhand/longhand/store"
)

// SetFastFolding makes a database fold edits into changes and compact
// quickly, so that short tests cross every path of the edit pipeline.
func SetFastFolding(db *DB) {
	db.mu.Lock()
	defer db.mu.Unlock()
	db.tune.commitIdle = 5 * time.Millisecond
	db.tune.commitMaxEdits = 7
	db.tune.compactChanges = 5
	db.tune.maxOpenPages = 2
}

// SetHistoryLen bounds how many edits a late editor can be rebased over.
func SetHistoryLen(db *DB, n int) {
	db.mu.Lock()
	defer db.mu.Unlock()
	db.tune.historyLen = n
}

// SetMe makes the database act as another member, as that person's own
// device would.
func SetMe(db *DB, id store.DocID) { db.meID.Store(id) }

// QueryRow runs a query on the database, to look at what tests cannot see
// through the services.
func QueryRow(db *DB, q string, args ...any) *sql.Row { return db.db.QueryRow(q, args...) }

// VerifyReads returns how many documents Verify has read from disk.
func VerifyReads(db *DB) int64 { return db.verifyReads.Load() }
