package sqlite

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/longhand/longhand/store"
)

// snippetTokens is how many words a search hit's snippet shows, as
// FTS5's snippet() was asked for before the index stopped keeping text.
const snippetTokens = 12

// queryWords splits a query into the words search matches: runs of
// letters and digits, as FTS5's unicode61 tokenizer splits text.
func queryWords(q string) []string {
	return strings.FieldsFunc(q, func(r rune) bool { return !isWordRune(r) })
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsNumber(r) }

// foldWord is a word as the index compares it: lower case, without
// diacritics ("Café" and "cafe" are one term, as remove_diacritics 2 has it).
func foldWord(w string) string {
	ascii := true
	for i := 0; i < len(w); i++ {
		if w[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if ascii { // most words: no diacritics to take off
		return strings.ToLower(w)
	}
	var b strings.Builder
	for _, r := range norm.NFD.String(w) {
		if !unicode.Is(unicode.Mn, r) {
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}

type span struct{ start, end int } // byte offsets of a word in the text

// cutSnippet cuts the part of text a search hit shows: snippetTokens
// words around the most query words, matches wrapped in
// store.SnippetOpen and SnippetClose, "…" where the text goes on. Every
// word of the query matches whole except the last, which matches as a
// prefix, as the query did. With no match (a hit on the title alone) it
// is the text's start.
func cutSnippet(text string, query []string) string {
	words := wordSpans(text)
	if len(words) == 0 {
		return ""
	}
	want := make([]string, len(query))
	for i, q := range query {
		want[i] = foldWord(q)
	}
	// which[i] is the query word the i-th word of the text matches, or -1.
	which := make([]int, len(words))
	for i, w := range words {
		which[i] = matchWord(foldWord(text[w.start:w.end]), want)
	}
	first, last := bestWindow(which)
	// Centre the matches in the window, as FTS5 does, inside the text.
	start := first - (snippetTokens-(last-first+1))/2
	start = max(0, min(start, len(words)-snippetTokens))
	end := min(len(words), start+snippetTokens)

	var b strings.Builder
	at := 0 // a snippet from the text's start keeps what comes before its first word
	if start > 0 {
		b.WriteString("…")
		at = words[start].start
	}
	for i := start; i < end; i++ {
		w := words[i]
		b.WriteString(unmarked(text[at:w.start]))
		if which[i] >= 0 {
			b.WriteString(store.SnippetOpen + text[w.start:w.end] + store.SnippetClose)
		} else {
			b.WriteString(text[w.start:w.end])
		}
		at = w.end
	}
	if end < len(words) {
		b.WriteString("…")
	} else {
		b.WriteString(unmarked(text[at:])) // and what comes after its last
	}
	return b.String()
}

// unmarked drops the marker characters from text between words, so that
// no text can forge a match.
var unmarked = strings.NewReplacer(store.SnippetOpen, "", store.SnippetClose, "").Replace

func wordSpans(text string) []span {
	var words []span
	in := -1
	for i, r := range text {
		if isWordRune(r) {
			if in < 0 {
				in = i
			}
		} else if in >= 0 {
			words = append(words, span{in, i})
			in = -1
		}
	}
	if in >= 0 {
		words = append(words, span{in, len(text)})
	}
	return words
}

func matchWord(w string, want []string) int {
	for i, q := range want {
		if w == q || (i == len(want)-1 && strings.HasPrefix(w, q)) {
			return i
		}
	}
	return -1
}

// bestWindow finds the snippetTokens words holding the most different
// query words (then the most matches; the earliest on a tie) and returns
// the positions of its first and last match; 0, 0 without a match.
func bestWindow(which []int) (first, last int) {
	best := -1
	for s := range which {
		if which[s] < 0 {
			continue
		}
		seen := map[int]bool{}
		score, end := 0, s
		for i := s; i < len(which) && i < s+snippetTokens; i++ {
			if which[i] < 0 {
				continue
			}
			if !seen[which[i]] {
				seen[which[i]] = true
				score += 1000
			}
			score++
			end = i
		}
		if score > best {
			best, first, last = score, s, end
		}
	}
	return first, last
}
