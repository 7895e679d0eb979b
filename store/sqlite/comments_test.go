package sqlite_test

import (
	"context"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/longhand/longhand/store"
)

func TestCommentThreads(t *testing.T) {
	ctx := context.Background()
	db, path := openDB(t)
	p, _ := db.CreatePage(ctx, inSpace(db, "Spec", "We will ship the beta in May to twenty teams."))
	// "the beta" is [13, 21).
	th, err := db.CreateThread(ctx, p.ID, p.Rev, 13, 21, "  Which beta? @Ada  ", []store.DocID{"ada"})
	if err != nil {
		t.Fatal(err)
	}
	if th.Quote != "the beta" || th.Start != 13 || th.End != 21 || len(th.Replies) != 1 || th.Replies[0].Body != "Which beta? @Ada" || th.Replies[0].AuthorName != "Ada Lovelace" {
		t.Fatalf("thread = %+v", th)
	}
	if _, err := db.ReplyToThread(ctx, p.ID, th.ID, "The invite-only one.", nil); err != nil {
		t.Fatal(err)
	}
	if th, err = db.ResolveThread(ctx, p.ID, th.ID, true); err != nil || !th.Resolved || th.ResolvedBy == "" {
		t.Fatalf("resolve: %+v, %v", th, err)
	}
	if th, err = db.ResolveThread(ctx, p.ID, th.ID, false); err != nil || th.Resolved {
		t.Fatalf("reopen: %+v, %v", th, err)
	}

	// The anchor follows edits around and inside it.
	res, _ := db.EditPage(ctx, p.ID, store.Edit{Splices: []store.Splice{{Pos: 0, Ins: "Plan: "}}})            // before
	res, _ = db.EditPage(ctx, p.ID, store.Edit{Base: res.Rev, Splices: []store.Splice{{Pos: 23, Ins: "-2"}}}) // inside, after "the beta"
	db.Close()
	db = mustOpen(t, path)
	ts, err := db.FindThreads(ctx, p.ID)
	if err != nil || len(ts) != 1 {
		t.Fatalf("threads after restart: %+v, %v", ts, err)
	}
	got, _ := db.FindPage(ctx, p.ID)
	if covered := string([]rune(got.Body)[ts[0].Start:ts[0].End]); covered != "the -2beta" || len(ts[0].Replies) != 2 {
		t.Errorf("anchor covers %q in %q, with %d replies", covered, got.Body, len(ts[0].Replies))
	}

	// A second thread, made on an older revision, lands on the same text.
	stale := got.Rev
	db.EditPage(ctx, p.ID, store.Edit{Base: stale, Splices: []store.Splice{{Pos: 0, Del: 6}}}) // drop "Plan: "
	th2, err := db.CreateThread(ctx, p.ID, stale, 33, 38, "Which month?", nil)                 // "May" was [33, 36) + " t"...
	if err != nil {
		t.Fatal(err)
	}
	cur, _ := db.FindPage(ctx, p.ID)
	if covered := string([]rune(cur.Body)[th2.Start:th2.End]); covered != "May t" {
		t.Errorf("thread on a stale revision covers %q", covered)
	}

	// Deleting the anchored text detaches the thread; it is never lost.
	db.EditPage(ctx, p.ID, store.Edit{Base: cur.Rev, Splices: []store.Splice{{Pos: 13, Del: 10}}})
	ts, _ = db.FindThreads(ctx, p.ID)
	if len(ts) != 2 || !ts[1].Detached || ts[1].Quote != "the beta" || ts[0].Detached {
		t.Errorf("after deleting the first anchor's text: %+v", ts)
	}

	for _, tc := range []struct {
		name       string
		start, end int
		body       string
		code       string
	}{
		{"empty range", 3, 3, "x", store.EINVALID},
		{"past the end", 3, 500, "x", store.EINVALID},
		{"empty comment", 0, 2, "   ", store.EINVALID},
	} {
		if _, err := db.CreateThread(ctx, p.ID, "", tc.start, tc.end, tc.body, nil); store.ErrorCode(err) != tc.code {
			t.Errorf("%s: %v, want %s", tc.name, err, tc.code)
		}
	}
	if _, err := db.ReplyToThread(ctx, p.ID, "nope", "x", nil); store.ErrorCode(err) != store.ENOTFOUND {
		t.Errorf("reply to an unknown thread: %v", err)
	}
}

// TestAnchorStorm drives two editors typing concurrently (each on the
// revision it last saw, so most edits are rebased) around and inside 40
// anchored ranges, and checks each anchor against a reference that tags
// every character: an anchor holds its original characters and what was
// typed strictly inside it; it must cover all of those still present and
// no older text that was never its (text typed at its edges may fall on
// either side), or be detached when none is left.
func TestAnchorStorm(t *testing.T) {
	r := anchorStorm(t, 1, 1500)
	// Exact: no anchor covers older text that was never its, and every
	// anchor whose text is gone is detached. Measured: how many anchors
	// cover all of their remaining text. Misses come from text typed over a
	// selection at an anchor's edge while the other editor changed the same
	// spot; see BENCHMARKS.md.
	if r.foreign > 0 || r.undetached > 0 {
		t.Errorf("%d anchors cover text that was never theirs, %d lost their text but are not detached", r.foreign, r.undetached)
	}
	if r.share < 0.8 {
		t.Errorf("only %.1f%% of live anchors cover all their text", r.share*100)
	}
	t.Logf("%.1f%% of %d live anchors cover all their text; %d detached", r.share*100, r.live, r.detached)
}

