package app

import (
	"context"

	"github.com/longhand/longhand/store"
)

// Spaces is the bound service for the spaces of the knowledge base.
type Spaces struct {
	ctx    context.Context
	spaces store.SpaceService
	events Emitter
}

// NewSpaces returns the spaces service.
func NewSpaces(ctx context.Context, spaces store.SpaceService, events Emitter) *Spaces {
	return &Spaces{ctx: ctx, spaces: spaces, events: events}
}

// List returns the spaces in the order they were made.
func (s *Spaces) List() ([]SpaceView, error) {
	sps, err := s.spaces.FindSpaces(s.ctx)
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
