package sqlite

import (
	"context"
	"fmt"
	"maps"
	"unicode/utf8"

	"github.com/longhand/longhand/store"
)

// The fold brings a page's document up to date in the background. An edit
// is durable once its journal row commits; applying it to the Automerge
// document costs a few microseconds per character, so a pasted megabyte
// would hold db.mu, and every keystroke on every page, for seconds. An
// edit larger than tuning.foldAbove, and every edit after it until the
// document has caught up (to keep their order), is acknowledged without
// touching the document: it joins p.pending, and the fold applies it a
// piece at a time. The fold, and the commit that follows it, work on the
// document with db.mu released; while they run the page is busy, and
// whatever reads or saves its document waits for them (waitLoadedLocked).

// foldInBackground starts the fold of a loaded page. It is not counted in
// db.loads, which Close waits on before it takes db.mu (an idle timer may
// start a fold meanwhile); Close waits for it as it flushes the page.
func (db *DB) foldInBackground(p *openPage) {
	p.busy = true
	p.ready = make(chan struct{})
	go func() {
		db.mu.Lock()
		defer db.mu.Unlock()
		db.catchUpLocked(p, false)
	}()
}

// commitSoon has the page's edits committed in the background, by its
// fold: the one running, or one started now.
func (db *DB) commitSoon(p *openPage) {
	if p.timer != nil {
		p.timer.Stop()
	}
	p.commitDue = true
	if !p.busy {
		db.foldInBackground(p)
	}
}

// catchUpLocked is the fold. It runs in the goroutine that holds p.busy,
// once p.doc is loaded: it applies the pending splices a piece at a time
// and, when a commit is due, commits them (commitAside), each with db.mu
// released. Edits made meanwhile are acknowledged as usual and join
// pending. Once nothing is left it ends p.busy. With check, or once it has
// applied anything, it makes sure the document holds as many characters as
// the page has: the splices were made on the text of the page's row, and
// a document that disagrees with it is damaged, not edited further. The
// caller holds db.mu.
func (db *DB) catchUpLocked(p *openPage, check bool) {
	ctx := context.Background()
	for {
		if db.pages[p.id] != p {
			db.doneBusyLocked(p, nil) // dropped meanwhile: who waits opens it anew
			return
		}
		if len(p.pending) > 0 {
			piece, n, rest := nextPiece(p.pending, db.tune.foldPiece)
			hook := db.tune.beforeFold
			db.mu.Unlock()
			if hook != nil {
				hook(p.id)
			}
			err := p.doc.SpliceBody(piece)
			db.mu.Lock()
			if db.pages[p.id] != p {
				continue
			}
			if err != nil {
				db.unfitLocked(p, err)
				return
			}
			// Only the fold takes from pending; edits only append to it.
			p.pending = p.pending[n:]
			if rest != nil {
				p.pending[0] = *rest
			}
			if len(p.pending) == 0 {
				p.pending = nil
			}
			check = true
			continue
		}
		if check {
			if n := p.doc.BodyLen(); n != p.length {
				db.unfitLocked(p, fmt.Errorf("its document holds %d characters after the edits made on its row's text, the page %d", n, p.length))
				return
			}
			check = false
		}
		if p.commitDue && p.dirty > 0 {
			if err := db.commitAside(ctx, p); err != nil {
				db.Logf("commit page %s: %v", p.id, err)
				if db.pages[p.id] == p {
					db.dropLocked(p.id, true) // the next load rebuilds it from what is durable
				}
			}
			continue
		}
		p.commitDue = false
		db.doneBusyLocked(p, nil)
		if p.dirty > 0 {
			db.scheduleCommit(p)
		}
		return
	}
}

// doneBusyLocked ends the page's busy spell and wakes who waits for it,
// telling them err, if any.
func (db *DB) doneBusyLocked(p *openPage, err error) {
	p.busy, p.loadErr = false, err
	close(p.ready)
}

