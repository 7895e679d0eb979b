package store

import (
	"context"
	"strings"
	"time"
	"unicode/utf8"
)

// Thread is a discussion anchored to a range of a page's text.
type Thread struct {
	ID         string
	Page       DocID
	Start, End int    // the range it is anchored to now, in code points
	Quote      string // the text it was anchored to when it was started
	Detached   bool   // its text was deleted; the thread is kept and shown apart
	Resolved   bool
	ResolvedBy DocID
	ResolvedAt time.Time
	Author     DocID
	CreatedAt  time.Time
	Replies    []Reply // oldest first; the first opened the thread
}

// Reply is one message in a thread.
type Reply struct {
	ID         string
	Author     DocID
	AuthorName string
	Body       string
	Mentions   []DocID // members named with @
	CreatedAt  time.Time
}

// CommentService keeps comment threads on pages.
type CommentService interface {
	FindThreads(ctx context.Context, page DocID) ([]Thread, error)
	// CreateThread anchors a new thread to [start, end) of the page's body
	// as of revision rev.
	CreateThread(ctx context.Context, page DocID, rev string, start, end int, body string, mentions []DocID) (*Thread, error)
	ReplyToThread(ctx context.Context, page DocID, thread string, body string, mentions []DocID) (*Thread, error)
	ResolveThread(ctx context.Context, page DocID, thread string, resolved bool) (*Thread, error)
}

// MaxCommentLen is the longest comment, in characters.
const MaxCommentLen = 20_000

// ValidateComment trims a comment body and checks it.
func ValidateComment(body string) (string, error) {
	body = strings.TrimSpace(body)
	switch {
	case body == "":
		return "", Errorf(EINVALID, "Write something first.")
	case !utf8.ValidString(body):
		return "", Errorf(EINVALID, "The comment is not valid text.")
	case utf8.RuneCountInString(body) > MaxCommentLen:
		return "", Errorf(EINVALID, "A comment can be at most %d characters.", MaxCommentLen)
	}
	return body, nil
}

// Anchor context: how much text on each side of a quote is kept to find
// it again when positions are lost (a peer's merge, say).
const anchorContext = 32

// AnchorQuote returns the quote of [start, end) in text and the context
// around it.
func AnchorQuote(text []rune, start, end int) (quote, prefix, suffix string) {
	return string(text[start:end]), string(text[max(0, start-anchorContext):start]), string(text[end:min(len(text), end+anchorContext)])
}

// FindAnchor finds a quote in text again: of its exact occurrences, the
// one whose context matches best, then the one nearest hint. It reports
// false when the quote occurs nowhere.
func FindAnchor(text []rune, quote, prefix, suffix string, hint int) (int, int, bool) {
	q := []rune(quote)
	if len(q) == 0 || len(q) > len(text) {
		return 0, 0, false
	}
	pre, suf := []rune(prefix), []rune(suffix)
	best, bestScore, bestDist := -1, -1, 0
	for i := 0; i+len(q) <= len(text); i++ {
		if !runesEqual(text[i:i+len(q)], q) {
			continue
		}
		score := commonSuffix(text[:i], pre) + commonPrefix(text[i+len(q):], suf)
		dist := i - hint
		if dist < 0 {
			dist = -dist
		}
		if score > bestScore || score == bestScore && dist < bestDist {
			best, bestScore, bestDist = i, score, dist
		}
	}
	if best < 0 {
		return 0, 0, false
	}
	return best, best + len(q), true
}

func runesEqual(a, b []rune) bool {
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func commonPrefix(a, b []rune) int {
	n := 0
	for n < len(a) && n < len(b) && a[n] == b[n] {
		n++
	}
	return n
}

func commonSuffix(a, b []rune) int {
	n := 0
	for n < len(a) && n < len(b) && a[len(a)-1-n] == b[len(b)-1-n] {
		n++
	}
	return n
}
