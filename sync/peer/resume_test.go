package peer_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/longhand/longhand/store"
	"github.com/longhand/longhand/store/trace"
	"github.com/longhand/longhand/sync/peer"
)

// resumingPair is two devices that record each session as the manager
// does, so that the next one resumes from the heads each confirmed.
type resumingPair struct {
	a, b *device
	page store.DocID
}

func newResumingPair(t testing.TB) *resumingPair {
	dir := t.TempDir()
	a := newWorkspace(t, dir, "ada")
	b := join(t, a, dir, "bo")
	t.Cleanup(func() { a.close(t); b.close(t) })
	spaces, err := a.db.FindSpaces(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	p, err := a.db.CreatePage(context.Background(), store.NewPage{Title: "Draft", Space: spaces[0].ID})
	if err != nil {
		t.Fatal(err)
	}
	r := &resumingPair{a: a, b: b, page: p.ID}
	r.session(t, true)
	return r
}

// session syncs the two, resuming or not, records what each confirmed,
// and returns the bytes the document exchange took both ways.
func (r *resumingPair) session(t testing.TB, resume bool) int {
	t.Helper()
	var oa, ob peer.Options
	if resume {
		oa, ob = peer.Options{Device: "bo's device"}, peer.Options{Device: "ada's device"}
	}
	ra, rb, err := trySyncWith(r.a, r.b, oa, ob)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if err := r.a.db.RecordSession(ctx, "bo's device", r.b.me, "", ra.Confirmed, 0, nil); err != nil {
		t.Fatal(err)
	}
	if err := r.b.db.RecordSession(ctx, "ada's device", r.a.me, "", rb.Confirmed, 0, nil); err != nil {
		t.Fatal(err)
	}
	return ra.Docs.Sent + ra.Docs.Received
}

// edit types text at the start of the page on one device.
func edit(t testing.TB, d *device, id store.DocID, text string) {
	t.Helper()
	if _, err := d.db.EditPage(context.Background(), id, store.Edit{Splices: []store.Splice{{Pos: 0, Ins: text}}}); err != nil {
		t.Fatal(err)
	}
}

// Issue 17: a session between two devices that both edited a page costs
// what changed since their last session, however long the page's history:
// each resumes the sync protocol from the heads the other confirmed. A
// session started afresh sends Bloom filters of the whole history.
func TestSessionsResumeFromConfirmedHeads(t *testing.T) {
	r := newResumingPair(t)
	// cost returns the bytes of a session after each device typed a word,
	// resumed and afresh (on the same edits, one after the other).
	cost := func() (resumed, fresh int) {
		edit(t, r.a, r.page, "a ")
		edit(t, r.b, r.page, "b ")
		resumed = r.session(t, true)
		edit(t, r.a, r.page, "a ")
		edit(t, r.b, r.page, "b ")
		return resumed, r.session(t, false)
	}
	grow := func(n int) { // a history of n changes a device, synced
		for i := range n {
			edit(t, r.a, r.page, fmt.Sprint(i%10))
			edit(t, r.b, r.page, fmt.Sprint(i%10))
			for _, d := range []*device{r.a, r.b} { // a change each: what a sync would make of it
				if _, _, err := d.db.SyncOpen(context.Background(), r.page); err != nil {
					t.Fatal(err)
				}
			}
		}
		r.session(t, true)
	}
	grow(50)
	resumedShort, freshShort := cost()
	grow(400)
	resumedLong, freshLong := cost()
	t.Logf("a word each after about 100 changes: resumed %d bytes, afresh %d; after about 900: %d and %d",
		resumedShort, freshShort, resumedLong, freshLong)
	if freshLong < 2*freshShort {
		t.Errorf("afresh: %d bytes, then %d; the test expects them to grow with the history", freshShort, freshLong)
	}
	if resumedLong > resumedShort+resumedShort/4 {
		t.Errorf("resumed: %d bytes, then %d after 800 more changes; want them flat", resumedShort, resumedLong)
	}
	pa, _ := r.a.db.FindPage(context.Background(), r.page)
	pb, _ := r.b.db.FindPage(context.Background(), r.page)
	if pa.Body != pb.Body {
		t.Error("the two copies differ after the sessions")
	}
}

// BenchmarkSessionBytesAsThePageGrows replays the start of a real editing
// trace on one device while the other types a word now and then, with a
// session every 1,000 keystrokes: the bytes and time of a session in the
// first and last fifth of them, resumed from confirmed heads and afresh.
// The typing device makes a change every 100 keystrokes, as pauses in
// typing do (the store commits a page's edits after a short idle).
func BenchmarkSessionBytesAsThePageGrows(b *testing.B) {
	dir, err := trace.Dir()
	if err != nil {
		b.Fatal(err)
	}
	tr, err := trace.Load(dir + "/seph-blog1.json.gz")
	if err != nil {
		b.Fatal(err)
	}
	const keystrokes, every, pause = 40_000, 1_000, 100
	ctx := context.Background()
	for _, resume := range []bool{true, false} {
		name := map[bool]string{true: "resumed", false: "afresh"}[resume]
		b.Run(name, func(b *testing.B) {
			for range b.N {
				r := newResumingPair(b)
				var bytes []int
				var times []time.Duration
				for i, tx := range tr.Txns[:keystrokes] {
					if _, err := r.a.db.EditPage(ctx, r.page, store.Edit{Splices: tx}); err != nil {
						b.Fatal(err)
					}
					if (i+1)%pause == 0 {
						if _, _, err := r.a.db.SyncOpen(ctx, r.page); err != nil { // commits the edits so far
							b.Fatal(err)
						}
					}
					if (i+1)%every == 0 {
						edit(b, r.b, r.page, "note ")
						start := time.Now()
						bytes = append(bytes, r.session(b, resume))
						times = append(times, time.Since(start))
					}
				}
				fifth := len(bytes) / 5
				mean := func(xs []int) float64 {
					s := 0
					for _, x := range xs {
						s += x
					}
					return float64(s) / float64(len(xs))
				}
				meanTime := func(xs []time.Duration) float64 {
					var s time.Duration
					for _, x := range xs {
						s += x
					}
					return float64(s.Milliseconds()) / float64(len(xs))
				}
				b.ReportMetric(mean(bytes[:fifth]), "bytes/session-first-fifth")
				b.ReportMetric(mean(bytes[len(bytes)-fifth:]), "bytes/session-last-fifth")
				b.ReportMetric(meanTime(times[:fifth]), "ms/session-first-fifth")
				b.ReportMetric(meanTime(times[len(times)-fifth:]), "ms/session-last-fifth")
			}
		})
	}
}