// BenchmarkAnchorStorm reports the share of anchors that still cover all
// their text after storms of concurrent edits, over several seeds.
func BenchmarkAnchorStorm(b *testing.B) {
	good, live := 0.0, 0
	for seed := uint64(1); seed <= 5; seed++ {
		r := anchorStorm(b, seed, 1500)
		if r.foreign > 0 || r.undetached > 0 {
			b.Fatalf("seed %d: %d anchors cover text that was never theirs, %d lost their text but are not detached", seed, r.foreign, r.undetached)
		}
		good += r.share * float64(r.live)
		live += r.live
	}
	b.ReportMetric(100*good/float64(live), "%-covered")
	b.ReportMetric(float64(live), "live-anchors")
}

type stormResult struct {
	share               float64
	live, detached      int
	foreign, undetached int
}

type tagged struct {
	r  rune
	id int
}

func anchorStorm(t testing.TB, seed uint64, edits int) (r stormResult) {
	ctx := context.Background()
	db, _ := openDB(t)
	rng := rand.New(rand.NewPCG(seed, 99))
	words := strings.Fields("alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi rho sigma tau upsilon")
	var sb strings.Builder
	for i := 0; i < 400; i++ {
		sb.WriteString(words[rng.IntN(len(words))])
		sb.WriteByte(' ')
	}
	p, _ := db.CreatePage(ctx, inSpace(db, "Storm", sb.String()))
	ref := make([]tagged, 0)
	for i, r := range []rune(sb.String()) {
		ref = append(ref, tagged{r, i})
	}
	next := len(ref)
	type ann struct {
		id   string
		orig map[int]bool
	}
	var anns []ann
	for i := 0; i < 40; i++ {
		s := rng.IntN(len(ref) - 20)
		e := s + 1 + rng.IntN(15)
		th, err := db.CreateThread(ctx, p.ID, p.Rev, s, e, "note", nil)
		if err != nil {
			t.Fatal(err)
		}
		orig := map[int]bool{}
		for _, c := range ref[s:e] {
			orig[c.id] = true
		}
		anns = append(anns, ann{th.ID, orig})
	}
	created := next // characters with smaller IDs were there when the threads were made
	revs := [2]string{p.Rev, p.Rev}
	lens := [2]int{len(ref), len(ref)}
	for i := 0; i < edits; i++ {
		who := rng.IntN(2)
		n := lens[who]
		pos := rng.IntN(n + 1)
		var sp store.Splice
		switch k := rng.IntN(10); {
		case k < 6: // typing
			sp = store.Splice{Pos: pos, Ins: "xy"}
		case k < 9: // backspacing
			sp = store.Splice{Pos: pos, Del: min(n-pos, 1+rng.IntN(2))}
		default: // typing over a selection
			sp = store.Splice{Pos: pos, Del: min(n-pos, 2), Ins: "Q"}
		}
		res, err := db.EditPage(ctx, p.ID, store.Edit{Base: revs[who], Splices: []store.Splice{sp}})
		if err != nil {
			t.Fatal(err)
		}
		// Apply what the store applied to the reference. Text typed strictly
		// inside an anchor (both neighbours in it) joins it; text typed over
		// a selection may fall on either side.
		for _, a := range res.Splices {
			ins := make([]tagged, 0, len(a.Ins))
			for _, r := range a.Ins {
				ins = append(ins, tagged{r, next})
				next++
			}
			if len(ins) > 0 && a.Del == 0 && a.Pos > 0 && a.Pos < len(ref) {
				left, right := ref[a.Pos-1].id, ref[a.Pos+a.Del].id
				for _, an := range anns {
					if an.orig[left] && an.orig[right] {
						for _, c := range ins {
							an.orig[c.id] = true
						}
					}
				}
			}
			ref = append(ref[:a.Pos], append(ins, ref[a.Pos+a.Del:]...)...)
		}
		// Each editor sees the other's edits only now and then.
		revs[who], lens[who] = res.Rev, len(ref)
		if rng.IntN(4) == 0 {
			revs[1-who], lens[1-who] = res.Rev, len(ref)
		}
	}
	threads, err := db.FindThreads(ctx, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	byID := map[string]store.Thread{}
	for _, th := range threads {
		byID[th.ID] = th
	}
	good := 0
	for _, a := range anns {
		first, last := -1, -1
		for i, c := range ref {
			if a.orig[c.id] {
				if first < 0 {
					first = i
				}
				last = i
			}
		}
		th := byID[a.id]
		if first < 0 {
			if !th.Detached {
				r.undetached++
			}
			r.detached++
			continue
		}
		r.live++
		for i := th.Start; !th.Detached && i < th.End; i++ {
			if !a.orig[ref[i].id] && ref[i].id < created {
				r.foreign++
				break
			}
		}
		if !th.Detached && th.Start <= first && th.End >= last+1 {
			good++
		}
	}
	r.share = float64(good) / float64(max(r.live, 1))
	return r
}
