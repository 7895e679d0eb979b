package store

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// A transcript is what a speech recognizer heard in a video message, word
// by word with times, as rough as the recognizer is; its author may
// correct it. It is made on the author's device, travels with the video
// to everyone, and is what search finds a video by.

// KindTranscript is the document of a video's transcript.
const KindTranscript Kind = "transcript"

// TranscriptDocID is the document that holds a video's transcript: made
// from the video's hash, so that every device names the same one.
func TranscriptDocID(video string) DocID {
	sum := sha256.Sum256([]byte("longhand transcript\x00" + video))
	return DocID(hex.EncodeToString(sum[:16]))
}

// TranscriptWord is one word of a transcript and when it is said, in
// milliseconds from the video's start.
type TranscriptWord struct {
	Text  string `json:"w"`
	Start int64  `json:"s"`
	End   int64  `json:"e"`
}

// Transcript is the words of one video.
type Transcript struct {
	Video     string // the video's blob hash
	Author    DocID  // who recorded the video: the only one who may correct it
	Words     []TranscriptWord
	Corrected bool // the author corrected it; otherwise it is the machine's
	MadeAt    time.Time
}

// Chapter is a stretch of a video between two pauses, titled by its first
// words.
type Chapter struct {
	Start int64 // ms
	Title string
}

// ChapterPause is the silence between two words that starts a new chapter.
// People pause for breath for well under a second inside a thought; a
// pause of a second and a half is a new one, or a new slide.
const ChapterPause = 1500 * time.Millisecond

// chapterTitleWords is how many words title a chapter.
const chapterTitleWords = 6

// Bounds of a transcript, from the device that made it or from a peer.
// Three minutes of fast speech is about 600 words.
const (
	MaxTranscriptWords = 3000
	MaxTranscriptWord  = 64 // characters in one word
)

// Text is the transcript's words with spaces between.
func (t *Transcript) Text() string { return JoinWords(t.Words) }

// JoinWords writes words as text.
func JoinWords(ws []TranscriptWord) string {
	s := make([]string, len(ws))
	for i, w := range ws {
		s[i] = w.Text
	}
	return strings.Join(s, " ")
}

// Chapters splits words where the speaker paused for ChapterPause or
// longer. Each chapter starts at its first word and is titled by its first
// few words. Without words there are no chapters.
func Chapters(ws []TranscriptWord) []Chapter {
	var out []Chapter
	start := 0
	for i := range ws {
		if i > 0 && ws[i].Start-ws[i-1].End < ChapterPause.Milliseconds() {
			continue
		}
		if i > 0 {
			out = append(out, chapter(ws[start:i]))
		}
		start = i
	}
	if len(ws) > 0 {
		out = append(out, chapter(ws[start:]))
	}
	return out
}

func chapter(ws []TranscriptWord) Chapter {
	title := JoinWords(ws[:min(len(ws), chapterTitleWords)])
	if len(ws) > chapterTitleWords {
		title += "…"
	}
	return Chapter{Start: ws[0].Start, Title: title}
}

// ValidateTranscriptWords checks words from outside: bounded, each a word
// of printable text with no spaces, in order in time, and no later than a
// video may run.
func ValidateTranscriptWords(ws []TranscriptWord) error {
	if len(ws) > MaxTranscriptWords {
		return Errorf(EINVALID, "The transcript has %d words; one video's is at most %d.", len(ws), MaxTranscriptWords)
	}
	end := (MaxVideoLength + VideoLengthTolerance).Milliseconds()
	var last int64
	for i, w := range ws {
		if err := validateWord(w.Text); err != nil {
			return err
		}
		if w.Start < last || w.End < w.Start || w.End > end {
			return Errorf(EINVALID, "The transcript's word %d (%q) is out of order in time.", i+1, w.Text)
		}
		last = w.Start
	}
	return nil
}

func validateWord(w string) error {
	switch {
	case w == "":
		return Errorf(EINVALID, "The transcript has an empty word.")
	case !utf8.ValidString(w):
		return Errorf(EINVALID, "The transcript is not valid text.")
	case utf8.RuneCountInString(w) > MaxTranscriptWord:
		return Errorf(EINVALID, "A word of the transcript is over %d characters.", MaxTranscriptWord)
	}
	for _, r := range w {
		if unicode.IsSpace(r) || unicode.IsControl(r) {
			return Errorf(EINVALID, "A word of the transcript has a space or a control character in it.")
		}
	}
	return nil
}

