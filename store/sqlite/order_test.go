package sqlite_test

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/longhand/longhand/store"
	"github.com/longhand/longhand/store/order"
	"github.com/longhand/longhand/store/sqlite"
)

// olderBetween is package order's Between as it was before keys had a
// bound (#17), verbatim: appending takes the next digit, so keys grow a
// character every 61 pages.
func olderBetween(a, b string) string {
	const digits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	const base = len(digits)
	val := func(c byte) int { return strings.IndexByte(digits, c) }
	var out []byte
	for i := 0; ; i++ {
		lo := 0
		if i < len(a) {
			lo = val(a[i])
		}
		hi := base
		if b != "" && i < len(b) {
			hi = val(b[i])
		}
		if hi-lo > 1 {
			if hi == base {
				return string(append(out, digits[lo+1]))
			}
			return string(append(out, digits[(lo+hi)/2]))
		}
		out = append(out, digits[lo])
		if hi > lo {
			b = ""
		}
	}
}

// sibling is a page's place as its row says.
type sibling struct {
	id, space, parent, key string
}

// groups reads every page's place and returns the pages of each group of
// siblings in their order (position, then ID), keyed by space/parent.
func groups(t testing.TB, db *sqlite.DB) map[string][]sibling {
	t.Helper()
	rows, err := sqlite.Query(db, "SELECT id, space_id, parent_id, position FROM pages ORDER BY space_id, parent_id, position, id")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[string][]sibling{}
	for rows.Next() {
		var s sibling
		if err := rows.Scan(&s.id, &s.space, &s.parent, &s.key); err != nil {
			t.Fatal(err)
		}
		g := s.space + "/" + s.parent
		out[g] = append(out[g], s)
	}
	return out
}

// orderOf is the IDs of each group in order.
func orderOf(gs map[string][]sibling) map[string][]string {
	out := map[string][]string{}
	for g, ss := range gs {
		for _, s := range ss {
			out[g] = append(out[g], s.id)
		}
	}
	return out
}

// keyStats returns the longest and the average key, over every page.
func keyStats(gs map[string][]sibling) (longest int, avg float64) {
	n, total := 0, 0
	for _, ss := range gs {
		for _, s := range ss {
			longest = max(longest, len(s.key))
			total += len(s.key)
			n++
		}
	}
	return longest, float64(total) / float64(max(n, 1))
}

// checkKeys fails unless every group's keys are valid and strictly rising.
func checkKeys(t testing.TB, gs map[string][]sibling) {
	t.Helper()
	for g, ss := range gs {
		for i, s := range ss {
			if !order.Valid(s.key) || (i > 0 && ss[i-1].key >= s.key) {
				t.Fatalf("group %s: key %d %q after %q", g, i, s.key, ss[max(i-1, 0)].key)
			}
		}
	}
}

// docPositions checks that each page's document says the position its
// row says.
func docPositions(t testing.TB, db *sqlite.DB, gs map[string][]sibling) {
	t.Helper()
	ctx := context.Background()
	for _, ss := range gs {
		for _, s := range ss {
			d, _, err := db.SyncOpen(ctx, store.DocID(s.id))
			if err != nil {
				t.Fatal(err)
			}
			p, err := d.Page()
			if err != nil {
				t.Fatal(err)
			}
			if p.Position != s.key {
				t.Fatalf("page %s: document says %q, row %q", s.id, p.Position, s.key)
			}
		}
	}
}

