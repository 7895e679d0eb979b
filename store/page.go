package store

import (
	"context"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"
)

// MaxTitleLen is the longest page title, in characters.
const MaxTitleLen = 300

// MaxBodyLen is the largest page body, in characters (half a million: a
// long book). It is also the most a peer's page may hold (store/sandbox):
// a page this device could write but no peer would take would never sync.
const MaxBodyLen = 500_000

// Page is a long-form document in the knowledge base.
type Page struct {
	ID        DocID
	Title     string
	Body      string // Markdown
	Space     DocID  // the space its tree belongs to
	Parent    DocID  // the page it sits under; "" at the top of its space
	Position  string // orders it among its siblings (see package order)
	Template  bool   // a template, offered for new pages, not in the tree
	Kind      PageKind
	Status    Status // draft, in review or decided; see Review
	Owner     DocID  // who answers for it; its author unless handed over
	Author    DocID  // member who created it
	CreatedAt time.Time
	UpdatedAt time.Time
	DeletedAt time.Time // zero unless the page is in the trash
	Rev       string    // the body's revision, for editors; see Edit
	Damaged   string    // why the stored document cannot be loaded; "" when healthy
}

// InTrash reports whether the page was deleted and can still be restored.
func (p *Page) InTrash() bool { return !p.DeletedAt.IsZero() }

// Summary returns the page as lists show it.
func (p *Page) Summary() PageSummary {
	return PageSummary{ID: p.ID, Title: p.Title, Excerpt: Excerpt(p.Body), Space: p.Space, Parent: p.Parent,
		Position: p.Position, Template: p.Template, Kind: p.Kind, Status: p.Status, Owner: p.Owner,
		UpdatedAt: p.UpdatedAt, DeletedAt: p.DeletedAt, Damaged: p.Damaged}
}

// PageSummary is a page as lists show it, read from the materialized row
// without loading its CRDT.
type PageSummary struct {
	ID        DocID
	Title     string
	Excerpt   string // the start of the body as plain text
	Space     DocID
	Parent    DocID
	Position  string
	Template  bool
	Kind      PageKind
	Status    Status
	Owner     DocID
	UpdatedAt time.Time
	DeletedAt time.Time
	Damaged   string
}

// PageFilter selects pages for FindPages.
type PageFilter struct {
	Trashed   bool  // the trash instead of the live pages
	Templates bool  // saved templates instead of pages
	Space     DocID // only this space; "" for all
	Limit     int   // 0 means no limit
}

// NewPage says what a new page starts as.
type NewPage struct {
	Title    string
	Body     string
	Space    DocID  // required unless Parent is set
	Parent   DocID  // "" for the top of the space
	From     string // a template to start from: a builtin ID or a page's ID; its body is copied when Body is ""
	Template bool   // make a template rather than a page
}

// PageMove says where a page goes: under Parent in Space, just before the
// sibling Before, or last when Before is "". Its subpages go with it.
type PageMove struct {
	Space  DocID
	Parent DocID
	Before DocID
}

// Splice is one edit to a text: delete Del characters at Pos, then insert
// Ins there. Positions and counts are in Unicode code points.
type Splice struct {
	Pos int    `json:"pos"`
	Del int    `json:"del"`
	Ins string `json:"ins"`
}

// Edit is a batch of splices made against a known revision of a page
// body. The splices apply in order, each to the result of the one before.
//
// A revision is an opaque token that changes with every edit. An editor
// sends the revision it last saw; when others edited since, the splices
// are transformed over their edits, so that nothing anyone typed is lost.
type Edit struct {
	Base    string // the revision the editor last saw; "" means the current one
	Splices []Splice
}

// EditResult tells the editor where its change landed.
type EditResult struct {
	PrevRev string   // the revision the splices were applied to
	Rev     string   // the revision after them
	Splices []Splice // as applied: the editor's own, or transformed over others' edits
	Rebased bool     // the base was older than PrevRev: the editor lacks others' edits
	Page    PageSummary
}

// PageUpdate holds the fields of a page to change; nil fields stay as they are.
type PageUpdate struct {
	Title *string
}

// PageService reads and changes pages.
type PageService interface {
	FindPage(ctx context.Context, id DocID) (*Page, error)
	FindPages(ctx context.Context, filter PageFilter) ([]PageSummary, error)
	CreatePage(ctx context.Context, np NewPage) (*Page, error)
	UpdatePage(ctx context.Context, id DocID, upd PageUpdate) (*Page, error)
	MovePage(ctx context.Context, id DocID, mv PageMove) (*Page, error)
	// FindBacklinks lists the live pages that link to id with [[its title]].
	FindBacklinks(ctx context.Context, id DocID) ([]PageSummary, error)
	// FindPageByTitle finds the live page a [[title]] link names: an exact
	// title first, then one that matches ignoring case and spacing.
	FindPageByTitle(ctx context.Context, title string) (*PageSummary, error)
	FindTemplates(ctx context.Context) ([]Template, error)
	EditPage(ctx context.Context, id DocID, edit Edit) (*EditResult, error)
	// DeletePage moves a page and its live subpages to the trash, and
	// returns their IDs, the page first.
	DeletePage(ctx context.Context, id DocID) ([]DocID, error)
	// RestorePage takes a page out of the trash with the subpages that went
	// there with it, and returns their IDs, the page first.
	RestorePage(ctx context.Context, id DocID) ([]DocID, error)
	PurgePage(ctx context.Context, id DocID) error // deletes a trashed page for good
}

