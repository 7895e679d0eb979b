package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/longhand/longhand/store"
)

var _ store.SearchService = (*DB)(nil)

// Search runs a full-text query over every indexed document. The words
// of the query are matched as terms, never as FTS5 syntax, so no input can
// make the query fail; the last word also matches as a prefix once it has
// minPrefix characters.
//
// A shorter last word is still being typed, and as a prefix it matches
// most of the index: on 100,000 pages of real text a query ending in one
// or two characters took 20–120 ms at the median, most of it merging the
// terms the fragment starts (BENCHMARKS.md, "Search as it is typed"). So
// such a query matches its other words, and the hits whose text has a word
// the fragment starts come first among the best of them. Alone, a short
// word matches as a whole term ("go", "ui"), and pages whose titles start
// with it follow.
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
	match, read, fragment := ftsQuery(words, true), limit, ""
	if last := words[len(words)-1]; stillTyping(last) {
		fragment = foldWord(last)
		if len(words) > 1 {
			match, read = ftsQuery(words[:len(words)-1], false), max(limit, fragmentCandidates)
		} else {
			match = ftsQuery(words, false)
		}
	}
	all, err := db.searchRows(ctx, match, read)
	if err != nil {
		return nil, fmt.Errorf("search %q: %w", query, err)
	}
	if fragment != "" && len(words) == 1 && len(all) < limit {
		more, err := db.titlesStarting(ctx, fragment, limit-len(all))
		if err != nil {
			return nil, fmt.Errorf("search %q: %w", query, err)
		}
		all = appendNew(all, more)
	}
	ids := make([]int64, len(all))
	for i, f := range all {
		ids[i] = f.rowid
	}
	texts, err := db.indexedTexts(ctx, ids)
	if err != nil {
		return nil, fmt.Errorf("search %q: %w", query, err)
	}
	if fragment != "" && len(words) > 1 {
		// The hits with a word the fragment starts first, each group in
		// its order.
		var with, without []found
		for _, f := range all {
			if startsWord(texts[f.rowid], fragment) {
				with = append(with, f)
			} else {
				without = append(without, f)
			}
		}
		all = append(with, without...)
	}
	hits := make([]store.SearchHit, 0, min(len(all), limit))
	for _, f := range all {
		t, ok := texts[f.rowid]
		if !ok {
			continue // gone since the query read the index
		}
		if len(hits) == limit {
			break
		}
		f.hit.Title, f.hit.Snippet = t.title, cutSnippet(t.body, words)
		if f.hit.Kind == store.KindVideo {
			if f.hit.At, err = db.transcriptAt(ctx, string(f.hit.ID), words); err != nil {
				return nil, fmt.Errorf("search %q: %w", query, err)
			}
		}
		hits = append(hits, f.hit)
	}
	return hits, nil
}

// minPrefix is the shortest last word that matches as a prefix.
const minPrefix = 3

// stillTyping says whether a query's last word is too short to match as
// a prefix. Chinese, Japanese and Korean are not split into words by the
// index (a run of them is one term), and a word of theirs is often one or
// two characters: those match as a prefix however short, as before.
func stillTyping(w string) bool {
	if utf8.RuneCountInString(w) >= minPrefix {
		return false
	}
	for _, r := range w {
		if unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul) {
			return false
		}
	}
	return true
}

// fragmentCandidates is how many of the best hits of a query's other
// words are looked through for words its short last word starts.
const fragmentCandidates = 200

// found is a row of the search index and the hit it makes.
type found struct {
	rowid int64
	hit   store.SearchHit
}

