package app

import (
	"time"

	"github.com/longhand/longhand/store"
)

// Splice is one text edit, in Unicode code points: delete Del characters
// at Pos, then insert Ins there.
type Splice = store.Splice

// SessionView tells the frontend who is using the app and where.
type SessionView struct {
	Ready          bool   `json:"ready"` // false until the first run's setup is done
	WorkspaceName  string `json:"workspaceName"`
	MeID           string `json:"meId"`
	MeName         string `json:"meName"`
	TimeZone       string `json:"timeZone"`
	SystemTimeZone string `json:"systemTimeZone"` // to prefill the setup form
	DataDir        string `json:"dataDir"`
	// Guest: the person may read and comment on pages, not change them,
	// so pages open for reading and nothing offers to edit them.
	Guest       bool     `json:"guest"`
	GuestSpaces []string `json:"guestSpaces"` // the spaces a guest may read
}

// PageSummary is a page as lists and the page tree show it. A tree is
// built from spaceId, parentId and position: siblings sort by position,
// then by id.
type PageSummary struct {
	ID        string `json:"id"`
	Title     string `json:"title"`
	Excerpt   string `json:"excerpt"`
	SpaceID   string `json:"spaceId"`
	ParentID  string `json:"parentId"` // "" at the top of its space
	Position  string `json:"position"`
	Template  bool   `json:"template"`
	Kind      string `json:"kind"`      // "" for a document, "meeting"
	Status    string `json:"status"`    // draft, review or decided
	OwnerID   string `json:"ownerId"`   // who answers for it
	UpdatedAt string `json:"updatedAt"` // RFC 3339
	DeletedAt string `json:"deletedAt"` // RFC 3339, "" unless in the trash
	Damaged   string `json:"damaged"`   // why the page cannot be edited; "" when healthy
}

// PageView is a page opened in the editor.
type PageView struct {
	ID        string `json:"id"`
	Title     string `json:"title"`
	Body      string `json:"body"`
	SpaceID   string `json:"spaceId"`
	ParentID  string `json:"parentId"`
	Position  string `json:"position"`
	Template  bool   `json:"template"`
	Kind      string `json:"kind"`
	Status    string `json:"status"`
	OwnerID   string `json:"ownerId"`
	Rev       string `json:"rev"` // the body's revision: send it as the base of the next edit
	CreatedAt string `json:"createdAt"`
	UpdatedAt string `json:"updatedAt"`
	DeletedAt string `json:"deletedAt"`
	Damaged   string `json:"damaged"`
}

// EditView is the answer to an edit.
type EditView struct {
	PrevRev string      `json:"prevRev"`
	Rev     string      `json:"rev"`
	Rebased bool        `json:"rebased"` // the edit was made on an older revision: the editor must reload the body
	Page    PageSummary `json:"page"`
}

// SearchHit is one search result.
type SearchHit struct {
	ID      string `json:"id"`
	Kind    string `json:"kind"`
	Title   string `json:"title"`
	Snippet string `json:"snippet"` // plain text; matched terms wrapped in \u0002 and \u0003
	// AtMs is, for a video found by its transcript (kind "video", id its
	// hash), where the first matched word is said.
	AtMs int64 `json:"atMs"`
}

// ErrorView is what a rejected call carries to the frontend.
type ErrorView struct {
	Code    string `json:"code"`
	Message string `json:"message"`
	DataDir string `json:"dataDir,omitempty"` // with code unavailable: the data folder in question
}

func formatTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339Nano)
}

func summaryView(p store.PageSummary) PageSummary {
	return PageSummary{
		ID:        string(p.ID),
		Title:     p.Title,
		Excerpt:   p.Excerpt,
		SpaceID:   string(p.Space),
		ParentID:  string(p.Parent),
		Position:  p.Position,
		Template:  p.Template,
		Kind:      string(p.Kind),
		Status:    string(p.Status),
		OwnerID:   string(p.Owner),
		UpdatedAt: formatTime(p.UpdatedAt),
		DeletedAt: formatTime(p.DeletedAt),
		Damaged:   p.Damaged,
	}
}

func summaryViews(ps []store.PageSummary, err error) ([]PageSummary, error) {
	if err != nil {
		return nil, err
	}
	out := make([]PageSummary, len(ps))
	for i, p := range ps {
		out[i] = summaryView(p)
	}
	return out, nil
}

func pageView(p *store.Page) PageView {
	return PageView{
		ID:        string(p.ID),
		Title:     p.Title,
		Body:      p.Body,
		SpaceID:   string(p.Space),
		ParentID:  string(p.Parent),
		Position:  p.Position,
		Template:  p.Template,
		Kind:      string(p.Kind),
		Status:    string(p.Status),
		OwnerID:   string(p.Owner),
		Rev:       p.Rev,
		CreatedAt: formatTime(p.CreatedAt),
		UpdatedAt: formatTime(p.UpdatedAt),
		DeletedAt: formatTime(p.DeletedAt),
		Damaged:   p.Damaged,
	}
}