// NormalizeTitle trims a title and checks its length. A page may have no
// title yet; screens show a placeholder.
func NormalizeTitle(title string) (string, error) {
	title = strings.Join(strings.Fields(title), " ")
	if !utf8.ValidString(title) {
		return "", Errorf(EINVALID, "The title is not valid text.")
	}
	if n := utf8.RuneCountInString(title); n > MaxTitleLen {
		return "", Errorf(EINVALID, "A title can be at most %d characters; this one has %d.", MaxTitleLen, n)
	}
	return title, nil
}

// ValidateSplices checks splices against a text of length n code points,
// applying each in turn, and returns the resulting length.
func ValidateSplices(n int, splices []Splice) (int, error) {
	for i, s := range splices {
		if s.Pos < 0 || s.Del < 0 || s.Pos > n || s.Del > n-s.Pos {
			return 0, Errorf(EINVALID, "Edit %d does not fit the page (position %d, deleting %d of %d characters).", i, s.Pos, s.Del, n)
		}
		if !utf8.ValidString(s.Ins) {
			return 0, Errorf(EINVALID, "Edit %d inserts text that is not valid UTF-8.", i)
		}
		n += utf8.RuneCountInString(s.Ins) - s.Del
		if n > MaxBodyLen {
			return 0, Errorf(EINVALID, "A page can hold at most %d characters.", MaxBodyLen)
		}
	}
	return n, nil
}

// wikiLink matches [[Page title]] and [[Page title|shown text]].
var wikiLink = regexp.MustCompile(`\[\[([^\[\]\n|]{1,600})(?:\|[^\[\]\n]{0,300})?\]\]`)

// WikiLinks returns the titles a Markdown body links to with [[...]], each
// once, normalized with LinkTarget; [[Title#anchor]] links to Title.
func WikiLinks(body string) []string {
	var out []string
	seen := map[string]bool{}
	for _, m := range wikiLink.FindAllStringSubmatch(body, -1) {
		title, _ := SplitLinkAnchor(m[1])
		if t := LinkTarget(title); t != "" && !seen[t] {
			seen[t] = true
			out = append(out, t)
		}
	}
	return out
}

// SplitLinkAnchor splits the target of a [[link]] (what comes before any
// "|shown text") into the page's title and the anchor of a heading in it:
// [[Title#anchor]] links to that heading. The anchor follows the last "#",
// and holds no space; a "#" that ends the target or follows a space is
// part of the title ("C#", "Issue #42").
func SplitLinkAnchor(target string) (title, anchor string) {
	i := strings.LastIndexByte(target, '#')
	if i <= 0 || i == len(target)-1 || target[i-1] == ' ' || target[i-1] == '\t' || strings.ContainsAny(target[i+1:], " \t") {
		return target, ""
	}
	return target[:i], target[i+1:]
}

// LinkTarget normalizes a title for matching links: trimmed, inner spaces
// collapsed, lowercased.
func LinkTarget(title string) string {
	return strings.ToLower(strings.Join(strings.Fields(title), " "))
}

// UnixMillis converts a time to Unix milliseconds, keeping the zero time
// as 0, as documents and rows store times.
func UnixMillis(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixMilli()
}

// FromUnixMillis is the inverse of UnixMillis, in UTC.
func FromUnixMillis(ms int64) time.Time {
	if ms == 0 {
		return time.Time{}
	}
	return time.UnixMilli(ms).UTC()
}

// Excerpt returns the first words of a Markdown body as one line of plain
// text, for lists.
func Excerpt(body string) string {
	const max = 160
	// A video message's link is long (two hashes); its words are what to show.
	body = videoLink.ReplaceAllString(body, "▶ $1")
	var b strings.Builder
	for _, line := range strings.Split(body, "\n") {
		line = strings.TrimLeft(strings.TrimSpace(line), "#>*-+ ")
		if line == "" {
			continue
		}
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(line)
		if b.Len() >= max {
			break
		}
	}
	s := b.String()
	if utf8.RuneCountInString(s) > max {
		s = string([]rune(s)[:max-1]) + "…"
	}
	return s
}

// Import is a folder being imported into a space, which can be resumed
// until it ends: its pages are recorded as they are made.
type Import struct {
	ID      string
	Space   DocID
	Folder  string
	Total   int // pages the folder makes, 0 until counted
	Done    int // pages made so far
	Started time.Time
}

// ImportService keeps the imports under way on this device.
type ImportService interface {
	// StartImport records a new import of folder into space.
	StartImport(ctx context.Context, space DocID, folder string) (*Import, error)
	// FindImports lists the imports that have not ended, oldest first.
	FindImports(ctx context.Context) ([]Import, error)
	// FindImport returns an import that has not ended.
	FindImport(ctx context.Context, id string) (*Import, error)
	// SetImportTotal records how many pages an import makes in all.
	SetImportTotal(ctx context.Context, id string, total int) error
	// ImportedPages returns the pages an import made, by file or folder.
	ImportedPages(ctx context.Context, id string) (map[string]DocID, error)
	// CreateImportedPage makes a page and records it as the one key
	// became, in one transaction.
	CreateImportedPage(ctx context.Context, id, key string, np NewPage) (*Page, error)
	// EndImport ends an import: it can no longer be resumed.
	EndImport(ctx context.Context, id string) error
}
