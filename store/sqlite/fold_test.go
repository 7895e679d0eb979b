package sqlite_test

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/longhand/longhand/store"
	"github.com/longhand/longhand/store/sqlite"
)

// pasteText returns n bytes of text as people paste it: lines of Cyrillic
// and Japanese, so that it is a megabyte in fewer characters than a page
// may hold, and every piece the fold cuts it into ends between characters.
func pasteText(n int) string {
	line := "Съешь же ещё этих мягких французских булок, да выпей чаю. 吾輩は猫である。名前はまだ無い。どこで生れたかとんと見当がつかぬ。\n"
	s := strings.Repeat(line, n/len(line)+1)
	for !utf8.RuneStart(s[n]) {
		n--
	}
	s = s[:n]
	if c := utf8.RuneCountInString(s); c > store.MaxBodyLen {
		panic("the paste is longer than a page may be")
	}
	return s
}

// within runs f and fails the test if it has not returned after d: the
// calls it makes must not wait for the fold that the test holds up.
func within(t *testing.T, d time.Duration, what string, f func()) {
	t.Helper()
	done := make(chan struct{})
	go func() {
		defer close(done)
		f()
	}()
	select {
	case <-done:
	case <-time.After(d):
		t.Fatalf("%s waited for the fold", what)
	}
}

// A megabyte replacing a page's text, on a page loaded for editing or one
// still loading, is acknowledged while its fold into the document is held
// up, durable in the journal; typing after it, on the page and on another,
// is acknowledged too. Reads wait for the fold, and see every edit, as
// does the page opened cold.
func TestBigPasteIsAcknowledgedBeforeItFolds(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		name   string
		loaded bool // the page's document is loaded before the paste
	}{
		{"loaded", true},
		{"while it loads", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			db, path := openDB(t)
			p, _ := db.CreatePage(ctx, inSpace(db, "Paste", "Draft"))
			other, _ := db.CreatePage(ctx, inSpace(db, "Other", ""))
			rev := p.Rev
			if tc.loaded {
				res, err := db.EditPage(ctx, p.ID, store.Edit{Base: rev, Splices: []store.Splice{{Pos: 5, Ins: "!"}}})
				if err != nil {
					t.Fatal(err)
				}
				rev = res.Rev
				db.FindPage(ctx, p.ID) // waits for the load
				if !sqlite.Folded(db, p.ID) {
					t.Fatal("the page is not loaded")
				}
			}
			hold := make(chan struct{})
			release := sync.OnceFunc(func() { close(hold) })
			defer release()
			sqlite.SetFoldHook(db, func(id store.DocID) {
				if id == p.ID {
					<-hold
				}
			})

			paste := pasteText(1 << 20)
			n := utf8.RuneCountInString(paste)
			whole := len("Draft")
			if tc.loaded {
				whole++
			}
			within(t, 10*time.Second, "the paste", func() {
				res, err := db.EditPage(ctx, p.ID, store.Edit{Base: rev, Splices: []store.Splice{{Del: whole, Ins: paste}}})
				if err != nil {
					t.Errorf("paste: %v", err)
					return
				}
				rev = res.Rev
			})
			if sqlite.Folded(db, p.ID) {
				t.Fatal("the document holds the paste while its fold is held up")
			}
			var journaled int
			sqlite.QueryRow(db, "SELECT count(*) FROM journal WHERE doc_id = ? AND length(splices) > ?", p.ID, 1<<20).Scan(&journaled)
			if journaled != 1 {
				t.Errorf("the acknowledged paste is not in the journal")
			}
			typed := ""
			within(t, 10*time.Second, "typing", func() {
				for _, s := range []string{"a", "b", "c"} {
					res, err := db.EditPage(ctx, p.ID, store.Edit{Base: rev, Splices: []store.Splice{{Pos: n + len(typed), Ins: s}}})
					if err != nil {
						t.Errorf("typing after the paste: %v", err)
						return
					}
					rev, typed = res.Rev, typed+s
					if _, err := db.EditPage(ctx, other.ID, store.Edit{Splices: []store.Splice{{Pos: len(typed) - 1, Ins: s}}}); err != nil {
						t.Errorf("typing on another page: %v", err)
						return
					}
				}
			})

			found := make(chan *store.Page, 1)
			go func() {
				got, err := db.FindPage(ctx, p.ID)
				if err != nil {
					t.Errorf("FindPage: %v", err)
				}
				found <- got
			}()
			select {
			case <-found:
				t.Fatal("FindPage read the page before its fold")
			case <-time.After(50 * time.Millisecond):
			}
			release()
			want := paste + typed
			if got := <-found; got == nil || got.Body != want {
				t.Fatalf("after the fold the page reads %d characters, want %d", len([]rune(got.Body)), len([]rune(want)))
			}
			if msg := sqlite.CheckStoredPage(db, p.ID); msg != "" {
				t.Errorf("stored page: %s", msg)
			}
			if err := db.Close(); err != nil {
				t.Fatal(err)
			}
			db = mustOpen(t, path)
			if got, err := db.FindPage(ctx, p.ID); err != nil || got.Body != want {
				t.Fatalf("reopened, the page reads %d characters (%v), want %d", len([]rune(got.Body)), err, len([]rune(want)))
			}
			if got, _ := db.FindPage(ctx, other.ID); got.Body != typed {
				t.Errorf("the other page reads %q, want %q", got.Body, typed)
			}
		})
	}
}

