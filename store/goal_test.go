package store_test

import (
	"math"
	"testing"
	"time"

	"github.com/longhand/longhand/store"
)

func num(start, target, current float64) store.Measure {
	return store.Measure{Kind: store.MeasureNumber, Start: start, Target: target, Current: current}
}

func TestMeasureProgress(t *testing.T) {
	for _, tc := range []struct {
		name string
		m    store.Measure
		want float64
	}{
		{"halfway up", num(0, 10, 5), 0.5},
		{"from a nonzero start", num(100, 200, 150), 0.5},
		{"bringing a number down", num(400, 200, 250), 0.75},
		{"past the target is full", num(0, 10, 12), 1},
		{"below the start is none", num(10, 20, 5), 0},
		{"done", store.Measure{Kind: store.MeasureBinary, Done: true}, 1},
		{"not done", store.Measure{Kind: store.MeasureBinary}, 0},
		{"start equals target, reached", num(5, 5, 5), 1},
		{"NaN from bad data is none", num(0, math.Inf(1), 1), 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.m.Progress(); math.Abs(got-tc.want) > 1e-9 {
				t.Errorf("Progress=%v, want %v", got, tc.want)
			}
		})
	}
}

func TestRollup(t *testing.T) {
	g := func(id, parent string, m store.Measure) store.Goal {
		return store.Goal{ID: store.DocID(id), Parent: store.DocID(parent), Measure: m}
	}
	done := store.Measure{Kind: store.MeasureBinary, Done: true}
	notDone := store.Measure{Kind: store.MeasureBinary}
	for _, tc := range []struct {
		name  string
		goals []store.Goal
		want  map[string]float64
	}{
		{"a leaf uses its own measure", []store.Goal{g("a", "", num(0, 4, 1))}, map[string]float64{"a": 0.25}},
		{"a parent is the mean of its children, not its own measure",
			[]store.Goal{g("year", "", num(0, 100, 90)), g("q1", "year", num(0, 10, 10)), g("q2", "year", notDone)},
			map[string]float64{"year": 0.5, "q1": 1, "q2": 0}},
		{"three levels: children weigh the same however many they have",
			[]store.Goal{
				g("year", "", notDone),
				g("q1", "year", notDone), g("q2", "year", done),
				g("w1", "q1", done), g("w2", "q1", notDone), g("w3", "q1", notDone), g("w4", "q1", done),
			},
			map[string]float64{"year": 0.75, "q1": 0.5, "q2": 1, "w1": 1}},
		{"an archived child does not count",
			[]store.Goal{g("p", "", notDone), g("c1", "p", done), {ID: "c2", Parent: "p", Measure: notDone, Archived: true}},
			map[string]float64{"p": 1, "c1": 1, "c2": 0}},
		{"a missing parent leaves the child at the top", []store.Goal{g("c", "gone", num(0, 2, 1))}, map[string]float64{"c": 0.5}},
		{"a cycle does not loop forever",
			[]store.Goal{g("a", "b", num(0, 10, 2)), g("b", "a", num(0, 10, 8))},
			map[string]float64{"a": -1, "b": -1}},
		{"a goal that is its own parent", []store.Goal{g("a", "a", num(0, 10, 3))}, map[string]float64{"a": 0.3}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := store.Rollup(tc.goals)
			if len(got) != len(tc.goals) {
				t.Errorf("Rollup has %d goals, want %d", len(got), len(tc.goals))
			}
			for id, want := range tc.want {
				p, ok := got[store.DocID(id)]
				if !ok {
					t.Errorf("no progress for %s", id)
					continue
				}
				if want < 0 {
					if p < 0 || p > 1 {
						t.Errorf("progress of %s=%v, want within 0..1", id, p)
					}
					continue
				}
				if math.Abs(p-want) > 1e-9 {
					t.Errorf("progress of %s=%v, want %v", id, p, want)
				}
			}
		})
	}
}

func TestValidateMeasure(t *testing.T) {
	for _, tc := range []struct {
		name string
		m    store.Measure
		code string
	}{
		{"number", store.Measure{Kind: store.MeasureNumber, Unit: " customers ", Target: 10}, ""},
		{"binary", store.Measure{Kind: store.MeasureBinary, Done: true}, ""},
		{"unknown kind", store.Measure{Kind: "vibes"}, store.EINVALID},
		{"no span", num(3, 3, 0), store.EINVALID},
		{"NaN", num(0, math.NaN(), 0), store.EINVALID},
		{"infinite", num(0, 1, math.Inf(-1)), store.EINVALID},
		{"long unit", store.Measure{Kind: store.MeasureNumber, Unit: "abcdefghijklmnopqrstuvwxyz", Target: 1}, store.EINVALID},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := store.ValidateMeasure(tc.m)
			if code := store.ErrorCode(err); code != tc.code {
				t.Errorf("ErrorCode=%q, want %q (%v)", code, tc.code, err)
			}
		})
	}
}

func TestDefaultPeriod(t *testing.T) {
	day := time.Date(2026, 8, 13, 15, 0, 0, 0, time.UTC) // a Thursday
	for _, tc := range []struct {
		level      store.GoalLevel
		start, end string
	}{
		{store.LevelAnnual, "2026-01-01", "2026-12-31"},
		{store.LevelQuarterly, "2026-07-01", "2026-09-30"},
		{store.LevelMonthly, "2026-08-01", "2026-08-31"},
		{store.LevelWeekly, "2026-08-10", "2026-08-16"},
	} {
		s, e := store.DefaultPeriod(tc.level, day)
		if s != tc.start || e != tc.end {
			t.Errorf("DefaultPeriod(%s)=%s..%s, want %s..%s", tc.level, s, e, tc.start, tc.end)
		}
	}
}
