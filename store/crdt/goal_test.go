package crdt_test

import (
	"testing"
	"time"

	"github.com/automerge/automerge-go"

	"github.com/longhand/longhand/store"
	"github.com/longhand/longhand/store/crdt"
)

func TestGoalRoundTrip(t *testing.T) {
	now := time.Date(2026, 3, 3, 9, 0, 0, 0, time.UTC)
	g := store.Goal{Title: "Sign 30 customers", Level: store.LevelQuarterly, Scope: store.ScopeDivision, ScopeTarget: "Sales",
		Owner: store.NewDocID(), Author: store.NewDocID(), PeriodStart: "2026-01-01", PeriodEnd: "2026-03-31",
		Measure: store.Measure{Kind: store.MeasureNumber, Unit: "customers", Target: 30, Current: 4.5},
		Status:  store.StatusAtRisk, Confidence: 60, Scoreboard: true}
	d, err := crdt.NewGoal(g, now)
	if err != nil {
		t.Fatal(err)
	}
	for i, v := range []float64{7, 5} { // added out of order: read back by time
		at := now.Add(time.Duration(2-i) * time.Hour)
		if err := d.AddSnapshot(store.Snapshot{ID: string(rune('a' + i)), At: at, Value: v, Status: store.StatusOnTrack, Confidence: 70}); err != nil {
			t.Fatal(err)
		}
	}
	d.Commit("", now)
	back, err := crdt.Load(d.Save(), nil)
	if err != nil {
		t.Fatal(err)
	}
	got, err := back.Goal()
	if err != nil {
		t.Fatal(err)
	}
	if got.Title != g.Title || got.ScopeTarget != "Sales" || got.Measure != g.Measure || got.Confidence != 60 || !got.Scoreboard ||
		got.Owner != g.Owner || got.PeriodEnd != "2026-03-31" || !got.CreatedAt.Equal(now) {
		t.Errorf("Goal()=%+v, want %+v", got, g)
	}
	if len(got.Snapshots) != 2 || got.Snapshots[0].Value != 5 || got.Snapshots[1].Value != 7 {
		t.Errorf("Snapshots=%+v, want 5 then 7", got.Snapshots)
	}
}

// FuzzGoalFields builds goal and check-in documents whose fields hold
// values of any type, as a peer's document could: reading them returns
// an error or a value, never a panic.
func FuzzGoalFields(f *testing.F) {
	f.Add("measure", byte(0), "x", 1.5)
	f.Add("snapshots", byte(4), "id", 2.0)
	f.Add("updates", byte(5), "g", -1.0)
	f.Add("confidence", byte(2), "", 1e300)
	f.Add("comments", byte(4), "c", 0.0)
	f.Fuzz(func(t *testing.T, key string, kind byte, s string, x float64) {
		for _, base := range []string{string(store.KindGoal), string(store.KindCheckIn)} {
			am := automerge.New()
			root := am.RootMap()
			root.Set("kind", base)
			var v any
			switch kind % 7 {
			case 0:
				v = s
			case 1:
				v = x
			case 2:
				v = int64(x)
			case 3:
				v = x > 0
			case 4:
				v = map[string]any{s: map[string]any{"at": s, "value": s, "confidence": x, "title": x}}
			case 5:
				v = map[string]any{s: []any{x, s}}
			case 6:
				v = []any{s, x}
			}
			if err := root.Set(key, v); err != nil {
				return
			}
			d, err := crdt.Load(am.Save(), nil)
			if err != nil {
				t.Fatalf("Load of a document just saved: %v", err)
			}
			d.Goal()
			d.CheckIn()
		}
	})
}
