package app

import (
	"context"
	"time"

	"github.com/longhand/longhand/store"
	"github.com/longhand/longhand/store/amio"
	"github.com/longhand/longhand/store/sqlite"
)

// AutomergeStore is what Automerge export and import read and write.
type AutomergeStore interface {
	amio.Source
	amio.Sink
	FindDocs(ctx context.Context) ([]sqlite.DocRef, error)
	FindSession(ctx context.Context) (*store.Session, error)
	FindPages(ctx context.Context, f store.PageFilter) ([]store.PageSummary, error)
}

// AutomergeView says what an Automerge export or import did.
type AutomergeView struct {
	Path    string        `json:"path"`
	Docs    int           `json:"docs"`    // documents written, or pages made
	FirstID string        `json:"firstId"` // the first page an import made; "" if none
	Skipped []SkippedFile `json:"skipped"`
}

// Automerge export scopes.
const (
	ScopePage      = "page"      // a page and its subpages
	ScopeSpace     = "space"     // a space's pages
	ScopeWorkspace = "workspace" // every document: workspace, profiles, pages, channels, posts, chats, goals
)

// ExportAutomerge writes documents as standard Automerge files, with a
// manifest of their kinds and heads, into a new folder inside dir (full
// path): a page and its subpages (scope "page", id the page), a space's
// pages ("space", id the space) or the whole workspace ("workspace").
func (s *Transfer) ExportAutomerge(scope, id, dir string) (AutomergeView, error) {
	if s.am == nil {
		return AutomergeView{}, store.Errorf(store.EUNAVAILABLE, "The workspace is not open.")
	}
	if err := checkPath(dir); err != nil {
		return AutomergeView{}, err
	}
	sess, err := s.am.FindSession(s.ctx)
	if err != nil || sess.Workspace == nil {
		return AutomergeView{}, store.Errorf(store.EUNAVAILABLE, "The workspace is not set up yet.")
	}
	var ids []store.DocID
	var name string
	switch scope {
	case ScopeWorkspace:
		refs, err := s.am.FindDocs(s.ctx)
		if err != nil {
			return AutomergeView{}, err
		}
		for _, r := range refs {
			ids = append(ids, r.ID)
		}
		name = sess.Workspace.Name + " (Automerge)"
	case ScopeSpace:
		sp, err := s.space(id)
		if err != nil {
			return AutomergeView{}, err
		}
		pages, err := s.am.FindPages(s.ctx, store.PageFilter{Space: sp.ID})
		if err != nil {
			return AutomergeView{}, err
		}
		for _, p := range pages {
			ids = append(ids, p.ID)
		}
		name = sp.Name + " (Automerge)"
	case ScopePage:
		p, err := s.am.FindPage(s.ctx, store.DocID(id))
		if err != nil {
			return AutomergeView{}, err
		}
		pages, err := s.am.FindPages(s.ctx, store.PageFilter{Space: p.Space})
		if err != nil {
			return AutomergeView{}, err
		}
		ids = subtree(p.ID, pages)
		name = p.Title + " (Automerge)"
	default:
		return AutomergeView{}, store.Errorf(store.EINVALID, "Export a page, a space or the workspace.")
	}
	rep, err := amio.Export(s.ctx, s.am, sess.Workspace.ID, ids, dir, name, time.Now())
	if err != nil {
		return AutomergeView{}, err
	}
	return AutomergeView{Path: rep.Path, Docs: rep.Docs, Skipped: []SkippedFile{}}, nil
}

// subtree is a page and every page under it, parents first.
func subtree(top store.DocID, pages []store.PageSummary) []store.DocID {
	kids := map[store.DocID][]store.DocID{}
	for _, p := range pages {
		kids[p.Parent] = append(kids[p.Parent], p.ID)
	}
	out := []store.DocID{top}
	for i := 0; i < len(out); i++ {
		out = append(out, kids[out[i]]...)
	}
	return out
}

// ImportAutomerge makes a page in a space of each page document of an
// Automerge export (dir, full path) with its whole history: the pages of
// another workspace, or this one's again. Other documents are listed as
// skipped.
func (s *Transfer) ImportAutomerge(spaceID, dir string) (AutomergeView, error) {
	if s.am == nil {
		return AutomergeView{}, store.Errorf(store.EUNAVAILABLE, "The workspace is not open.")
	}
	if err := checkPath(dir); err != nil {
		return AutomergeView{}, err
	}
	sp, err := s.space(spaceID)
	if err != nil {
		return AutomergeView{}, err
	}
	rep, err := amio.Import(s.ctx, announcingAdopter{s.am, s.pages}, sp.ID, dir)
	if err != nil {
		return AutomergeView{}, err
	}
	v := AutomergeView{Path: rep.Path, Docs: rep.Docs, Skipped: skippedViews(rep.Skipped)}
	if len(rep.Pages) > 0 {
		v.FirstID = string(rep.Pages[0])
	}
	return v, nil
}

// announcingAdopter announces each page an Automerge import makes.
type announcingAdopter struct {
	amio.Sink
	pages *Pages
}

func (a announcingAdopter) AdoptPage(ctx context.Context, snapshot []byte, space, parent store.DocID) (*store.Page, string, error) {
	p, heads, err := a.Sink.AdoptPage(ctx, snapshot, space, parent)
	if err != nil {
		return nil, "", err
	}
	a.pages.created(p)
	return p, heads, nil
}
