package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"

	"github.com/longhand/longhand/store"
	"github.com/longhand/longhand/store/crdt"
	"github.com/longhand/longhand/store/order"
)

// Where pages go among their siblings: position keys (package order),
// kept at most order.MaxLen long by renumbering a page's siblings when a
// key would grow past it, and at open, where keys made before keys had
// a bound are renumbered (migration 0015 indexes the long ones).

// positionBefore returns a position key that puts a page just before the
// sibling before, or after the last sibling when before is "". Templates
// hold positions too (they keep the one they were made with); counting
// them keeps these lookups on the index, where max() is one step. When
// no short key fits there (keys grown long at one spot, equal keys that
// two devices made at once, a key that is not valid), the siblings are
// renumbered first. The caller holds db.orderMu until the key is stored.
func (db *DB) positionBefore(ctx context.Context, space, parent, before store.DocID) (string, error) {
	for renumbered := false; ; renumbered = true {
		prev, next, fits, err := db.neighbours(ctx, space, parent, before)
		if err != nil {
			return "", err
		}
		if db.tune.keyBetween != nil {
			return db.tune.keyBetween(prev, next), nil
		}
		if fits {
			if k := order.Between(prev, next); len(k) <= db.tune.maxKeyLen || renumbered {
				return k, nil
			}
		} else if renumbered {
			return "", fmt.Errorf("place page: siblings changed while they were renumbered")
		}
		if _, err := db.renumberPages(ctx, space, parent); err != nil {
			return "", err
		}
	}
}

// The queries of siblings' keys, templates and the trash included (they
// hold keys among their siblings too). But for siblingKeySQL, which finds
// one page by its ID, they read nothing but the index pages_tree
// (migration 0028; plan_test.go checks their plans).
const (
	lastSiblingSQL = "SELECT coalesce(max(position), '') FROM pages WHERE space_id = ? AND parent_id = ?"
	siblingKeySQL  = "SELECT position FROM pages WHERE id = ? AND space_id = ? AND parent_id = ?"
	keyBeforeSQL   = `
		SELECT coalesce((SELECT max(position) FROM pages WHERE space_id = ?1 AND parent_id = ?2 AND position < ?3), ''),
			EXISTS (SELECT 1 FROM pages WHERE space_id = ?1 AND parent_id = ?2 AND position = ?3 AND id < ?4)`
	siblingsSQL = "SELECT id, position FROM pages WHERE space_id = ? AND parent_id = ? ORDER BY position, id"
)

// neighbours returns the keys a new key goes between, and whether one
// fits there: both valid, and not equal.
func (db *DB) neighbours(ctx context.Context, space, parent, before store.DocID) (prev, next string, fits bool, err error) {
	if before == "" {
		err := db.db.QueryRowContext(ctx, lastSiblingSQL, space, parent).Scan(&prev)
		if err != nil {
			return "", "", false, fmt.Errorf("find last sibling: %w", err)
		}
		return prev, "", prev == "" || order.Valid(prev), nil
	}
	err = db.db.QueryRowContext(ctx, siblingKeySQL, before, space, parent).Scan(&next)
	if errors.Is(err, sql.ErrNoRows) {
		return "", "", false, store.Errorf(store.EINVALID, "The page to put it before is not among its new siblings.")
	}
	if err != nil {
		return "", "", false, fmt.Errorf("find sibling: %w", err)
	}
	// Siblings sort by position, then ID: one with next's key and a
	// smaller ID comes just before it, and no key fits between the two.
	var tied bool
	err = db.db.QueryRowContext(ctx, keyBeforeSQL, space, parent, next, before).Scan(&prev, &tied)
	if err != nil {
		return "", "", false, fmt.Errorf("find sibling: %w", err)
	}
	return prev, next, order.Valid(next) && (prev == "" || order.Valid(prev)) && !tied, nil
}

// renumberPages gives the pages under parent in space (templates and the
// trash included, since they hold keys there too) the keys order.Spread
// gives, in their present order: by position, then ID. Each page whose
// key changes gets an Automerge change that sets its position and
// nothing else, and all of them are stored in one transaction with the
// rows, so that a crash leaves the old keys or the new ones, never a mix.
//
// Two devices that renumber the same siblings in the same order write
// the same keys, so they agree whichever write wins in each document; see
// DESIGN.md, "Order keys", for what happens when they saw different
// siblings. It returns how many pages changed. The caller holds
// db.orderMu.
func (db *DB) renumberPages(ctx context.Context, space, parent store.DocID) (int, error) {
	db.mu.Lock()
	changed, err := db.renumberPagesLocked(ctx, space, parent)
	db.mu.Unlock()
	if err != nil || db.OnPageSaved == nil {
		return len(changed), err
	}
	for _, id := range changed {
		if s, err := db.findSummary(ctx, id); err == nil {
			db.OnPageSaved(*s)
		}
	}
	return len(changed), nil
}