// olderWorkspace makes a database the way the version before #17 did:
// n pages appended to the first space, subpages under one of them, a few
// pages moved between others, hot pages put one after another at one
// spot (a character more each, in that scheme); then it takes the schema
// back to 14, before migration 0015.
func olderWorkspace(t testing.TB, n, hot int) (string, map[string][]sibling) {
	t.Helper()
	ctx := context.Background()
	db, path := openDB(t)
	sqlite.SetKeyMaker(db, olderBetween)
	spaces, err := db.FindSpaces(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var ids []store.DocID
	for i := 0; i < n; i++ {
		p, err := db.CreatePage(ctx, store.NewPage{Title: fmt.Sprintf("Page %d", i), Space: spaces[0].ID})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, p.ID)
	}
	for i := 0; i < 100; i++ {
		if _, err := db.CreatePage(ctx, store.NewPage{Title: fmt.Sprintf("Sub %d", i), Parent: ids[7]}); err != nil {
			t.Fatal(err)
		}
	}
	r := rand.New(rand.NewPCG(7, 8))
	for i := 0; i < 50; i++ {
		a, b := ids[r.IntN(len(ids))], ids[r.IntN(len(ids))]
		if a == b {
			continue
		}
		if _, err := db.MovePage(ctx, a, store.PageMove{Space: spaces[0].ID, Before: b}); err != nil {
			t.Fatal(err)
		}
	}
	at := ids[len(ids)/2]
	for i := 0; i < hot; i++ {
		p, err := db.CreatePage(ctx, store.NewPage{Title: fmt.Sprintf("Hot %d", i), Space: spaces[0].ID})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.MovePage(ctx, p.ID, store.PageMove{Space: spaces[0].ID, Before: at}); err != nil {
			t.Fatal(err)
		}
		at = p.ID
	}
	before := groups(t, db)
	if longest, _ := keyStats(before); longest <= order.MaxLen {
		t.Fatalf("the older scheme made keys of %d characters at most", longest)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	raw, err := sql.Open(sqlite.DriverName, path) // with unpack_body
	if err != nil {
		t.Fatal(err)
	}
	// Undo what the migrations after 14 did, newest first: 0020 (the
	// chunks moved to the files database, which stays and takes them
	// again), 0019 (files put on relays), 0018 (blobs), 0017 (imports),
	// 0016 (time format) and 0015 (the long keys' index).
	if _, err := raw.Exec(sqlite.UndoPackedBodies + `DROP TABLE relay_blobs; DROP TABLE blob_refs; DROP TABLE blob_parts; DROP TABLE blobs;
		DELETE FROM local WHERE key = 'blob_refs_built'; DROP TABLE import_pages; DROP TABLE imports;
		ALTER TABLE members DROP COLUMN locale; ALTER TABLE members DROP COLUMN time_format;
		DROP INDEX pages_long_position; PRAGMA user_version = 14`); err != nil {
		t.Fatal(err)
	}
	raw.Close()
	return path, before
}

// A workspace made by the older version: opening it renumbers the groups
// whose keys are long, as changes of their documents, keeps every group's
// order, and opening it again changes nothing.
func TestOpenRenumbersOlderKeys(t *testing.T) {
	n := 5000
	if testing.Short() {
		n = 1000
	}
	ctx := context.Background()
	path, before := olderWorkspace(t, n, 0)
	oldLongest, oldAvg := keyStats(before)

	db := mustOpen(t, path)
	var version int
	if err := sqlite.QueryRow(db, "PRAGMA user_version").Scan(&version); err != nil || version != sqlite.SchemaVersion() {
		t.Fatalf("schema %d, %v", version, err)
	}
	after := groups(t, db)
	if !mapsEqual(orderOf(before), orderOf(after)) {
		t.Fatal("the order of pages changed")
	}
	checkKeys(t, after)
	longest, avg := keyStats(after)
	t.Logf("%d pages: keys %d characters at most (%.1f on average) before, %d (%.1f) after", n, oldLongest, oldAvg, longest, avg)
	if longest > 5 {
		t.Errorf("after renumbering the longest key has %d characters", longest)
	}
	docPositions(t, db, after)
	heads, err := db.SyncHeads(ctx)
	if err != nil {
		t.Fatal(err)
	}
	db.Close()

	again := mustOpen(t, path)
	heads2, err := again.SyncHeads(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(heads, heads2) {
		t.Error("opening again changed documents")
	}
	// New pages go on with short keys.
	spaces, _ := again.FindSpaces(ctx)
	p, err := again.CreatePage(ctx, store.NewPage{Title: "After", Space: spaces[0].ID})
	if err != nil {
		t.Fatal(err)
	}
	last := after[string(spaces[0].ID)+"/"]
	if p.Position <= last[len(last)-1].key || len(p.Position) > 5 {
		t.Errorf("a new page's key %q after %q", p.Position, last[len(last)-1].key)
	}
}

func mapsEqual(a, b map[string][]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if !slices.Equal(v, b[k]) {
			return false
		}
	}
	return true
}

// Inserting again and again at one spot renumbers the siblings before a
// key would pass order.MaxLen; the order is the one the moves asked for.
func TestRenumberWhenKeysGrowLong(t *testing.T) {
	ctx := context.Background()
	db, _ := openDB(t)
	spaces, _ := db.FindSpaces(ctx)
	sp := spaces[0].ID
	var want []string // the space's top level as it should be
	for _, s := range groups(t, db)[string(sp)+"/"] {
		want = append(want, s.id)
	}
	for i := 0; i < 30; i++ {
		p, err := db.CreatePage(ctx, store.NewPage{Title: fmt.Sprint(i), Space: sp})
		if err != nil {
			t.Fatal(err)
		}
		want = append(want, string(p.ID))
	}
	// Each new page goes just before the one made before it, right after
	// the fifth page: keys between two ever closer neighbours.
	anchor := want[5]
	next := want[6]
	longest := 0
	for i := 0; i < 200; i++ {
		p, err := db.CreatePage(ctx, store.NewPage{Title: fmt.Sprint("hot ", i), Space: sp})
		if err != nil {
			t.Fatal(err)
		}
		m, err := db.MovePage(ctx, p.ID, store.PageMove{Space: sp, Before: store.DocID(next)})
		if err != nil {
			t.Fatal(err)
		}
		longest = max(longest, len(m.Position))
		at := slices.Index(want, anchor) + 1
		want = slices.Insert(want, at, string(p.ID))
		next = string(p.ID)
	}
	gs := groups(t, db)
	checkKeys(t, gs)
	var got []string
	for _, s := range gs[string(sp)+"/"] {
		got = append(got, s.id)
	}
	if !slices.Equal(got, want) {
		t.Fatal("pages are not in the order they were put in")
	}
	if l, _ := keyStats(gs); l > order.MaxLen || longest > order.MaxLen {
		t.Errorf("keys of %d and %d characters", l, longest)
	}
	docPositions(t, db, gs)
}

// A copy of a data folder: a second device that held the same documents.
func copyDevice(t testing.TB, path string) string {
	t.Helper()
	dst := filepath.Join(t.TempDir(), "longhand.db")
	for _, suffix := range []string{"", "-wal"} {
		in, err := os.Open(path + suffix)
		if os.IsNotExist(err) {
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		out, err := os.Create(dst + suffix)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := io.Copy(out, in); err != nil {
			t.Fatal(err)
		}
		in.Close()
		out.Close()
	}
	return dst
}

// exchange brings every page of from, with all its changes, to to, as a
// sync would.
func exchange(t testing.TB, from, to *sqlite.DB) {
	t.Helper()
	ctx := context.Background()
	heads, err := from.SyncHeads(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range heads {
		if h.Kind != store.KindPage {
			continue
		}
		d, _, err := from.SyncOpen(ctx, h.ID)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := to.FindPage(ctx, h.ID); store.ErrorCode(err) == store.ENOTFOUND {
			if err := to.SyncAdopt(ctx, h.ID, store.KindPage, d.Save()); err != nil {
				t.Fatal(err)
			}
			continue
		}
		all, err := d.ChangesSince("")
		if err != nil {
			t.Fatal(err)
		}
		if err := to.SyncMerge(ctx, h.ID, all); err != nil {
			t.Fatal(err)
		}
	}
}

// Two devices that hold the same older keys each renumber them when they
// open: they write the same keys, so after they sync the order is the
// one they had, with no two keys equal, whichever write won.
func TestConcurrentRenumberingsAgree(t *testing.T) {
	path, before := olderWorkspace(t, 200, 40)
	other := copyDevice(t, path)
	a, b := mustOpen(t, path), mustOpen(t, other)
	if sqlite.Renumberings(a) == 0 || sqlite.Renumberings(b) == 0 {
		t.Fatal("want both devices to renumber at open")
	}
	exchange(t, a, b)
	exchange(t, b, a)
	ga, gb := groups(t, a), groups(t, b)
	if !slices.Equal(flat(ga), flat(gb)) {
		t.Fatal("the devices disagree")
	}
	if !mapsEqual(orderOf(before), orderOf(ga)) {
		t.Fatal("the order changed")
	}
	checkKeys(t, ga)
	if longest, _ := keyStats(ga); longest > 5 {
		t.Errorf("keys of %d characters after both renumbered", longest)
	}
	docPositions(t, a, ga)
	docPositions(t, b, gb)
}

// flat lists every page's place, for comparing devices.
func flat(gs map[string][]sibling) []string {
	var out []string
	for g, ss := range gs {
		for _, s := range ss {
			out = append(out, g+" "+s.id+" "+s.key)
		}
	}
	slices.Sort(out)
	return out
}

// Two devices insert and move pages among the same siblings at once,
// each renumbering them when one spot gets crowded, without seeing the
// other's pages: after they sync, both list every page, in the same
// order, whatever that order is.
func TestConcurrentInsertsAndMovesConverge(t *testing.T) {
	ctx := context.Background()
	for seed := uint64(1); seed <= 2; seed++ {
		t.Run(fmt.Sprint(seed), func(t *testing.T) {
			db, path := openDB(t)
			spaces, _ := db.FindSpaces(ctx)
			sp := spaces[0].ID
			var base []store.DocID
			for i := 0; i < 40; i++ {
				p, err := db.CreatePage(ctx, store.NewPage{Title: fmt.Sprint(i), Space: sp})
				if err != nil {
					t.Fatal(err)
				}
				base = append(base, p.ID)
			}
			db.Close()
			a, b := mustOpen(t, path), mustOpen(t, copyDevice(t, path))
			// Renumber sooner than order.MaxLen, to get there in fewer inserts.
			sqlite.SetMaxKeyLen(a, 6)
			sqlite.SetMaxKeyLen(b, 6)
			r := rand.New(rand.NewPCG(seed, 9))
			for _, dev := range []*sqlite.DB{a, b} {
				ids := slices.Clone(base)
				hot := base[r.IntN(len(base))]
				for i := 0; i < 200; i++ {
					switch x := r.IntN(10); {
					case x < 3: // append
						p, err := dev.CreatePage(ctx, store.NewPage{Title: fmt.Sprint("new ", i), Space: sp})
						if err != nil {
							t.Fatal(err)
						}
						ids = append(ids, p.ID)
					case x < 8: // a new page at the crowded spot
						p, err := dev.CreatePage(ctx, store.NewPage{Title: fmt.Sprint("hot ", i), Space: sp})
						if err != nil {
							t.Fatal(err)
						}
						if _, err := dev.MovePage(ctx, p.ID, store.PageMove{Space: sp, Before: hot}); err != nil {
							t.Fatal(err)
						}
						hot = p.ID
						ids = append(ids, p.ID)
					default: // move one of the pages both have
						m, before := base[r.IntN(len(base))], ids[r.IntN(len(ids))]
						if m == before {
							continue
						}
						if _, err := dev.MovePage(ctx, m, store.PageMove{Space: sp, Before: before}); err != nil {
							t.Fatal(err)
						}
					}
				}
			}
			if sqlite.Renumberings(a) == 0 || sqlite.Renumberings(b) == 0 {
				t.Fatalf("renumberings: %d and %d; want both devices to renumber", sqlite.Renumberings(a), sqlite.Renumberings(b))
			}
			exchange(t, a, b)
			exchange(t, b, a)
			ga, gb := groups(t, a), groups(t, b)
			if !slices.Equal(flat(ga), flat(gb)) {
				t.Fatal("the devices disagree on where pages are")
			}
			if !mapsEqual(orderOf(ga), orderOf(gb)) {
				t.Fatal("the devices list pages in different orders")
			}
			if n := len(ga[string(sp)+"/"]); n < 40+2*140 {
				t.Fatalf("%d pages in the space", n)
			}
			docPositions(t, a, ga)
			// Whatever ties the merge left, a page can still be put
			// between any two neighbours, and both devices agree after.
			top := ga[string(sp)+"/"]
			for i := 1; i < len(top); i += len(top) / 10 {
				p, err := a.CreatePage(ctx, store.NewPage{Title: "between", Space: sp})
				if err != nil {
					t.Fatal(err)
				}
				if _, err := a.MovePage(ctx, p.ID, store.PageMove{Space: sp, Before: store.DocID(top[i].id)}); err != nil {
					t.Fatal(err)
				}
				got := orderOf(groups(t, a))[string(sp)+"/"]
				if j := slices.Index(got, string(p.ID)); j+1 >= len(got) || got[j+1] != top[i].id {
					t.Fatalf("the page did not go just before %s", top[i].id)
				}
				top = groups(t, a)[string(sp)+"/"]
			}
			exchange(t, a, b)
			if !slices.Equal(flat(groups(t, a)), flat(groups(t, b))) {
				t.Fatal("the devices disagree after the inserts between")
			}
		})
	}
}

// Moving spaces again and again to one spot renumbers them before a key
// would pass order.MaxLen, and keeps the order the moves asked for.
func TestSpaceKeysStayShort(t *testing.T) {
	ctx := context.Background()
	db, _ := openDB(t)
	spaces, err := db.FindSpaces(ctx)
	if err != nil || len(spaces) < 3 {
		t.Fatalf("%d spaces, %v", len(spaces), err)
	}
	// The last two spaces take turns going just after the first: each
	// key goes between the first's and the other's, ever closer.
	first, x, y := spaces[0].ID, spaces[len(spaces)-2].ID, spaces[len(spaces)-1].ID
	if _, err := db.MoveSpace(ctx, y, spaces[1].ID); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 300; i++ {
		mover, before := x, y
		if i%2 == 1 {
			mover, before = y, x
		}
		if _, err := db.MoveSpace(ctx, mover, before); err != nil {
			t.Fatal(err)
		}
		got, err := db.FindSpaces(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if got[0].ID != first || got[1].ID != mover || got[2].ID != before {
			t.Fatalf("move %d: spaces in the wrong order", i)
		}
		for j, s := range got {
			if len(s.Position) > order.MaxLen || (j > 0 && got[j-1].Position >= s.Position) {
				t.Fatalf("move %d: space key %q after %q", i, s.Position, got[max(j-1, 0)].Position)
			}
		}
	}
}