// CorrectWords turns the author's corrected text into timed words: the
// words of text are lined up with the transcript's by the fewest edits, a
// word kept or replaced keeps the time of the word it stands for, and a
// word added takes the time between its neighbours. So a correction keeps
// the chapters and the moments search jumps to.
func CorrectWords(old []TranscriptWord, text string) ([]TranscriptWord, error) {
	if !utf8.ValidString(text) {
		return nil, Errorf(EINVALID, "The transcript is not valid text.")
	}
	fields := strings.Fields(text)
	if len(fields) > MaxTranscriptWords {
		return nil, Errorf(EINVALID, "The transcript has %d words; one video's is at most %d.", len(fields), MaxTranscriptWords)
	}
	for _, f := range fields {
		if err := validateWord(f); err != nil {
			return nil, err
		}
	}
	pairs := align(words(old), foldAll(fields))
	out := make([]TranscriptWord, len(fields))
	have := make([]bool, len(fields))
	for _, p := range pairs {
		if p.a >= 0 && p.b >= 0 {
			out[p.b] = TranscriptWord{Text: fields[p.b], Start: old[p.a].Start, End: old[p.a].End}
			have[p.b] = true
		}
	}
	// Added words: between the end of the word before and the start of the
	// word after, or at the ends of the video's words.
	var end int64
	if len(old) > 0 {
		end = old[len(old)-1].End
	}
	for i := range out {
		if have[i] {
			continue
		}
		var from int64
		if i > 0 {
			from = out[i-1].End
		}
		to := end
		for j := i + 1; j < len(out); j++ {
			if have[j] {
				to = out[j].Start
				break
			}
		}
		to = max(to, from)
		out[i] = TranscriptWord{Text: fields[i], Start: from, End: to}
		if to > from { // the next added word starts where this one ends
			out[i].End = from + (to-from)/2
		}
	}
	return out, nil
}

func words(ws []TranscriptWord) []string {
	s := make([]string, len(ws))
	for i, w := range ws {
		s[i] = w.Text
	}
	return foldAll(s)
}

// foldAll lowers words and takes their punctuation off, for comparing.
func foldAll(ws []string) []string {
	out := make([]string, len(ws))
	for i, w := range ws {
		out[i] = strings.ToLower(strings.TrimFunc(w, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsNumber(r) }))
	}
	return out
}

type pair struct{ a, b int } // indexes into the two lists; -1 for a word only one side has

// align lines up two lists of words by the fewest insertions, deletions and
// substitutions (Levenshtein over words), a substitution pairing two words.
func align(a, b []string) []pair {
	n, m := len(a), len(b)
	d := make([][]int32, n+1)
	for i := range d {
		d[i] = make([]int32, m+1)
		d[i][0] = int32(i)
	}
	for j := 0; j <= m; j++ {
		d[0][j] = int32(j)
	}
	for i := 1; i <= n; i++ {
		for j := 1; j <= m; j++ {
			sub := d[i-1][j-1]
			if a[i-1] != b[j-1] {
				sub++
			}
			d[i][j] = min(sub, d[i-1][j]+1, d[i][j-1]+1)
		}
	}
	var out []pair
	for i, j := n, m; i > 0 || j > 0; {
		switch {
		case i > 0 && j > 0 && d[i][j] == d[i-1][j-1]+cost(a[i-1], b[j-1]):
			i, j = i-1, j-1
			out = append(out, pair{i, j})
		case i > 0 && d[i][j] == d[i-1][j]+1:
			i--
			out = append(out, pair{i, -1})
		default:
			j--
			out = append(out, pair{-1, j})
		}
	}
	return out
}

func cost(a, b string) int32 {
	if a == b {
		return 0
	}
	return 1
}

// WordErrorRate is the words a recognizer got wrong, as a share of the
// words said: (substitutions + deletions + insertions) / len(said), the
// words compared without case or punctuation.
func WordErrorRate(said, heard []string) float64 {
	if len(said) == 0 {
		return 0
	}
	a, b := foldAll(said), foldAll(heard)
	errs := 0
	for _, p := range align(a, b) {
		if p.a < 0 || p.b < 0 || a[p.a] != b[p.b] {
			errs++
		}
	}
	return float64(errs) / float64(len(said))
}