// unfitLocked gives up a page whose acknowledged edits do not fit its
// document: it is marked damaged with the edits kept in its journal (see
// markUnfit), and dropped, and who waits for it learns why. It is marked
// while still busy, so that nobody opens it anew from its row meanwhile.
// The caller holds db.mu and p.busy.
func (db *DB) unfitLocked(p *openPage, unfit error) {
	db.Logf("page %s: %v", p.id, unfit)
	db.mu.Unlock()
	err := db.markUnfit(context.Background(), p.id)
	if err == nil {
		err = damaged(p.id, unfitReason)
	}
	db.mu.Lock()
	if db.pages[p.id] == p {
		db.dropLocked(p.id, true)
	}
	db.doneBusyLocked(p, err)
}

// commitAside commits the page's edits as commitLocked does, but with
// db.mu released while Automerge makes the change and the page is read:
// for a long page those take tenths of a second, which typing on any page
// would otherwise wait for. It reads the anchors from a copy. Edits made
// meanwhile wait in pending, and the write keeps their journal rows. The
// caller holds db.mu and p.busy, with pending empty.
func (db *DB) commitAside(ctx context.Context, p *openPage) error {
	mark := p.journaled
	p.dirty, p.commitDue = 0, false
	if p.timer != nil {
		p.timer.Stop()
	}
	cut := &openPage{id: p.id, doc: p.doc, anchors: maps.Clone(p.anchors)}
	msg, now := db.commitMessage(ctx, "edit"), db.Now()
	db.mu.Unlock()
	c, err := prepareCommit(cut, msg, now)
	db.mu.Lock()
	if err != nil || c == nil || db.pages[p.id] != p {
		return err
	}
	keep := p.journaled - mark
	if keep == 0 {
		// Nothing moved the anchors meanwhile: threads found again by
		// their quote are tracked from now on.
		p.anchors = cut.anchors
	}
	db.dropIfFails(p, db.storeCommitLocked(ctx, p, c, keep))
	return nil
}

// foldCost is what applying splices to a document costs, in characters
// deleted plus bytes inserted.
func foldCost(splices []store.Splice) int {
	n := 0
	for _, s := range splices {
		n += s.Del + len(s.Ins)
	}
	return n
}

// nextPiece returns the splices at the front of pending that cost about
// budget to apply: the first n of pending whole, then, when the next one
// is larger than what is left, its first part. rest is what remains of
// that one, to take its place in pending once the piece is applied; nil
// when none was cut. A cut splice deletes first, then inserts, in parts
// that start at the same position or, for inserted text, after the part
// before; text is cut only between characters.
func nextPiece(pending []store.Splice, budget int) (piece []store.Splice, n int, rest *store.Splice) {
	left := budget
	for n < len(pending) && left > 0 {
		s := pending[n]
		if cost := s.Del + len(s.Ins); cost <= left {
			piece = append(piece, s)
			left -= cost
			n++
			continue
		}
		if s.Del > left {
			piece = append(piece, store.Splice{Pos: s.Pos, Del: left})
			s.Del -= left
			return piece, n, &s
		}
		if s.Del > 0 {
			piece = append(piece, store.Splice{Pos: s.Pos, Del: s.Del})
			left -= s.Del
			s.Del = 0
		}
		cut := min(left, len(s.Ins))
		for cut > 0 && !utf8.RuneStart(s.Ins[cut]) {
			cut--
		}
		if cut > 0 {
			piece = append(piece, store.Splice{Pos: s.Pos, Ins: s.Ins[:cut]})
			s.Pos += utf8.RuneCountInString(s.Ins[:cut])
			s.Ins = s.Ins[cut:]
		}
		if len(piece) == 0 {
			// Not one character fits: take one anyway, so the fold moves on.
			_, size := utf8.DecodeRuneInString(s.Ins)
			piece = append(piece, store.Splice{Pos: s.Pos, Ins: s.Ins[:size]})
			s.Pos++
			s.Ins = s.Ins[size:]
		}
		return piece, n, &s
	}
	return piece, n, nil
}