// A peer's change to a page that arrives while a paste into it is still
// folding is merged after the fold, and both are kept, on both devices.
func TestPeerChangeMergedWhilePasteFolds(t *testing.T) {
	ctx := context.Background()
	here, _ := openDB(t)
	peer, _ := openDB(t)
	p, _ := here.CreatePage(ctx, inSpace(here, "Shared", "Ship it on Friday."))
	doc, _, err := here.SyncOpen(ctx, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	if err := peer.SyncAdopt(ctx, p.ID, store.KindPage, doc.Save()); err != nil {
		t.Fatal(err)
	}
	if _, err := peer.EditPage(ctx, p.ID, store.Edit{Splices: []store.Splice{{Pos: 18, Ins: " Really."}}}); err != nil {
		t.Fatal(err)
	}
	theirs, _, err := peer.SyncOpen(ctx, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	theirChanges, _ := theirs.ChangesSince("")

	res, _ := here.EditPage(ctx, p.ID, store.Edit{Base: p.Rev}) // loads it
	here.FindPage(ctx, p.ID)
	hold := make(chan struct{})
	release := sync.OnceFunc(func() { close(hold) })
	defer release()
	sqlite.SetFoldHook(here, func(store.DocID) { <-hold })
	paste := pasteText(256 << 10)
	within(t, 10*time.Second, "the paste", func() {
		if _, err := here.EditPage(ctx, p.ID, store.Edit{Base: res.Rev, Splices: []store.Splice{{Ins: paste}}}); err != nil {
			t.Errorf("paste: %v", err)
		}
	})
	merged := make(chan error, 1)
	go func() { merged <- here.SyncMerge(ctx, p.ID, theirChanges) }()
	time.Sleep(20 * time.Millisecond) // the merge, if it is not blocked, runs before the fold
	release()
	if err := <-merged; err != nil {
		t.Fatalf("merge: %v", err)
	}
	want := paste + "Ship it on Friday. Really."
	got, err := here.FindPage(ctx, p.ID)
	if err != nil || got.Body != want {
		t.Fatalf("here the page reads %q…%q (%v), want the paste and the peer's edit", head(got.Body), tail(got.Body), err)
	}
	ours, _, err := here.SyncOpen(ctx, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	ourChanges, _ := ours.ChangesSince("")
	if err := peer.SyncMerge(ctx, p.ID, ourChanges); err != nil {
		t.Fatal(err)
	}
	if got, _ := peer.FindPage(ctx, p.ID); got.Body != want {
		t.Errorf("at the peer the page reads %q…%q, want the paste and its own edit", head(got.Body), tail(got.Body))
	}
	if msg := sqlite.CheckStoredPage(here, p.ID); msg != "" {
		t.Errorf("stored page: %s", msg)
	}
}

func head(s string) string { return string([]rune(s)[:min(20, len([]rune(s)))]) }
func tail(s string) string { r := []rune(s); return string(r[max(0, len(r)-30):]) }
