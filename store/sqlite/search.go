package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/longhand/longhand/store"
)

var _ store.SearchService = (*DB)(nil)

// Search runs a full-text query over every indexed document. The words
// of the query are matched as terms, never as FTS5 syntax, so no input can
// make the query fail; the last word also matches as a prefix.
func (db *DB) Search(ctx context.Context, query string, limit int) ([]store.SearchHit, error) {
	words := queryWords(query)
	if len(words) == 0 {
		return []store.SearchHit{}, nil
	}
	if err := db.flushAll(ctx); err != nil {
		return nil, err
	}
	if limit <= 0 || limit > 200 {
		limit = 50
	}
	rows, err := db.db.QueryContext(ctx, `
		SELECT rowid, doc_id, kind FROM search WHERE search MATCH ?
		ORDER BY bm25(search, 5.0, 1.0) LIMIT ?`, ftsQuery(words), limit)
	if err != nil {
		return nil, fmt.Errorf("search %q: %w", query, err)
	}
	defer rows.Close()
	type found struct {
		rowid int64
		hit   store.SearchHit
	}
	var all []found
	seen := map[store.DocID]bool{}
	for rows.Next() {
		var f found
		if err := rows.Scan(&f.rowid, &f.hit.ID, &f.hit.Kind); err != nil {
			return nil, fmt.Errorf("search %q: %w", query, err)
		}
		// The best hit per document: a post and its replies are indexed apart.
		if !seen[f.hit.ID] {
			seen[f.hit.ID] = true
			all = append(all, f)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("search %q: %w", query, err)
	}
	rows.Close()
	hits := make([]store.SearchHit, 0, len(all))
	for _, f := range all {
		title, body, err := db.indexedText(ctx, f.rowid)
		if errors.Is(err, sql.ErrNoRows) {
			continue // gone since the query read the index
		}
		if err != nil {
			return nil, fmt.Errorf("search %q: %w", query, err)
		}
		f.hit.Title, f.hit.Snippet = title, cutSnippet(body, words)
		hits = append(hits, f.hit)
	}
	return hits, nil
}

// indexedText reads the title and body a row of the search index was
// made from, in the table its rowid's range belongs to (the triggers of
// migrations 0001 and 0005–0007 number them). A reply's title is its post's.
func (db *DB) indexedText(ctx context.Context, rowid int64) (title, body string, err error) {
	var q string
	var n int64
	switch {
	case rowid < 3_000_000_000_000:
		q, n = `SELECT title, body FROM pages WHERE n = ?`, rowid
	case rowid < 3_500_000_000_000:
		q, n = `SELECT title, body FROM posts WHERE n = ?`, rowid-3_000_000_000_000
	case rowid < 5_000_000_000_000:
		q, n = `SELECT p.title, r.body FROM post_replies r JOIN posts p ON p.id = r.post_id WHERE r.n = ?`, rowid-3_500_000_000_000
	case rowid < 5_500_000_000_000:
		q, n = `SELECT title, description || char(10) || retrospective FROM goals WHERE n = ?`, rowid-5_000_000_000_000
	case rowid < 4_000_000_000_000_000:
		q, n = `SELECT 'Check-in ' || date, plans || char(10) || progress || char(10) || problems || char(10) || blockers
			FROM checkins WHERE n = ?`, rowid-5_500_000_000_000
	default:
		q, n = `SELECT '', body FROM chat_messages WHERE n = ?`, rowid-4_000_000_000_000_000
	}
	err = db.db.QueryRowContext(ctx, q, n).Scan(&title, &body)
	return title, body, err
}

// ftsQuery turns plain words into an FTS5 query: each word a quoted
// string, the last one a prefix.
func ftsQuery(words []string) string {
	quoted := make([]string, len(words))
	for i, w := range words {
		quoted[i] = `"` + w + `"`
	}
	quoted[len(quoted)-1] += "*"
	return strings.Join(quoted, " ")
}
