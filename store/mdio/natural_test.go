package mdio

import (
	"slices"
	"testing"
)

func TestNaturalLess(t *testing.T) {
	names := []string{"area 10", "area 2", "area 1", "area", "b", "area 02", "area 1a", "area 1b", "z9", "z10", "x 007", "x 7", "éa", "ea"}
	slices.SortFunc(names, func(a, b string) int {
		switch {
		case naturalLess(a, b):
			return -1
		case naturalLess(b, a):
			return 1
		}
		return 0
	})
	want := []string{"area", "area 1", "area 1a", "area 1b", "area 2", "area 02", "area 10", "b", "ea", "x 7", "x 007", "z9", "z10", "éa"}
	if !slices.Equal(names, want) {
		t.Errorf("sorted %q\nwant   %q", names, want)
	}
}
