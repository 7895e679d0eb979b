package crdt

import (
	"fmt"
	"time"

	"github.com/automerge/automerge-go"
	"github.com/longhand/longhand/store"
)

// A page document's root map:
//
//	kind       "page"
//	title      string (last writer wins)
//	body       Text, Markdown
//	space      space ID; for a subpage, the space it was last placed in
//	parent     page DocID, "" at the top of the space
//	position   order among siblings (package order)
//	template   bool
//	author     member DocID
//	createdAt  int64, Unix ms
//	deletedAt  int64, Unix ms; 0 while the page is live
//	version:<ID>  a named version: {name, heads, by, at} (see AddNamedVersion)
//	threads    comment threads (threads.go)
//	pageKind, status, owner, reviewers, decisions, ...: its review (review.go)
//
// Every map that people add entries to is created with the page: two
// devices that each created it on first use would each make their own,
// and one would win with all its entries.

// NewPage creates a page document from p's title, body, place and
// template flag.
func NewPage(p store.Page, author store.DocID, now time.Time) (*Doc, error) {
	return newMap(map[string]any{
		"kind":      string(store.KindPage),
		"title":     p.Title,
		"body":      automerge.NewText(p.Body),
		"space":     string(p.Space),
		"parent":    string(p.Parent),
		"position":  p.Position,
		"template":  p.Template,
		"author":    string(author),
		"createdAt": store.UnixMillis(now),
		"deletedAt": int64(0),
		"threads":   map[string]any{},
		"pageKind":  string(p.Kind),
		"status":    string(store.StatusDraft),
		"owner":     string(author),
		"reviewers": map[string]any{},
		"decisions": map[string]any{},
	})
}

// Page reads the page's fields. ID and UpdatedAt come from the store.
func (d *Doc) Page() (*store.Page, error) {
	var p store.Page
	var err error
	var created, deleted int64
	var author string
	if p.Title, err = d.str("title"); err != nil {
		return nil, fmt.Errorf("page title: %w", err)
	}
	if p.Body, err = d.text("body").Get(); err != nil {
		return nil, fmt.Errorf("page body: %w", err)
	}
	if author, err = d.str("author"); err != nil {
		return nil, fmt.Errorf("page author: %w", err)
	}
	if created, err = d.int("createdAt"); err != nil {
		return nil, fmt.Errorf("page createdAt: %w", err)
	}
	if deleted, err = d.int("deletedAt"); err != nil {
		return nil, fmt.Errorf("page deletedAt: %w", err)
	}
	var space, parent string
	if space, err = d.str("space"); err != nil {
		return nil, fmt.Errorf("page space: %w", err)
	}
	if parent, err = d.str("parent"); err != nil {
		return nil, fmt.Errorf("page parent: %w", err)
	}
	if p.Position, err = d.str("position"); err != nil {
		return nil, fmt.Errorf("page position: %w", err)
	}
	if p.Template, err = d.bool("template"); err != nil {
		return nil, fmt.Errorf("page template: %w", err)
	}
	var kind, status, owner string
	if kind, err = d.str("pageKind"); err != nil {
		return nil, fmt.Errorf("page kind: %w", err)
	}
	if status, err = d.str("status"); err != nil {
		return nil, fmt.Errorf("page status: %w", err)
	}
	if owner, err = d.str("owner"); err != nil {
		return nil, fmt.Errorf("page owner: %w", err)
	}
	if owner == "" {
		owner = author
	}
	p.Kind, p.Status, p.Owner = store.PageKind(kind), store.Status(status), store.DocID(owner)
	if !p.Status.Valid() {
		p.Status = store.StatusDraft
	}
	p.Space, p.Parent = store.DocID(space), store.DocID(parent)
	p.Author = store.DocID(author)
	p.CreatedAt = store.FromUnixMillis(created)
	p.DeletedAt = store.FromUnixMillis(deleted)
	return &p, nil
}

// Title returns the page title without reading the body.
func (d *Doc) Title() (string, error) { return d.str("title") }

// BodyLen returns the length of the page body in code points.
func (d *Doc) BodyLen() int { return d.text("body").Len() }

// SpliceBody applies splices to the page body in order. The caller has
// validated them against BodyLen.
func (d *Doc) SpliceBody(splices []store.Splice) error {
	t := d.text("body")
	for _, s := range splices {
		if err := t.Splice(s.Pos, s.Del, s.Ins); err != nil {
			return fmt.Errorf("splice body: %w", err)
		}
	}
	return nil
}

// SetTitle sets the page title.
func (d *Doc) SetTitle(title string) error {
	return d.am.RootMap().Set("title", title)
}

// SetPlace moves the page under parent in space, at position. The three
// are set in this order, so that two moves made on the same history
// number their operations alike and one wins all three.
func (d *Doc) SetPlace(space, parent store.DocID, position string) error {
	root := d.am.RootMap()
	for _, kv := range [][2]string{{"space", string(space)}, {"parent", string(parent)}, {"position", position}} {
		if err := root.Set(kv[0], kv[1]); err != nil {
			return fmt.Errorf("set %s: %w", kv[0], err)
		}
	}
	return nil
}

// SetPosition gives the page a new position among the same siblings, as
// a renumbering of them does (see package order); its space and parent
// stay, so that a move made concurrently elsewhere keeps its parent.
func (d *Doc) SetPosition(position string) error {
	return d.am.RootMap().Set("position", position)
}

// SetDeleted moves the page to the trash at t, or out of it when t is zero.
func (d *Doc) SetDeleted(t time.Time) error {
	return d.am.RootMap().Set("deletedAt", store.UnixMillis(t))
}
