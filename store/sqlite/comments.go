package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/longhand/longhand/store"
	"github.com/longhand/longhand/store/crdt"
	"github.com/longhand/longhand/store/textop"
)

var _ store.CommentService = (*DB)(nil)

// anchor is where a thread sits in the text of a loaded page.
type anchor struct {
	start, end int
	detached   bool
}

// mapAnchors carries the page's anchors through an edit. An anchor whose
// text is deleted entirely becomes detached where its text was.
func (p *openPage) mapAnchors(op textop.Op) {
	for id, a := range p.anchors {
		if a.detached {
			continue
		}
		s, e := op.MapRange(a.start, a.end)
		p.anchors[id] = anchor{start: s, end: e, detached: e == s && a.end > a.start}
	}
}

// loadAnchors reads the anchors of a page's threads as last stored.
func (db *DB) loadAnchors(ctx context.Context, p *openPage) error {
	rows, err := db.db.QueryContext(ctx, "SELECT id, start_pos, end_pos, detached FROM threads WHERE page_id = ?", p.id)
	if err != nil {
		return fmt.Errorf("read anchors of %s: %w", p.id, err)
	}
	defer rows.Close()
	p.anchors = map[string]anchor{}
	for rows.Next() {
		var id string
		var a anchor
		if err := rows.Scan(&id, &a.start, &a.end, &a.detached); err != nil {
			return fmt.Errorf("read anchors of %s: %w", p.id, err)
		}
		p.anchors[id] = a
	}
	return rows.Err()
}

// threadRows computes a page's threads as its rows store them: anchors
// from tracking, or, for threads tracking does not know (made on another
// device), found again by their quote.
func (p *openPage) threadRows(body string) ([]store.Thread, error) {
	threads, anchors, err := p.doc.Threads()
	if err != nil {
		return nil, err
	}
	return p.placeThreads(body, threads, anchors), nil
}

// placeThreads is threadRows with the threads and anchors read already.
func (p *openPage) placeThreads(body string, threads []store.Thread, anchors map[string]crdt.ThreadAnchor) []store.Thread {
	var text []rune
	for i := range threads {
		t := &threads[i]
		a, ok := p.anchors[t.ID]
		if !ok {
			if text == nil {
				text = []rune(body)
			}
			aq := anchors[t.ID]
			s, e, found := store.FindAnchor(text, aq.Quote, aq.Prefix, aq.Suffix, aq.Hint)
			if !found {
				s = min(aq.Hint, len(text))
				e = s
			}
			a = anchor{start: s, end: e, detached: !found}
			p.anchors[t.ID] = a
		}
		t.Page, t.Start, t.End, t.Detached = p.id, a.start, a.end, a.detached
	}
	return threads
}

// writeThreads replaces a page's thread rows.
func writeThreads(ctx context.Context, tx *sql.Tx, id store.DocID, threads []store.Thread) error {
	if _, err := tx.ExecContext(ctx, "DELETE FROM threads WHERE page_id = ?", id); err != nil {
		return fmt.Errorf("materialize threads of %s: %w", id, err)
	}
	return insertThreads(ctx, tx, id, threads)
}