// searchRows reads the best limit rows that match, ranked, the best one
// per document: a post and its replies are indexed apart.
func (db *DB) searchRows(ctx context.Context, match string, limit int) ([]found, error) {
	rows, err := db.db.QueryContext(ctx, `
		SELECT rowid, doc_id, kind FROM search WHERE search MATCH ?
		ORDER BY bm25(search, 5.0, 1.0) LIMIT ?`, match, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var all []found
	seen := map[store.DocID]bool{}
	for rows.Next() {
		var f found
		if err := rows.Scan(&f.rowid, &f.hit.ID, &f.hit.Kind); err != nil {
			return nil, err
		}
		if !seen[f.hit.ID] {
			seen[f.hit.ID] = true
			all = append(all, f)
		}
	}
	return all, rows.Err()
}

// titlesStarting finds up to limit live pages whose titles start with
// prefix (folded, as the index folds), the most recently changed first,
// on the index of lower-cased titles.
func (db *DB) titlesStarting(ctx context.Context, prefix string, limit int) ([]found, error) {
	rows, err := db.db.QueryContext(ctx, `
		SELECT n, id FROM pages WHERE lower(title) >= ?1 AND lower(title) < ?1 || char(1114111)
			AND deleted_at = 0 AND is_template = 0
		ORDER BY updated_at DESC LIMIT ?2`, prefix, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []found
	for rows.Next() {
		f := found{hit: store.SearchHit{Kind: store.KindPage}}
		if err := rows.Scan(&f.rowid, &f.hit.ID); err != nil {
			return nil, err
		}
		out = append(out, f)
	}
	return out, rows.Err()
}

// appendNew appends to all the rows of more whose documents it lacks.
func appendNew(all, more []found) []found {
	seen := map[store.DocID]bool{}
	for _, f := range all {
		seen[f.hit.ID] = true
	}
	for _, f := range more {
		if !seen[f.hit.ID] {
			all = append(all, f)
		}
	}
	return all
}

// startsWord says whether a word of t's title or body starts with
// fragment, folded as the index folds words.
func startsWord(t indexedText, fragment string) bool {
	for _, text := range []string{t.title, t.body} {
		for _, w := range wordSpans(text) {
			if strings.HasPrefix(foldWord(text[w.start:w.end]), fragment) {
				return true
			}
		}
	}
	return false
}

type indexedText struct{ title, body string }

// searchPostBase is where the search rows of posts start; below it are
// pages', numbered by their rows.
const searchPostBase = 3000000000000

// indexedTexts reads the title and body each row of the search index was
// made from, in one statement: a row's table is given by its rowid's
// range, as the triggers of migrations 0001 and 0005–0007 number them
// (pages below searchPostBase, whose bodies are packed). A reply's title
// is its post's.
func (db *DB) indexedTexts(ctx context.Context, rowids []int64) (map[int64]indexedText, error) {
	list, err := json.Marshal(rowids)
	if err != nil {
		return nil, err
	}
	rows, err := db.db.QueryContext(ctx, `
		WITH hit (r) AS (SELECT value FROM json_each(?))
		SELECT r, title, packed_body FROM hit JOIN pages ON pages.n = r
			WHERE r < 3000000000000
		UNION ALL
		SELECT r, title, body FROM hit JOIN posts ON posts.n = r - 3000000000000
			WHERE r >= 3000000000000 AND r < 3500000000000
		UNION ALL
		SELECT r, p.title, x.body FROM hit JOIN post_replies x ON x.n = r - 3500000000000 JOIN posts p ON p.id = x.post_id
			WHERE r >= 3500000000000 AND r < 5000000000000
		UNION ALL
		SELECT r, title, description || char(10) || retrospective FROM hit JOIN goals ON goals.n = r - 5000000000000
			WHERE r >= 5000000000000 AND r < 5500000000000
		UNION ALL
		SELECT r, 'Check-in ' || date, plans || char(10) || progress || char(10) || problems || char(10) || blockers
			FROM hit JOIN checkins ON checkins.n = r - 5500000000000
			WHERE r >= 5500000000000 AND r < 6000000000000
		UNION ALL
		SELECT r, coalesce(nullif(v.summary, ''), 'Video'), t.text FROM hit JOIN transcripts t ON t.n = r - 6000000000000
			LEFT JOIN videos v ON v.hash = t.video
			WHERE r >= 6000000000000 AND r < 4000000000000000
		UNION ALL
		SELECT r, '', body FROM hit JOIN chat_messages ON chat_messages.n = r - 4000000000000000
			WHERE r >= 4000000000000000`, string(list))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := make(map[int64]indexedText, len(rowids))
	for rows.Next() {
		var r int64
		var t indexedText
		var body []byte // a page's packed body, the text of the others
		if err := rows.Scan(&r, &t.title, &body); err != nil {
			return nil, err
		}
		t.body = string(body)
		if r < searchPostBase {
			if t.body, err = unpackBody(body); err != nil {
				t.body = "" // the hit shows without a snippet; reading the page rebuilds its row
			}
		}
		out[r] = t
	}
	return out, rows.Err()
}

// transcriptAt is where in a video the first word matching a query is said.
func (db *DB) transcriptAt(ctx context.Context, video string, query []string) (int64, error) {
	var js string
	err := db.db.QueryRowContext(ctx, "SELECT words FROM transcripts WHERE video = ?", video).Scan(&js)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	if err != nil {
		return 0, err
	}
	var words []store.TranscriptWord
	if err := json.Unmarshal([]byte(js), &words); err != nil {
		return 0, err
	}
	return wordAt(words, query), nil
}

// ftsQuery turns plain words into an FTS5 query: each word a quoted
// string, the last one a prefix when prefix is set.
func ftsQuery(words []string, prefix bool) string {
	quoted := make([]string, len(words))
	for i, w := range words {
		quoted[i] = `"` + w + `"`
	}
	if prefix {
		quoted[len(quoted)-1] += "*"
	}
	return strings.Join(quoted, " ")
}
