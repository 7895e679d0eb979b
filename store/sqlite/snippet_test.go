package sqlite

import (
	"strings"
	"testing"
)

func TestCutSnippet(t *testing.T) {
	// Markers shown as [ ] to keep the cases readable.
	show := func(s string) string {
		return strings.NewReplacer("\x02", "[", "\x03", "]").Replace(s)
	}
	long := "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen twenty"
	for _, tc := range []struct {
		name, text, query, want string
	}{
		{"short text, whole", "The database failover took nine minutes.", "nine",
			"The database failover took [nine] minutes."},
		{"match centred with cuts on both sides", long, "ten",
			"…five six seven eight nine [ten] eleven twelve thirteen fourteen fifteen sixteen…"},
		{"match at the start", long, "one",
			"[one] two three four five six seven eight nine ten eleven twelve…"},
		{"match at the end stays inside the text", long, "twenty",
			"…nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen [twenty]"},
		{"the last word is a prefix, the others whole", "Fourteenth four fifteen", "four fi",
			"Fourteenth [four] [fifteen]"},
		{"case and diacritics fold as the index folds them", "Le CAFÉ est fermé.", "cafe ferme",
			"Le [CAFÉ] est [fermé]."},
		{"the window with more different words wins", "alpha x x x x x x x x x x x x x x x x beta gamma x", "beta gamma",
			"…x x x x x x x x x [beta] [gamma] x"},
		{"no match in the body: its start", long, "zebra",
			"one two three four five six seven eight nine ten eleven twelve…"},
		{"Markdown between words is kept for the frontend to strip", "## Plan\n\n- **ship** it", "ship",
			"## Plan\n\n- **[ship]** it"},
		{"empty body", "", "x", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := show(cutSnippet(tc.text, queryWords(tc.query))); got != tc.want {
				t.Errorf("got  %q\nwant %q", got, tc.want)
			}
		})
	}
}

func FuzzCutSnippet(f *testing.F) {
	f.Add("Le CAFÉ est fermé.", "cafe")
	f.Add("a\u0301b c", "a")
	f.Add("0\x020", "0")
	f.Fuzz(func(t *testing.T, text, query string) {
		words := queryWords(query)
		if len(words) == 0 {
			return
		}
		got := cutSnippet(text, words)
		if strings.Count(got, "\x02") != strings.Count(got, "\x03") {
			t.Fatalf("snippet %q has unbalanced markers", got)
		}
		strip := strings.NewReplacer("\x02", "", "\x03", "", "…", "").Replace
		if !strings.Contains(strip(text), strip(got)) {
			t.Fatalf("snippet %q is not a piece of %q", got, text)
		}
	})
}