// insertThreads writes a page's thread rows, of which it has none yet.
func insertThreads(ctx context.Context, tx *sql.Tx, id store.DocID, threads []store.Thread) error {
	for _, t := range threads {
		if _, err := tx.ExecContext(ctx, `
			INSERT INTO threads (id, page_id, start_pos, end_pos, detached, quote, resolved, resolved_by, resolved_at, author, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			t.ID, id, t.Start, t.End, t.Detached, t.Quote, t.Resolved, t.ResolvedBy, store.UnixMillis(t.ResolvedAt),
			t.Author, store.UnixMillis(t.CreatedAt)); err != nil {
			return fmt.Errorf("materialize thread %s: %w", t.ID, err)
		}
		for _, r := range t.Replies {
			mentions := make([]string, len(r.Mentions))
			for i, m := range r.Mentions {
				mentions[i] = string(m)
			}
			if _, err := tx.ExecContext(ctx, "INSERT INTO replies (id, thread_id, author, body, mentions, created_at) VALUES (?, ?, ?, ?, ?, ?)",
				r.ID, t.ID, r.Author, r.Body, strings.Join(mentions, ","), store.UnixMillis(r.CreatedAt)); err != nil {
				return fmt.Errorf("materialize reply %s: %w", r.ID, err)
			}
		}
	}
	return nil
}

// FindThreads lists a page's threads in the order of their place in the
// text, detached ones last.
func (db *DB) FindThreads(ctx context.Context, page store.DocID) ([]store.Thread, error) {
	if err := page.Validate(); err != nil {
		return nil, err
	}
	db.mu.Lock()
	err := db.flushLocked(ctx, page)
	db.mu.Unlock()
	if err != nil {
		return nil, err
	}
	rows, err := db.db.QueryContext(ctx, `
		SELECT t.id, t.start_pos, t.end_pos, t.detached, t.quote, t.resolved, t.resolved_by, t.resolved_at, t.author, t.created_at,
			r.id, r.author, coalesce(m.name, 'Someone'), r.body, r.mentions, r.created_at
		FROM threads t JOIN replies r ON r.thread_id = t.id LEFT JOIN members m ON m.id = r.author
		WHERE t.page_id = ?
		ORDER BY t.detached, t.start_pos, t.created_at, t.id, r.created_at, r.id`, page)
	if err != nil {
		return nil, fmt.Errorf("find threads of %s: %w", page, err)
	}
	defer rows.Close()
	out := []store.Thread{}
	for rows.Next() {
		var t store.Thread
		var r store.Reply
		var resolvedAt, created, rCreated int64
		var mentions string
		if err := rows.Scan(&t.ID, &t.Start, &t.End, &t.Detached, &t.Quote, &t.Resolved, &t.ResolvedBy, &resolvedAt, &t.Author, &created,
			&r.ID, &r.Author, &r.AuthorName, &r.Body, &mentions, &rCreated); err != nil {
			return nil, fmt.Errorf("find threads of %s: %w", page, err)
		}
		r.CreatedAt = store.FromUnixMillis(rCreated)
		for _, m := range strings.Split(mentions, ",") {
			if m != "" {
				r.Mentions = append(r.Mentions, store.DocID(m))
			}
		}
		if n := len(out); n > 0 && out[n-1].ID == t.ID {
			out[n-1].Replies = append(out[n-1].Replies, r)
			continue
		}
		t.Page, t.ResolvedAt, t.CreatedAt = page, store.FromUnixMillis(resolvedAt), store.FromUnixMillis(created)
		t.Replies = []store.Reply{r}
		out = append(out, t)
	}
	return out, rows.Err()
}

// CreateThread anchors a new thread to a range of the page's body as of
// rev, carried over the edits made since.
func (db *DB) CreateThread(ctx context.Context, page store.DocID, rev string, start, end int, body string, mentions []store.DocID) (*store.Thread, error) {
	body, err := store.ValidateComment(body)
	if err != nil {
		return nil, err
	}
	me, err := db.me(ctx)
	if err != nil {
		return nil, err
	}
	id := newID()
	err = db.changeThreads(ctx, page, "comment", func(p *openPage) error {
		s, e, err := p.mapRangeFrom(rev, start, end)
		if err != nil {
			return err
		}
		if s < 0 || e > p.length || s >= e {
			return store.Errorf(store.EINVALID, "Select some text to comment on.")
		}
		pg, err := p.doc.Page()
		if err != nil {
			return err
		}
		quote, prefix, suffix := store.AnchorQuote([]rune(pg.Body), s, e)
		now := db.Now()
		if err := p.doc.AddThread(id, crdt.ThreadAnchor{Quote: quote, Prefix: prefix, Suffix: suffix, Hint: s},
			store.Reply{ID: newID(), Author: me, Body: body, Mentions: mentions, CreatedAt: now}); err != nil {
			return err
		}
		p.anchors[id] = anchor{start: s, end: e}
		return db.noteCommented(p, me, now)
	})
	if err != nil {
		return nil, err
	}
	return db.findThread(ctx, page, id)
}

// ReplyToThread adds a reply to a thread.
func (db *DB) ReplyToThread(ctx context.Context, page store.DocID, thread string, body string, mentions []store.DocID) (*store.Thread, error) {
	body, err := store.ValidateComment(body)
	if err != nil {
		return nil, err
	}
	me, err := db.me(ctx)
	if err != nil {
		return nil, err
	}
	err = db.changeThreads(ctx, page, "reply", func(p *openPage) error {
		if !p.doc.HasThread(thread) {
			return store.Errorf(store.ENOTFOUND, "That comment thread does not exist any more.")
		}
		now := db.Now()
		if err := p.doc.AddReply(thread, store.Reply{ID: newID(), Author: me, Body: body, Mentions: mentions, CreatedAt: now}); err != nil {
			return err
		}
		return db.noteCommented(p, me, now)
	})
	if err != nil {
		return nil, err
	}
	return db.findThread(ctx, page, thread)
}

// ResolveThread resolves a thread, or reopens it.
func (db *DB) ResolveThread(ctx context.Context, page store.DocID, thread string, resolved bool) (*store.Thread, error) {
	me, err := db.me(ctx)
	if err != nil {
		return nil, err
	}
	err = db.changeThreads(ctx, page, "resolve", func(p *openPage) error {
		if !p.doc.HasThread(thread) {
			return store.Errorf(store.ENOTFOUND, "That comment thread does not exist any more.")
		}
		if !resolved {
			return p.doc.SetResolved(thread, false, "", time.Time{})
		}
		return p.doc.SetResolved(thread, true, me, db.Now())
	})
	if err != nil {
		return nil, err
	}
	return db.findThread(ctx, page, thread)
}

// noteCommented moves a reviewer who comments on a page in review to
// "commented", in the same change as the comment.
func (db *DB) noteCommented(p *openPage, me store.DocID, now time.Time) error {
	r, err := p.doc.Review()
	if err != nil {
		return err
	}
	return raiseReviewState(&reviewChange{review: r, me: me, now: now}, p.doc, store.ReviewCommented)
}

// changeThreads changes a page's threads in its document and stores the
// change with the page's pending edits.
func (db *DB) changeThreads(ctx context.Context, page store.DocID, verb string, f func(*openPage) error) error {
	db.mu.Lock()
	defer db.mu.Unlock()
	p, err := db.waitLoadedLocked(ctx, page)
	if err != nil {
		return err
	}
	if err := f(p); err != nil {
		if store.ErrorCode(err) == store.EINTERNAL {
			db.dropLocked(page, true)
		}
		return err
	}
	done, err := db.commitLocked(ctx, p, verb)
	if err != nil {
		db.dropLocked(page, true)
		return err
	}
	if done != nil {
		if err := <-done; err != nil {
			db.dropLocked(page, true)
			return err
		}
	}
	return nil
}

func (db *DB) findThread(ctx context.Context, page store.DocID, id string) (*store.Thread, error) {
	ts, err := db.FindThreads(ctx, page)
	if err != nil {
		return nil, err
	}
	for i := range ts {
		if ts[i].ID == id {
			return &ts[i], nil
		}
	}
	return nil, store.Errorf(store.ENOTFOUND, "That comment thread does not exist any more.")
}

// mapRangeFrom carries a range of the body as of rev over the edits made
// since, onto the current text.
func (p *openPage) mapRangeFrom(rev string, start, end int) (int, int, error) {
	if rev == "" || rev == p.token() {
		return start, end, nil
	}
	epoch, r, ok := parseRev(rev)
	if !ok {
		return 0, 0, store.Errorf(store.EINVALID, "%q is not a page revision.", rev)
	}
	if epoch != p.epoch || r > p.rev || len(p.history) == 0 || r < p.history[0].rev-1 {
		return 0, 0, store.Errorf(store.ECONFLICT, "The page changed too much since the text was selected; select it again.")
	}
	for _, h := range p.history[len(p.history)-int(p.rev-r):] {
		start, end = h.op.MapRange(start, end)
	}
	return start, end, nil
}

// newID makes a thread or reply ID: random, like a document's.
func newID() string { return string(store.NewDocID()) }
