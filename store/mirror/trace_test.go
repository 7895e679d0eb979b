package mirror_test

import (
	"context"
	"path/filepath"
	"slices"
	"testing"

	"github.com/longhand/longhand/store"
	"github.com/longhand/longhand/store/mdio"
	"github.com/longhand/longhand/store/textop"
	"github.com/longhand/longhand/store/trace"
)

// TestTraceThroughTheFile replays a real editing trace, a few thousand
// keystrokes at a time, alternately typed into the file (saved as an
// editor saves it) and into Longhand (as the editor sends its diff), and checks that the page and the
// file both end equal to the trace's endContent.
func TestTraceThroughTheFile(t *testing.T) {
	dir, err := trace.Dir()
	if err != nil {
		t.Fatal(err)
	}
	tr, err := trace.Load(filepath.Join(dir, "seph-blog1.json.gz"))
	if err != nil {
		t.Fatal(err)
	}
	f := setup(t)
	ctx := context.Background()
	p := f.page("Blog post", tr.StartContent)
	f.sync()
	const rel = "Handbook/Blog post.md"
	const chunk = 4000 // patches between saves
	text := []rune(tr.StartContent)
	var pending []store.Splice
	saves := 0
	flush := func() {
		if len(pending) == 0 {
			return
		}
		prev := string(text)
		for _, sp := range pending {
			text = slices.Replace(text, sp.Pos, sp.Pos+sp.Del, []rune(sp.Ins)...)
		}
		want := string(text)
		if saves%2 == 0 {
			fm, _, _, err := mdio.Decode(f.read(rel))
			if err != nil {
				t.Fatal(err)
			}
			f.write(rel, mdio.Encode(fm, want))
		} else if _, err := f.db.EditPage(ctx, p.ID, store.Edit{Splices: textop.Diff(prev, want).Splices()}); err != nil {
			t.Fatal(err)
		}
		saves++
		pending = pending[:0]
		f.eventually("the page and its file agree after a save", func() bool {
			return f.find(p.ID).Body == want && f.body(rel) == want
		})
	}
	for _, txn := range tr.Txns {
		pending = append(pending, txn...)
		if len(pending) >= chunk {
			flush()
		}
	}
	flush()
	if got := f.find(p.ID).Body; got != tr.EndContent {
		t.Errorf("page body differs from endContent (%d vs %d code points)", len([]rune(got)), len([]rune(tr.EndContent)))
	}
	if got := f.body(rel); got != tr.EndContent {
		t.Errorf("file body differs from endContent")
	}
	t.Logf("%d patches in %d saves", tr.Patches(), saves)
}
