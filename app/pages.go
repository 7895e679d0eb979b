package app

import (
	"context"
	"strings"

	"github.com/longhand/longhand/store"
)

// Pages is the bound service for pages. Each method is thin: it checks its
// input, calls the store, converts the result and announces the change.
type Pages struct {
	ctx     context.Context
	pages   store.PageService
	history store.HistoryService
	spaces  store.SpaceService
	search  store.SearchService
	events  Emitter
}

// NewPages returns the pages service.
func NewPages(ctx context.Context, pages store.PageService, history store.HistoryService, spaces store.SpaceService, search store.SearchService, events Emitter) *Pages {
	return &Pages{ctx: ctx, pages: pages, history: history, spaces: spaces, search: search, events: events}
}

// List returns the live pages, most recently updated first.
func (s *Pages) List() ([]PageSummary, error) {
	return s.list(store.PageFilter{})
}

// Recent returns at most limit live pages, most recently updated first:
// what a window knows at start, instead of every page (List).
func (s *Pages) Recent(limit int) ([]PageSummary, error) {
	if limit <= 0 || limit > 1000 {
		limit = 1000
	}
	return s.list(store.PageFilter{Limit: limit})
}

// Crumbs returns a page's summary after those of its ancestors, the top
// first: what a window needs to show a page it did not know, and its
// breadcrumbs.
func (s *Pages) Crumbs(id string) ([]PageSummary, error) {
	return summaryViews(s.tree().FindAncestors(s.ctx, store.DocID(id)))
}

// Titles returns at most limit live pages whose title contains query,
// those starting with it first: for [[ completion and page pickers.
func (s *Pages) Titles(query string, limit int) ([]PageSummary, error) {
	return summaryViews(s.tree().FindTitles(s.ctx, query, limit))
}

// Trash returns the pages in the trash, most recently deleted first.
func (s *Pages) Trash() ([]PageSummary, error) {
	return s.list(store.PageFilter{Trashed: true})
}

func (s *Pages) list(f store.PageFilter) ([]PageSummary, error) {
	return summaryViews(s.pages.FindPages(s.ctx, f))
}

// Open returns a page with its body.
func (s *Pages) Open(id string) (PageView, error) {
	p, err := s.pages.FindPage(s.ctx, store.DocID(id))
	if err != nil {
		return PageView{}, err
	}
	return pageView(p), nil
}

// Create makes a new page and returns it.
func (s *Pages) Create(in NewPageInput) (PageView, error) {
	np := store.NewPage{Title: in.Title, Space: store.DocID(in.SpaceID), Parent: store.DocID(in.ParentID), From: in.From}
	if np.Space == "" && np.Parent == "" {
		spaces, err := s.spaces.FindSpaces(s.ctx)
		if err != nil {
			return PageView{}, err
		}
		if len(spaces) == 0 {
			return PageView{}, store.Errorf(store.EFORBIDDEN, "Set up your workspace first: it has no space to put the page in.")
		}
		np.Space = spaces[0].ID
	}
	return s.create(np)
}

// SaveAsTemplate copies a page into a new template of the same name.
func (s *Pages) SaveAsTemplate(id string) (PageView, error) {
	p, err := s.pages.FindPage(s.ctx, store.DocID(id))
	if err != nil {
		return PageView{}, err
	}
	if p.Template {
		return PageView{}, store.Errorf(store.ECONFLICT, "This page is a template already.")
	}
	return s.create(store.NewPage{Title: p.Title, Body: p.Body, Space: p.Space, From: string(p.ID), Template: true})
}

func (s *Pages) create(np store.NewPage) (PageView, error) {
	p, err := s.pages.CreatePage(s.ctx, np)
	if err != nil {
		return PageView{}, err
	}
	s.created(p)
	return pageView(p), nil
}

// Templates lists the templates for new pages: the builtin ones, then
// those saved from pages.
func (s *Pages) Templates() ([]TemplateView, error) {
	ts, err := s.pages.FindTemplates(s.ctx)
	if err != nil {
		return nil, err
	}
	out := make([]TemplateView, len(ts))
	for i, t := range ts {
		out[i] = TemplateView{ID: t.ID, Name: t.Name, Description: t.Description, Builtin: store.IsBuiltinTemplate(t.ID)}
	}
	return out, nil
}

// Backlinks lists the pages that link here with [[this page's title]].
func (s *Pages) Backlinks(id string) ([]PageSummary, error) {
	return summaryViews(s.pages.FindBacklinks(s.ctx, store.DocID(id)))
}

