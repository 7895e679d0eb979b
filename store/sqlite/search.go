package sqlite

import (
	"context"
	"fmt"
	"strings"
	"unicode"

	"github.com/longhand/longhand/store"
)

var _ store.SearchService = (*DB)(nil)

// Search runs a full-text query over every indexed document. The words
// of the query are matched as terms, never as FTS5 syntax, so no input can
// make the query fail; the last word also matches as a prefix.
func (db *DB) Search(ctx context.Context, query string, limit int) ([]store.SearchHit, error) {
	match := ftsQuery(query)
	if match == "" {
		return []store.SearchHit{}, nil
	}
	if err := db.flushAll(ctx); err != nil {
		return nil, err
	}
	if limit <= 0 || limit > 200 {
		limit = 50
	}
	rows, err := db.db.QueryContext(ctx, `
		SELECT doc_id, kind, title, snippet(search, 1, ?, ?, '…', 12)
		FROM search WHERE search MATCH ?
		ORDER BY bm25(search, 5.0, 1.0) LIMIT ?`,
		store.SnippetOpen, store.SnippetClose, match, limit)
	if err != nil {
		return nil, fmt.Errorf("search %q: %w", query, err)
	}
	defer rows.Close()
	hits := []store.SearchHit{}
	for rows.Next() {
		var h store.SearchHit
		if err := rows.Scan(&h.ID, &h.Kind, &h.Title, &h.Snippet); err != nil {
			return nil, fmt.Errorf("search %q: %w", query, err)
		}
		hits = append(hits, h)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("search %q: %w", query, err)
	}
	rows.Close()
	return db.shapeHits(ctx, hits)
}

// shapeHits keeps the best hit per document (a post and its replies are
// indexed apart) and names a reply's hit by its post's title.
func (db *DB) shapeHits(ctx context.Context, hits []store.SearchHit) ([]store.SearchHit, error) {
	seen := map[store.DocID]bool{}
	out := hits[:0]
	for _, h := range hits {
		if seen[h.ID] {
			continue
		}
		seen[h.ID] = true
		if h.Kind == store.KindPost && h.Title == "" {
			if err := db.db.QueryRowContext(ctx, "SELECT title FROM posts WHERE id = ?", h.ID).Scan(&h.Title); err != nil {
				return nil, fmt.Errorf("search: post %s: %w", h.ID, err)
			}
		}
		out = append(out, h)
	}
	return out, nil
}

// ftsQuery turns plain words into an FTS5 query: each word a quoted
// string, the last one a prefix.
func ftsQuery(q string) string {
	words := strings.FieldsFunc(q, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsNumber(r) })
	if len(words) == 0 {
		return ""
	}
	for i, w := range words {
		words[i] = `"` + w + `"`
	}
	words[len(words)-1] += "*"
	return strings.Join(words, " ")
}
