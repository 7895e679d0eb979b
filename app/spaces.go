package app

import (
	"context"

	"github.com/longhand/longhand/store"
)

// Spaces is the bound service for the spaces of the knowledge base.
type Spaces struct {
	ctx    context.Context
	spaces store.SpaceService
	pages  store.PageService
	events Emitter
}

// NewSpaces returns the spaces service.
func NewSpaces(ctx context.Context, spaces store.SpaceService, pages store.PageService, events Emitter) *Spaces {
	return &Spaces{ctx: ctx, spaces: spaces, pages: pages, events: events}
}

// List returns the live spaces in their order.
func (s *Spaces) List() ([]SpaceView, error) {
	return spaceViews(s.spaces.FindSpaces(s.ctx))
}

// Trash returns the spaces in the trash, most recently deleted first.
func (s *Spaces) Trash() ([]SpaceView, error) {
	return spaceViews(s.spaces.FindTrashedSpaces(s.ctx))
}

func spaceViews(sps []store.Space, err error) ([]SpaceView, error) {
	if err != nil {
		return nil, err
	}
	out := make([]SpaceView, len(sps))
	for i, sp := range sps {
		out[i] = spaceView(sp)
	}
	return out, nil
}

// Create adds a space with a home page.
func (s *Spaces) Create(name, description, icon string) (SpaceView, error) {
	sp, err := s.spaces.CreateSpace(s.ctx, name, description, icon)
	if err != nil {
		return SpaceView{}, err
	}
	v := spaceView(*sp)
	s.events.Emit(EventSpaceCreated, v)
	return v, nil
}

// Update changes a space's name, description and icon. A home page that
// still carries the space's old name takes the new one.
func (s *Spaces) Update(id string, in SpaceInput) (SpaceView, error) {
	old, err := s.find(id)
	if err != nil {
		return SpaceView{}, err
	}
	sp, err := s.spaces.UpdateSpace(s.ctx, store.DocID(id), store.SpaceUpdate{Name: &in.Name, Description: &in.Description, Icon: &in.Icon})
	if err != nil {
		return SpaceView{}, err
	}
	v := spaceView(*sp)
	s.events.Emit(EventSpaceChanged, SpaceChanged{Kind: SpaceUpdated, Space: v})
	if sp.Name != old.Name {
		if home, err := s.pages.FindPage(s.ctx, sp.Home); err == nil && home.Title == old.Name {
			if p, err := s.pages.UpdatePage(s.ctx, sp.Home, store.PageUpdate{Title: &sp.Name}); err == nil {
				s.announcePage(ChangeRenamed, p)
			}
		}
	}
	return v, nil
}

// Move puts a space just before beforeId in the sidebar, or last when
// beforeId is "". It returns every space whose position changed, the
// moved one last.
func (s *Spaces) Move(id, beforeID string) ([]SpaceView, error) {
	sps, err := s.spaces.MoveSpace(s.ctx, store.DocID(id), store.DocID(beforeID))
	if err != nil {
		return nil, err
	}
	out := make([]SpaceView, len(sps))
	for i, sp := range sps {
		out[i] = spaceView(sp)
		s.events.Emit(EventSpaceChanged, SpaceChanged{Kind: SpaceMoved, Space: out[i]})
	}
	return out, nil
}

// Delete moves a space to the trash, with its pages.
func (s *Spaces) Delete(id string) error {
	return s.change(id, SpaceTrashed, ChangeTrashed, s.spaces.DeleteSpace)
}

// Restore takes a space out of the trash, with the pages that went there with it.
func (s *Spaces) Restore(id string) error {
	return s.change(id, SpaceRestored, ChangeRestored, s.spaces.RestoreSpace)
}

// Purge deletes a space in the trash, and all its pages, for good.
func (s *Spaces) Purge(id string) error {
	sp, err := s.find(id)
	if err != nil {
		return err
	}
	ids, err := s.spaces.PurgeSpace(s.ctx, store.DocID(id))
	if err != nil {
		return err
	}
	for _, x := range ids {
		s.events.Emit(EventPageChanged, PageChanged{Kind: ChangePurged, Page: PageSummary{ID: string(x)}, Splices: []Splice{}})
	}
	s.events.Emit(EventSpaceChanged, SpaceChanged{Kind: SpacePurged, Space: sp})
	return nil
}

// change trashes or restores a space and its pages, and announces the
// space and each page that moved, also when a later page failed.
func (s *Spaces) change(id, spaceKind, pageKind string, f func(context.Context, store.DocID) ([]store.DocID, error)) error {
	if _, err := s.find(id); err != nil {
		return err
	}
	ids, err := f(s.ctx, store.DocID(id))
	if sp, ferr := s.find(id); ferr == nil && (sp.DeletedAt != "") == (spaceKind == SpaceTrashed) {
		s.events.Emit(EventSpaceChanged, SpaceChanged{Kind: spaceKind, Space: sp})
	}
	for _, x := range ids {
		p, ferr := s.pages.FindPage(s.ctx, x)
		if ferr != nil {
			return ferr
		}
		s.announcePage(pageKind, p)
	}
	return err
}

// find returns a space, live or in the trash.
func (s *Spaces) find(id string) (SpaceView, error) {
	for _, list := range []func(context.Context) ([]store.Space, error){s.spaces.FindSpaces, s.spaces.FindTrashedSpaces} {
		sps, err := list(s.ctx)
		if err != nil {
			return SpaceView{}, err
		}
		for _, sp := range sps {
			if string(sp.ID) == id {
				return spaceView(sp), nil
			}
		}
	}
	return SpaceView{}, store.Errorf(store.ENOTFOUND, "That space does not exist any more.")
}

func (s *Spaces) announcePage(kind string, p *store.Page) {
	s.events.Emit(EventPageChanged, PageChanged{Kind: kind, Page: summaryView(p.Summary()), Rev: p.Rev, Splices: []Splice{}})
}

// PageCount counts a space's live pages at every depth, its home page
// among them, for "its N pages go with it".
func (s *Spaces) PageCount(id string) (int, error) {
	t, ok := s.pages.(store.TreeService)
	if !ok {
		t = unavailable{store.Errorf(store.EUNAVAILABLE, "Pages cannot be counted here.")}
	}
	return t.CountSpacePages(s.ctx, store.DocID(id))
}
