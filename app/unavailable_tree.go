package app

import (
	"context"

	"github.com/longhand/longhand/store"
)

var _ store.TreeService = unavailable{}

func (u unavailable) FindBranch(context.Context, store.DocID, store.DocID, int, int) (*store.Branch, error) {
	return nil, u.err
}
func (u unavailable) FindStrays(context.Context, store.DocID) ([]store.TreeRow, error) {
	return nil, u.err
}
func (u unavailable) FindTreePath(context.Context, store.DocID) (*store.TreePath, error) {
	return nil, u.err
}
func (u unavailable) FindTreeRows(context.Context, []store.DocID) ([]store.TreeRow, error) {
	return nil, u.err
}
func (u unavailable) CountSpacePages(context.Context, store.DocID) (int, error) { return 0, u.err }
func (u unavailable) FindAncestors(context.Context, store.DocID) ([]store.PageSummary, error) {
	return nil, u.err
}
func (u unavailable) FindTitles(context.Context, string, int) ([]store.PageSummary, error) {
	return nil, u.err
}