// ResolveLink finds the page a [[title]] link names; not_found when none
// has that title yet.
func (s *Pages) ResolveLink(title string) (PageSummary, error) {
	p, err := s.pages.FindPageByTitle(s.ctx, title)
	if err != nil {
		return PageSummary{}, err
	}
	return summaryView(*p), nil
}

// Versions lists a page's history: runs of changes by one person, newest
// first.
func (s *Pages) Versions(id string) ([]VersionView, error) {
	vs, err := s.history.FindVersions(s.ctx, store.DocID(id))
	if err != nil {
		return nil, err
	}
	out := make([]VersionView, len(vs))
	for i, v := range vs {
		out[i] = versionView(v)
	}
	return out, nil
}

// NameVersion names the page as it is now ("Sent to legal"), so that it
// can be found, compared and restored later.
func (s *Pages) NameVersion(id, name string) (VersionView, error) {
	v, err := s.history.NameVersion(s.ctx, store.DocID(id), name)
	if err != nil {
		return VersionView{}, err
	}
	return versionView(*v), nil
}

// Version returns the page as it was at a version, to read or compare.
func (s *Pages) Version(id, version string) (PageView, error) {
	p, err := s.history.FindVersion(s.ctx, store.DocID(id), version)
	if err != nil {
		return PageView{}, err
	}
	return pageView(p), nil
}

// RestoreVersion makes a page read as it did at a version, with new
// changes on top, announced like any edit and rename.
func (s *Pages) RestoreVersion(id, version string) (PageView, error) {
	old, err := s.history.FindVersion(s.ctx, store.DocID(id), version)
	if err != nil {
		return PageView{}, err
	}
	cur, err := s.pages.FindPage(s.ctx, store.DocID(id))
	if err != nil {
		return PageView{}, err
	}
	if cur.InTrash() {
		return PageView{}, store.Errorf(store.ECONFLICT, "Restore the page from the trash first.")
	}
	if sp, changed := store.SpliceBetween(cur.Body, old.Body); changed {
		if _, err := s.Edit(id, "restore", cur.Rev, []Splice{sp}); err != nil {
			return PageView{}, err
		}
	}
	if old.Title != cur.Title {
		if _, err := s.Rename(id, old.Title); err != nil {
			return PageView{}, err
		}
	}
	return s.Open(id)
}

// Move puts a page, with its subpages, somewhere else in the tree.
func (s *Pages) Move(id string, to MoveInput) (PageSummary, error) {
	p, err := s.pages.MovePage(s.ctx, store.DocID(id), store.PageMove{
		Space: store.DocID(to.SpaceID), Parent: store.DocID(to.ParentID), Before: store.DocID(to.BeforeID)})
	if err != nil {
		return PageSummary{}, err
	}
	v := summaryView(p.Summary())
	s.announce(PageChanged{Kind: ChangeMoved, Page: v, Rev: p.Rev})
	return v, nil
}

// Rename changes a page's title.
func (s *Pages) Rename(id, title string) (PageSummary, error) {
	p, err := s.pages.UpdatePage(s.ctx, store.DocID(id), store.PageUpdate{Title: &title})
	if err != nil {
		return PageSummary{}, err
	}
	v := summaryView(p.Summary())
	s.announce(PageChanged{Kind: ChangeRenamed, Page: v, Rev: p.Rev})
	return v, nil
}

// Edit applies an editor's splices to a page body and returns once they
// are durable. clientID names the editor so that it can recognise its own
// change among the events; base is the revision that editor last saw.
func (s *Pages) Edit(id, clientID, base string, splices []Splice) (EditView, error) {
	if base == "" {
		return EditView{}, store.Errorf(store.EINVALID, "An edit must say which revision it was made on.")
	}
	res, err := s.pages.EditPage(s.ctx, store.DocID(id), store.Edit{Base: base, Splices: splices})
	if err != nil {
		return EditView{}, err
	}
	v := EditView{PrevRev: res.PrevRev, Rev: res.Rev, Rebased: res.Rebased, Page: summaryView(res.Page)}
	s.announce(PageChanged{Kind: ChangeEdited, Page: v.Page, Origin: clientID, PrevRev: res.PrevRev, Rev: res.Rev, Splices: res.Splices})
	return v, nil
}

// saved announces that a page's row was refreshed from its document. The
// store calls it after folding edits.
func (s *Pages) saved(p store.PageSummary) {
	s.announce(PageChanged{Kind: ChangeSaved, Page: summaryView(p)})
}

