package sqlite

import (
	"bytes"
	"context"
	"database/sql"
	"database/sql/driver"
	"embed"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	sqlite3 "github.com/mattn/go-sqlite3"

	"github.com/longhand/longhand/store"
	"github.com/longhand/longhand/store/membership"
	"github.com/longhand/longhand/store/sandbox"
)

//go:embed migration/*.sql
var migrationFS embed.FS

// DB is an open Longhand database.
type DB struct {
	db   *sql.DB
	path string

	// Now is the clock; tests replace it.
	Now func() time.Time
	// Logf reports problems that have no caller to return to.
	Logf func(format string, args ...any)
	// MigratedFrom is the schema version the file had when Open found it
	// (0 for a new file); SchemaVersion is what Open left it at.
	MigratedFrom int

	// Sandbox, when set, checks stored bytes that failed their checksum
	// before they are given up as damaged.
	Sandbox *sandbox.Loader
	// OnPageSaved, when set, is called after a page's row has been
	// refreshed from its document, outside any lock.
	OnPageSaved func(store.PageSummary)
	// OnRemoteChange, when set, is called after a peer's change to a
	// document has been stored and its rows refreshed, outside any lock.
	OnRemoteChange func(RemoteChange)
	// OnMembershipChange, when set, is called after entries this device
	// signed or another sent were added to the membership log, outside
	// any lock.
	OnMembershipChange func()
	// Signer, when set, is this device's key: CreateWorkspace signs the
	// membership log's first entry with it.
	Signer membership.Signer

	tune         tuning
	w            *writer
	loads        sync.WaitGroup // documents loading in the background
	quit         chan struct{}  // stops the idle unloader
	compactions  sync.WaitGroup
	setupMu      sync.Mutex   // one first-run setup at a time
	meID         atomic.Value // store.DocID of the local member, once known
	goalsMu      sync.Mutex   // one change of goals and check-ins at a time
	verifyReads  atomic.Int64 // documents Verify has read, for tests
	renumberings atomic.Int64 // groups of siblings renumbered, for tests

	orderMu      sync.Mutex   // one new position key, or renumbering, at a time (order.go); before mu
	announceMu   sync.Mutex   // a commit's announcement reads its space and announces as one step (storeCommitLocked, MovePage)
	membershipMu sync.Mutex   // one verification of membership entries at a time
	myRole       atomic.Int32 // 0 until worked out from the log; see guestLocked
	// OnBlobProgress, when set, is told how far a file arriving from a
	// peer has come: pieces held of its parts, outside any lock.
	OnBlobProgress func(hash string, have, parts int)
	// OnBlobRefused, when set, is told of a file that arrived whole from
	// a peer and was dropped for breaking a rule, and why.
	OnBlobRefused func(hash, reason string)

	blobMu    sync.Mutex             // guards blobWants and sums
	blobWants map[string]bool        // files asked for by opening them, when not fetching everything
	sums      map[string]*runningSum // whole hashes of files arriving, at most maxRunningSums

	mu     sync.Mutex // guards the fields below and every loaded document
	pages  map[store.DocID]*openPage
	revs   map[store.DocID]savedRev // revisions of pages not in memory
	closed bool
}

// Open opens or creates the database at path, readable by this user only
// (see keepPrivate). A file that is not SQLite, or whose schema is newer
// than this build knows, is refused with an EUNAVAILABLE error and its
// bytes left exactly as they were.
func Open(ctx context.Context, path string) (*DB, error) {
	for _, p := range []string{path, FilesPath(path)} {
		if err := checkHeader(p); err != nil {
			return nil, err
		}
		keepPrivate(p)
	}
	q := url.Values{}
	q.Set("_busy_timeout", "5000")
	q.Set("_foreign_keys", "on")
	// In WAL mode, NORMAL makes a commit durable against a crash of the
	// process (the case that matters for an app), and fsyncs at checkpoints
	// rather than at every keystroke; see BENCHMARKS.md for both costs.
	q.Set("_synchronous", "NORMAL")
	q.Set("_txlock", "immediate")
	// Each connection keeps its most used statements prepared: preparing
	// them again on every call was a sixth of the CPU of a first sync
	// (BENCHMARKS.md).
	q.Set("_stmt_cache_size", "64")
	sdb, err := sql.Open(driverName, "file:"+path+"?"+q.Encode())
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	db := &DB{db: sdb, path: path, Now: time.Now, Logf: log.Printf, tune: defaultTuning,
		pages: map[store.DocID]*openPage{}, revs: map[store.DocID]savedRev{}}
	if err := db.migrate(ctx); err != nil {
		sdb.Close()
		return nil, err
	}
	if db.w, err = newWriter(ctx, sdb, path, func(format string, args ...any) { db.Logf(format, args...) }); err != nil {
		sdb.Close()
		return nil, err
	}
	if err := db.recover(ctx); err != nil {
		db.w.close()
		sdb.Close()
		return nil, err
	}
	if err := db.adoptOldAttachments(ctx); err != nil {
		db.w.close()
		sdb.Close()
		return nil, fmt.Errorf("move images to the file store: %w", err)
	}
	if err := db.renumberLongKeys(ctx); err != nil {
		// The keys still sort as they did: only their length waits.
		db.Logf("renumber long order keys: %v", err)
	}
	db.quit = make(chan struct{})
	go db.unloadIdle(db.quit)
	return db, nil
}