func (db *DB) renumberPagesLocked(ctx context.Context, space, parent store.DocID) ([]store.DocID, error) {
	type sibling struct {
		id  store.DocID
		key string
	}
	var sibs []sibling
	// Documents loaded for editing are stored and unloaded first, so that
	// every document is read from what is stored, and nothing that is
	// queued to be stored is missed. Edits wait on db.mu meanwhile.
	for settled := false; !settled; {
		if err := db.barrier(); err != nil {
			return nil, err
		}
		rows, err := db.db.QueryContext(ctx, siblingsSQL, space, parent)
		if err != nil {
			return nil, fmt.Errorf("find siblings: %w", err)
		}
		sibs = sibs[:0]
		for rows.Next() {
			var s sibling
			if err := rows.Scan(&s.id, &s.key); err != nil {
				rows.Close()
				return nil, fmt.Errorf("find siblings: %w", err)
			}
			sibs = append(sibs, s)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, fmt.Errorf("find siblings: %w", err)
		}
		settled = true
		for _, s := range sibs {
			if db.pages[s.id] != nil {
				settled = false // flushLocked may let go of db.mu: read the siblings again after
				if err := db.flushLocked(ctx, s.id); err != nil {
					return nil, err
				}
				db.dropLocked(s.id, false)
			}
		}
	}
	keys := order.Spread(len(sibs))
	type change struct {
		id     store.DocID
		key    string
		change []byte
		heads  string
		err    error
	}
	var todo []change
	for i, s := range sibs {
		if s.key != keys[i] {
			todo = append(todo, change{id: s.id, key: keys[i]})
		}
	}
	now := db.Now()
	msg := db.commitMessage(ctx, "order pages")
	// Loading a document is most of the cost, and each is on its own:
	// one worker per core.
	// Automerge's memory is freed by finalizers, which run after a
	// collection that the Go heap alone would start too rarely here.
	var wg sync.WaitGroup
	var loaded atomic.Int64
	work := make(chan *change)
	for range max(1, min(runtime.NumCPU(), len(todo))) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for c := range work {
				d, err := db.loadStored(ctx, c.id)
				if err != nil {
					c.err = err
					continue
				}
				if c.err = d.SetPosition(c.key); c.err != nil {
					continue
				}
				c.change, c.err = d.Commit(msg, now)
				c.heads = d.Heads()
				if loaded.Add(1)%200 == 0 {
					runtime.GC()
				}
			}
		}()
	}
	for i := range todo {
		work <- &todo[i]
	}
	close(work)
	wg.Wait()
	var out []change
	for _, c := range todo {
		if c.err != nil {
			// A damaged page cannot change: it keeps its key, and may
			// show out of place until it is repaired.
			db.Logf("renumber %s: %v", c.id, c.err)
			continue
		}
		out = append(out, c)
	}
	if len(out) == 0 {
		return nil, nil
	}
	err := <-db.w.submit("", "", func(tx *sql.Tx) error {
		for _, c := range out {
			if err := appendChange(ctx, tx, c.id, c.change, c.heads, now); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, "UPDATE pages SET position = ? WHERE id = ?", c.key, c.id); err != nil {
				return fmt.Errorf("renumber %s: %w", c.id, err)
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	db.renumberings.Add(1)
	ids := make([]store.DocID, len(out))
	for i, c := range out {
		ids[i] = c.id
	}
	return ids, nil
}

// loadStored loads a page's document from its stored bytes, when they
// pass their checksums; a page that fails is left to the load that
// opens it for editing, which sets its bytes aside.
func (db *DB) loadStored(ctx context.Context, id store.DocID) (*crdt.Doc, error) {
	sd, err := readDoc(ctx, db.db, id)
	if err != nil {
		return nil, err
	}
	if sd.damaged != "" {
		return nil, fmt.Errorf("damaged: %s", sd.damaged)
	}
	if reason := sd.verify(); reason != "" {
		return nil, fmt.Errorf("damaged: %s", reason)
	}
	d, err := sd.load()
	if err != nil {
		return nil, err
	}
	if d.Heads() != sd.heads {
		// Changes are missing: changing it would record heads that hide it.
		return nil, fmt.Errorf("damaged: its stored changes fall short of its heads")
	}
	return d, nil
}

// renumberLongKeys renumbers, at open, every group of siblings that holds
// a key longer than order.MaxLen: keys made before keys had a bound (one
// character more every 61 pages appended), or made long by a device that
// runs an older version. The partial index of migration 0015 finds them
// without reading every key; once renumbered there are none, so opening
// again does nothing.
func (db *DB) renumberLongKeys(ctx context.Context) error {
	rows, err := db.db.QueryContext(ctx, "SELECT DISTINCT space_id, parent_id FROM pages INDEXED BY pages_long_position WHERE length(position) > 32")
	if err != nil {
		return fmt.Errorf("find long order keys: %w", err)
	}
	var groups [][2]store.DocID
	for rows.Next() {
		var g [2]store.DocID
		if err := rows.Scan(&g[0], &g[1]); err != nil {
			rows.Close()
			return fmt.Errorf("find long order keys: %w", err)
		}
		groups = append(groups, g)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("find long order keys: %w", err)
	}
	for _, g := range groups {
		db.orderMu.Lock()
		_, err := db.renumberPages(ctx, g[0], g[1])
		db.orderMu.Unlock()
		if err != nil {
			return fmt.Errorf("renumber pages of %s/%s: %w", g[0], g[1], err)
		}
	}
	return nil
}

// The partial index of migration 0015 and renumberLongKeys say 32: this
// fails to compile if order.MaxLen is changed without them.
const _ = uint(order.MaxLen-32) + uint(32-order.MaxLen)