// NewPageInput says what a new page starts as.
type NewPageInput struct {
	Title    string `json:"title"`
	SpaceID  string `json:"spaceId"`  // "" with no parent: the first space
	ParentID string `json:"parentId"` // "" for the top of the space
	From     string `json:"from"`     // a template ID to start from, or ""
}

// MoveInput says where a page goes: under parentId ("" for the top) in
// spaceId, just before beforeId ("" for last). Its subpages go with it.
type MoveInput struct {
	SpaceID  string `json:"spaceId"`
	ParentID string `json:"parentId"`
	BeforeID string `json:"beforeId"`
}

// SpaceView is a space of the knowledge base.
type SpaceView struct {
	ID          string `json:"id"`
	Name        string `json:"name"`
	Description string `json:"description"`
	Icon        string `json:"icon"`
	HomeID      string `json:"homeId"`   // its starter page
	Position    string `json:"position"` // spaces sort by position, then createdAt, then id
	CreatedAt   string `json:"createdAt"`
	DeletedAt   string `json:"deletedAt"` // RFC 3339, "" unless in the trash
	Empty       bool   `json:"empty"`     // no page yet but its home
}

// SpaceInput is what a space's settings dialog sends.
type SpaceInput struct {
	Name        string `json:"name"`
	Description string `json:"description"`
	Icon        string `json:"icon"`
}

// TemplateView is a template offered for a new page.
type TemplateView struct {
	ID          string `json:"id"`
	Name        string `json:"name"`
	Description string `json:"description"`
	Builtin     bool   `json:"builtin"`
}

func spaceView(s store.Space) SpaceView {
	return SpaceView{ID: string(s.ID), Name: s.Name, Description: s.Description, Icon: s.Icon, HomeID: string(s.Home),
		Position: s.Position, CreatedAt: formatTime(s.CreatedAt), DeletedAt: formatTime(s.DeletedAt), Empty: s.Empty}
}

// VersionView is a version of a page in its history.
type VersionView struct {
	ID         string `json:"id"`
	AuthorID   string `json:"authorId"`
	AuthorName string `json:"authorName"`
	Start      string `json:"start"` // RFC 3339
	End        string `json:"end"`
	Changes    int    `json:"changes"` // 0 for a name given to a state that ends no change of its own
	// A named version ("Sent to legal"): its name, who named it and when.
	Name        string `json:"name"`
	NamedByID   string `json:"namedById"`
	NamedByName string `json:"namedByName"`
	NamedAt     string `json:"namedAt"`
}

func versionView(v store.Version) VersionView {
	return VersionView{ID: v.ID, AuthorID: string(v.Author), AuthorName: v.AuthorName,
		Start: formatTime(v.Start), End: formatTime(v.End), Changes: v.Changes,
		Name: v.Name, NamedByID: string(v.NamedBy), NamedByName: v.NamedByName, NamedAt: formatTime(v.NamedAt)}
}

// TreeRowView is a page as the sidebar's page tree shows it, with how many
// live subpages it has (counted by the database, not by loading them).
type TreeRowView struct {
	ID        string `json:"id"`
	Title     string `json:"title"`
	SpaceID   string `json:"spaceId"`
	ParentID  string `json:"parentId"` // as stored: a row at the top may have a parent (see Pages.Strays)
	Position  string `json:"position"`
	Children  int    `json:"children"`
	UpdatedAt string `json:"updatedAt"`
	Damaged   string `json:"damaged"`
}

// BranchView is a window onto a branch of the tree: rows offset to
// offset+len(rows) of the total, sorted by position, then id.
type BranchView struct {
	Total  int           `json:"total"`
	Offset int           `json:"offset"`
	Rows   []TreeRowView `json:"rows"`
}

// TreeStepView is one page on the way down to a page: the branch it shows
// in (parentId, "" for the top of the space) and its index there; for a
// stray, its index among the strays.
type TreeStepView struct {
	ID       string `json:"id"`
	ParentID string `json:"parentId"`
	Index    int    `json:"index"`
	Stray    bool   `json:"stray"`
}

// TreePathView is how to reach a page in the tree, from the top of its
// space down to the page itself; no steps for a space's home page.
type TreePathView struct {
	SpaceID string         `json:"spaceId"`
	Steps   []TreeStepView `json:"steps"`
}

func treeRowView(r store.TreeRow) TreeRowView {
	return TreeRowView{ID: string(r.ID), Title: r.Title, SpaceID: string(r.Space), ParentID: string(r.Parent),
		Position: r.Position, Children: r.Children, UpdatedAt: formatTime(r.UpdatedAt), Damaged: r.Damaged}
}

func treeRowViews(rs []store.TreeRow, err error) ([]TreeRowView, error) {
	if err != nil {
		return nil, err
	}
	out := make([]TreeRowView, len(rs))
	for i, r := range rs {
		out[i] = treeRowView(r)
	}
	return out, nil
}