// The chunks of attached files live in a database of their own beside the
// main one (FilesPath), with 64 KiB pages: a 1 MiB chunk is then 16 pages
// instead of 256, each written to the WAL and again at its checkpoint, and
// is stored about 2.5 times as fast (BENCHMARKS.md). Every connection
// attaches it as "files"; statements name the chunks table alone, and
// SQLite finds it there since the main database has none (migration 0020
// moved it). A transaction that writes both databases commits each one
// atomically but not the two together, which the chunks' design already
// allows: a chunk is named by its hash and checked on every read, one no
// file lists is collected, and a file missing a chunk fetches it again.
const driverName = "sqlite3-longhand"

// DriverName opens a database with database/sql as Open does, with its
// files attached and pack_body and unpack_body registered, but without
// migrating it: for tools and tests that read or change its rows behind
// the store's back.
const DriverName = driverName

func init() {
	sql.Register(driverName, &sqlite3.SQLiteDriver{ConnectHook: func(c *sqlite3.SQLiteConn) error {
		if err := attachFiles(c); err != nil {
			return err
		}
		return registerBodyFuncs(c)
	}})
}

// registerBodyFuncs lets SQL pack and unpack page bodies as the store
// does, for the migration that packed them (0027) and for tests that
// change rows behind the store's back.
func registerBodyFuncs(c *sqlite3.SQLiteConn) error {
	if err := c.RegisterFunc("pack_body", func(body string) []byte { return packBody(body) }, true); err != nil {
		return err
	}
	return c.RegisterFunc("unpack_body", unpackBody, true)
}

// FilesPath is where the chunks of the files of the database at path are
// kept: longhand.db's in longhand.files.db.
func FilesPath(path string) string {
	ext := filepath.Ext(path)
	return strings.TrimSuffix(path, ext) + ".files" + ext
}

func attachFiles(c *sqlite3.SQLiteConn) error {
	files := ""
	if main := c.GetFilename("main"); main != "" {
		files = FilesPath(main)
	}
	if _, err := c.Exec("ATTACH DATABASE ? AS files", []driver.Value{files}); err != nil {
		return fmt.Errorf("attach %s: %w", files, err)
	}
	for _, q := range []string{
		// 8 KB pages for a new workspace: a page's document (about 1.1 KB
		// for a 150-word page) fitted three to a 4 KB page, leaving a
		// fifth of each empty (BENCHMARKS.md, "Bytes per page"). A file
		// made with 4 KB pages keeps them; WAL mode cannot change it.
		"PRAGMA main.page_size = 8192",
		"PRAGMA files.page_size = 65536", // takes effect while the file is new
		"PRAGMA files.journal_mode = WAL",
		"PRAGMA files.synchronous = NORMAL",
	} {
		if _, err := c.Exec(q, nil); err != nil {
			return fmt.Errorf("%s: %w", q, err)
		}
	}
	return nil
}

// Close stores every pending edit and closes the database.
func (db *DB) Close() error {
	db.loads.Wait()
	db.mu.Lock()
	if db.closed {
		db.mu.Unlock()
		return nil
	}
	var firstErr error
	for id := range db.pages {
		if err := db.flushLocked(context.Background(), id); err != nil && firstErr == nil {
			firstErr = err
		}
		db.dropLocked(id, false)
	}
	db.closed = true
	close(db.quit)
	db.mu.Unlock()
	db.compactions.Wait()
	db.w.close()
	if err := db.db.Close(); err != nil && firstErr == nil {
		firstErr = err
	}
	return firstErr
}

