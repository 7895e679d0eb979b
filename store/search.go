package store

import "context"

// SearchHit is one result of a full-text search.
type SearchHit struct {
	ID      DocID
	Kind    Kind
	Title   string
	Snippet string // plain text with matches wrapped in SnippetOpen and SnippetClose
	// At is, for a video found by its transcript (Kind "video", ID its
	// blob hash), where the first matched word is said, in ms.
	At int64
}

// KindVideo is the kind of a search hit on a video's transcript.
const KindVideo Kind = "video"

// Markers around matched terms in SearchHit.Snippet. They are control
// characters so that no user text can forge them and no markup is needed.
const (
	SnippetOpen  = "\x02"
	SnippetClose = "\x03"
)

// SearchService finds documents by their text.
type SearchService interface {
	// Search returns the best matches for a query of plain words; the last
	// word also matches as a prefix, so results appear while typing.
	Search(ctx context.Context, query string, limit int) ([]SearchHit, error)
}
