package store

import (
	"context"
	"time"
)

// TreeRow is a page as the sidebar's page tree shows it: where it is, its
// title, and how many live subpages it has, counted by the database.
type TreeRow struct {
	ID        DocID
	Title     string
	Space     DocID
	Parent    DocID // as stored; the branch it shows in may be the top (see TreeService)
	Position  string
	Children  int
	UpdatedAt time.Time
	Damaged   string
}

// Branch is a window onto one branch of a space's page tree: the subpages
// of a page, or the top of the space.
type Branch struct {
	Total  int       // rows in the whole branch
	Offset int       // index of Rows[0] in the branch
	Rows   []TreeRow // sorted by position, then ID
}

// TreeStep is one page on the way down to a page, and its index in the
// branch it shows in.
type TreeStep struct {
	ID     DocID
	Parent DocID // the branch it shows in: a page, or "" for the top of the space
	Index  int   // among the branch's rows; for a stray, among the strays
	Stray  bool  // shown at the top although it has a parent (see FindStrays)
}

// TreePath is how to reach a page in the tree: its space, and each page
// from the top of the space down to the page itself. A space's home page
// stands for the space, so its path has no steps.
type TreePath struct {
	Space DocID
	Steps []TreeStep
}

// TreeService reads a space's page tree one branch at a time, so that a
// window shows a workspace of any size without reading all of it.
//
// The tree holds the live pages that are not templates. Its top is the
// pages with no parent and those under the space's home page (the home
// page stands for the space itself), sorted by position then ID; after
// them come the strays (FindStrays).
type TreeService interface {
	// FindBranch returns at most limit rows of the subpages of parent, or
	// of the top of space when parent is "", from offset on.
	FindBranch(ctx context.Context, space, parent DocID, offset, limit int) (*Branch, error)
	// FindStrays lists the pages that show at the top of space although
	// they have a parent: their parent is missing, in the trash or in
	// another space, or they are the smallest ID of a cycle of parents.
	FindStrays(ctx context.Context, space DocID) ([]TreeRow, error)
	// FindTreePath says how to reach a page from the top of its space.
	FindTreePath(ctx context.Context, id DocID) (*TreePath, error)
	// FindTreeRows reads the rows of the given live pages; the others are
	// left out.
	FindTreeRows(ctx context.Context, ids []DocID) ([]TreeRow, error)
	// CountSpacePages counts the live pages of a space at every depth, its
	// home page among them: all that goes to the trash with the space.
	CountSpacePages(ctx context.Context, space DocID) (int, error)
	// FindAncestors returns a page's summary after those of its ancestors,
	// the top first: what its breadcrumbs show. A cycle of parents stops
	// where it would repeat (ENOTFOUND for a page that is not there).
	FindAncestors(ctx context.Context, id DocID) ([]PageSummary, error)
	// FindTitles returns at most limit live pages (not templates) whose
	// title contains query, case aside: those that start with it first,
	// then the shortest titles.
	FindTitles(ctx context.Context, query string, limit int) ([]PageSummary, error)
}

// MaxAncestors bounds how deep FindAncestors looks.
const MaxAncestors = 100
