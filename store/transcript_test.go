package store_test

import (
	"strings"
	"testing"

	"github.com/longhand/longhand/store"
)

func timed(spec string) []store.TranscriptWord {
	// "word@start-end ..." in ms
	var ws []store.TranscriptWord
	for _, f := range strings.Fields(spec) {
		w, times, _ := strings.Cut(f, "@")
		var s, e int64
		a, b, _ := strings.Cut(times, "-")
		for _, c := range a {
			s = s*10 + int64(c-'0')
		}
		for _, c := range b {
			e = e*10 + int64(c-'0')
		}
		ws = append(ws, store.TranscriptWord{Text: w, Start: s, End: e})
	}
	return ws
}

func TestChapters(t *testing.T) {
	for _, tc := range []struct {
		name  string
		words string
		want  []store.Chapter
	}{
		{"none", "", nil},
		{"one thought", "so@0-200 the@300-400 plan@500-900", []store.Chapter{{Start: 0, Title: "so the plan"}}},
		{"a breath is not a chapter", "a@0-100 b@1500-1600", []store.Chapter{{Start: 0, Title: "a b"}}},
		{"a pause of 1.5 s is", "a@0-100 b@1600-1700 c@1800-1900",
			[]store.Chapter{{Start: 0, Title: "a"}, {Start: 1600, Title: "b c"}}},
		{"long titles are cut", "one@0-1 two@2-3 three@4-5 four@6-7 five@8-9 six@10-11 seven@12-13",
			[]store.Chapter{{Start: 0, Title: "one two three four five six…"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := store.Chapters(timed(tc.words))
			if len(got) != len(tc.want) {
				t.Fatalf("Chapters=%+v, want %+v", got, tc.want)
			}
			for i := range got {
				if got[i] != tc.want[i] {
					t.Errorf("chapter %d=%+v, want %+v", i, got[i], tc.want[i])
				}
			}
		})
	}
}

func TestCorrectWordsKeepsTimes(t *testing.T) {
	heard := timed("the@0-200 cult@200-600 of@600-700 report@700-1000 next@3000-3300 week@3300-3600")
	for _, tc := range []struct {
		name, text, want string
	}{
		// "quarterly" stands for "cult" or "of" at the same cost; the later wins the tie.
		{"replaced and dropped", "The quarterly report, next week!", "The@0-200 quarterly@600-700 report,@700-1000 next@3000-3300 week!@3300-3600"},
		{"replaced", "the cult of support next week", "the@0-200 cult@200-600 of@600-700 support@700-1000 next@3000-3300 week@3300-3600"},
		{"added at the end", "the cult of report next week indeed", "the@0-200 cult@200-600 of@600-700 report@700-1000 next@3000-3300 week@3300-3600 indeed@3600-3600"},
		{"added between", "the cult of the report next week", "the@0-200 cult@200-600 of@600-700 the@700-700 report@700-1000 next@3000-3300 week@3300-3600"},
		{"emptied", "  ", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := store.CorrectWords(heard, tc.text)
			if err != nil {
				t.Fatal(err)
			}
			var parts []string
			for _, w := range got {
				parts = append(parts, w.Text+"@"+itoa(w.Start)+"-"+itoa(w.End))
			}
			if s := strings.Join(parts, " "); s != tc.want {
				t.Errorf("CorrectWords=%q, want %q", s, tc.want)
			}
			if err := store.ValidateTranscriptWords(got); err != nil {
				t.Errorf("corrected words do not validate: %v", err)
			}
		})
	}
	if _, err := store.CorrectWords(heard, "bad\x00word"); store.ErrorCode(err) != store.EINVALID {
		t.Errorf("a control character: %v, want EINVALID", err)
	}
	if _, err := store.CorrectWords(heard, strings.Repeat("w ", store.MaxTranscriptWords+1)); store.ErrorCode(err) != store.EINVALID {
		t.Errorf("too many words: %v, want EINVALID", err)
	}
}

func itoa(n int64) string {
	if n == 0 {
		return "0"
	}
	var b []byte
	for ; n > 0; n /= 10 {
		b = append([]byte{byte('0' + n%10)}, b...)
	}
	return string(b)
}

func TestWordErrorRate(t *testing.T) {
	said := strings.Fields("The quarterly report is ready.")
	for _, tc := range []struct {
		heard string
		want  float64
	}{
		{"the quarterly report is ready", 0},
		{"the cult of the report is ready", 0.6}, // one substitution, two insertions
		{"", 1},
		{"report", 0.8},
	} {
		if got := store.WordErrorRate(said, strings.Fields(tc.heard)); got < tc.want-1e-9 || got > tc.want+1e-9 {
			t.Errorf("WordErrorRate(%q)=%v, want %v", tc.heard, got, tc.want)
		}
	}
}

func TestValidateTranscriptWords(t *testing.T) {
	for _, tc := range []struct {
		name string
		ws   []store.TranscriptWord
		ok   bool
	}{
		{"fine", timed("a@0-10 b@10-20"), true},
		{"out of order", timed("a@50-60 b@10-20"), false},
		{"ends before it starts", []store.TranscriptWord{{Text: "a", Start: 10, End: 5}}, false},
		{"after the longest video", []store.TranscriptWord{{Text: "a", Start: 0, End: 200000}}, false},
		{"a space in a word", []store.TranscriptWord{{Text: "a b", Start: 0, End: 1}}, false},
		{"empty word", []store.TranscriptWord{{Text: "", Start: 0, End: 1}}, false},
		{"too long a word", []store.TranscriptWord{{Text: strings.Repeat("x", 65), Start: 0, End: 1}}, false},
	} {
		err := store.ValidateTranscriptWords(tc.ws)
		if (err == nil) != tc.ok {
			t.Errorf("%s: %v, want ok=%v", tc.name, err, tc.ok)
		}
	}
}

// FuzzCorrectWords: whatever the author types, a correction is words that
// validate, or an error.
func FuzzCorrectWords(f *testing.F) {
	f.Add("the quarterly report", "the cult of the report")
	f.Add("", "a b c")
	f.Add("a\u00a0b\u2028c", "")
	f.Fuzz(func(t *testing.T, text, heard string) {
		var old []store.TranscriptWord
		for i, w := range strings.Fields(heard) {
			old = append(old, store.TranscriptWord{Text: w, Start: int64(i) * 100, End: int64(i)*100 + 50})
		}
		if store.ValidateTranscriptWords(old) != nil {
			return
		}
		ws, err := store.CorrectWords(old, text)
		if err == nil {
			if verr := store.ValidateTranscriptWords(ws); verr != nil {
				t.Fatalf("CorrectWords(%q) gave words that do not validate: %v", text, verr)
			}
		}
	})
}