// Path returns the database file's path.
func (db *DB) Path() string { return db.path }

var sqliteMagic = []byte("SQLite format 3\x00")

// checkHeader refuses a file that exists, is not empty, and does not start
// like an SQLite database. It reads; it never writes.
func checkHeader(path string) error {
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return store.Errorf(store.EUNAVAILABLE, "Longhand cannot read its database %s: %v.", path, unwrapPathError(err))
	}
	defer f.Close()
	head := make([]byte, len(sqliteMagic))
	n, err := io.ReadFull(f, head)
	if n == 0 && (err == io.EOF) {
		return nil // an empty file becomes a new database
	}
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) {
		return store.Errorf(store.EUNAVAILABLE, "Longhand cannot read its database %s: %v.", path, unwrapPathError(err))
	}
	if !bytes.Equal(head[:n], sqliteMagic) {
		return store.Errorf(store.EUNAVAILABLE, "%s is not a Longhand database (it is not an SQLite file). Longhand left it untouched; move it away or choose another data folder.", path)
	}
	return nil
}

func unwrapPathError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

type migration struct {
	version int
	name    string
	sql     string
}

func migrations() ([]migration, error) {
	names, err := fs.Glob(migrationFS, "migration/*.sql")
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	var ms []migration
	for i, name := range names {
		base := path.Base(name)
		v, err := strconv.Atoi(strings.SplitN(base, "_", 2)[0])
		if err != nil || v != i+1 {
			return nil, fmt.Errorf("migration %s: want version %d", base, i+1)
		}
		b, err := migrationFS.ReadFile(name)
		if err != nil {
			return nil, err
		}
		ms = append(ms, migration{version: v, name: base, sql: string(b)})
	}
	return ms, nil
}

// SchemaVersion is the newest schema this build knows.
func SchemaVersion() int {
	ms, err := migrations()
	if err != nil {
		panic(err) // the embedded files are part of the binary; tests catch this
	}
	return len(ms)
}

func (db *DB) migrate(ctx context.Context) error {
	ms, err := migrations()
	if err != nil {
		return err
	}
	var version int
	if err := db.db.QueryRowContext(ctx, "PRAGMA user_version").Scan(&version); err != nil {
		return classify(db.path, err)
	}
	db.MigratedFrom = version
	if version > len(ms) {
		return store.Errorf(store.EUNAVAILABLE, "%s was written by a newer version of Longhand (schema %d; this version knows up to %d). Update Longhand to open it. The file was left untouched.", db.path, version, len(ms))
	}
	// From here on the file is ours to change.
	var mode string
	if err := db.db.QueryRowContext(ctx, "PRAGMA journal_mode = WAL").Scan(&mode); err != nil {
		return classify(db.path, err)
	}
	for _, m := range ms[version:] {
		tx, err := db.db.BeginTx(ctx, nil)
		if err != nil {
			return classify(db.path, err)
		}
		if _, err := tx.ExecContext(ctx, m.sql); err != nil {
			tx.Rollback()
			return fmt.Errorf("migration %s: %w", m.name, err)
		}
		if _, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", m.version)); err != nil {
			tx.Rollback()
			return fmt.Errorf("migration %s: %w", m.name, err)
		}
		if err := tx.Commit(); err != nil {
			return classify(db.path, err)
		}
	}
	return nil
}

// classify turns SQLite's errors about the file itself into errors a
// person can act on.
func classify(path string, err error) error {
	var se sqlite3.Error
	if errors.As(err, &se) {
		switch se.Code {
		case sqlite3.ErrNotADB, sqlite3.ErrCorrupt:
			return store.Errorf(store.EUNAVAILABLE, "%s is damaged or not a Longhand database. Longhand left it untouched.", path)
		case sqlite3.ErrCantOpen, sqlite3.ErrPerm, sqlite3.ErrReadonly, sqlite3.ErrAuth:
			return store.Errorf(store.EUNAVAILABLE, "Longhand cannot open %s for writing. Check that the folder and the file belong to you.", path)
		case sqlite3.ErrFull:
			return store.Errorf(store.EUNAVAILABLE, "The disk holding %s is full.", path)
		case sqlite3.ErrBusy, sqlite3.ErrLocked:
			return store.Errorf(store.EUNAVAILABLE, "%s is in use by another program.", path)
		}
	}
	return err
}