// Delete moves a page, with its subpages, to the trash.
func (s *Pages) Delete(id string) error {
	return s.move(id, ChangeTrashed, s.pages.DeletePage)
}

// Restore takes a page out of the trash, with the subpages trashed with it.
func (s *Pages) Restore(id string) error {
	return s.move(id, ChangeRestored, s.pages.RestorePage)
}

// Purge deletes a page in the trash for good.
func (s *Pages) Purge(id string) error {
	if err := s.pages.PurgePage(s.ctx, store.DocID(id)); err != nil {
		return err
	}
	s.announce(PageChanged{Kind: ChangePurged, Page: PageSummary{ID: id}})
	return nil
}

// move trashes or restores pages and announces each one that moved, also
// when a later one failed.
func (s *Pages) move(id, kind string, f func(context.Context, store.DocID) ([]store.DocID, error)) error {
	ids, err := f(s.ctx, store.DocID(id))
	for _, x := range ids {
		p, ferr := s.pages.FindPage(s.ctx, x)
		if ferr != nil {
			return ferr
		}
		s.announce(PageChanged{Kind: kind, Page: summaryView(p.Summary()), Rev: p.Rev})
	}
	return err
}

// Search finds pages by their words; the last word matches as a prefix.
func (s *Pages) Search(query string) ([]SearchHit, error) {
	if strings.TrimSpace(query) == "" {
		return []SearchHit{}, nil
	}
	hits, err := s.search.Search(s.ctx, query, 30)
	if err != nil {
		return nil, err
	}
	out := make([]SearchHit, len(hits))
	for i, h := range hits {
		out[i] = SearchHit{ID: string(h.ID), Kind: string(h.Kind), Title: h.Title, Snippet: h.Snippet, AtMs: h.At}
	}
	return out, nil
}

// created tells every window about a page just made.
func (s *Pages) created(p *store.Page) {
	s.announce(PageChanged{Kind: ChangeCreated, Page: summaryView(p.Summary()), Rev: p.Rev})
}

func (s *Pages) announce(ev PageChanged) {
	if ev.Splices == nil {
		ev.Splices = []Splice{}
	}
	s.events.Emit(EventPageChanged, ev)
}

// tree is the store's page tree; the stand-in for a store that could not
// open has one too, which answers with the reason.
func (s *Pages) tree() store.TreeService {
	if t, ok := s.pages.(store.TreeService); ok {
		return t
	}
	return unavailable{store.Errorf(store.EUNAVAILABLE, "The page tree cannot be read here.")}
}

// Branch returns rows offset to offset+limit of a branch of the page tree:
// the subpages of parentId, or the top of spaceId when parentId is "".
// The sidebar reads the tree this way, a branch when it opens and a window
// of it as it scrolls, never the whole workspace.
func (s *Pages) Branch(spaceID, parentID string, offset, limit int) (BranchView, error) {
	b, err := s.tree().FindBranch(s.ctx, store.DocID(spaceID), store.DocID(parentID), offset, limit)
	if err != nil {
		return BranchView{}, err
	}
	rows, _ := treeRowViews(b.Rows, nil)
	return BranchView{Total: b.Total, Offset: b.Offset, Rows: rows}, nil
}

// Strays lists the pages that show at the top of a space although they
// have a parent: one that is missing, in the trash or elsewhere, or a
// cycle of parents (shown from its smallest id). Usually none.
func (s *Pages) Strays(spaceID string) ([]TreeRowView, error) {
	return treeRowViews(s.tree().FindStrays(s.ctx, store.DocID(spaceID)))
}

// TreePath says how to reach a page in the tree, to reveal it.
func (s *Pages) TreePath(id string) (TreePathView, error) {
	p, err := s.tree().FindTreePath(s.ctx, store.DocID(id))
	if err != nil {
		return TreePathView{}, err
	}
	out := TreePathView{SpaceID: string(p.Space), Steps: make([]TreeStepView, len(p.Steps))}
	for i, st := range p.Steps {
		out.Steps[i] = TreeStepView{ID: string(st.ID), ParentID: string(st.Parent), Index: st.Index, Stray: st.Stray}
	}
	return out, nil
}

// TreeRows reads the tree rows of live pages by id, to refresh their
// titles and counts after a change; pages not in the tree are left out.
func (s *Pages) TreeRows(ids []string) ([]TreeRowView, error) {
	ds := make([]store.DocID, len(ids))
	for i, id := range ids {
		ds[i] = store.DocID(id)
	}
	return treeRowViews(s.tree().FindTreeRows(s.ctx, ds))
}
