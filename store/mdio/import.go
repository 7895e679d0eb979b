package mdio

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/longhand/longhand/store"
)

// Limits bound what one import reads. There is no limit on the number of
// files: an import holds each file's text only while it makes its page.
type Limits struct {
	MaxEntries   int   // files and folders looked at before giving up
	MaxFileSize  int64 // bytes of one Markdown file
	MaxImageSize int64 // bytes of one image
	MaxAttached  int64 // bytes of one other file a page links to (0: store.DefaultMaxFileSize)
	MaxDepth     int   // folders inside folders
}

// DefaultLimits are the limits of an import from the app.
var DefaultLimits = Limits{MaxEntries: 1_000_000, MaxFileSize: 5 << 20, MaxImageSize: store.MaxAttachmentSize, MaxDepth: 32}

// Journal keeps, for an import that can stop and be resumed (cancelled,
// or cut short by a crash), the page each file or folder became.
type Journal interface {
	// Imported returns the pages made so far, by key: a file's path
	// inside the chosen folder, or a folder's followed by "/".
	Imported(ctx context.Context) (map[string]store.DocID, error)
	// CreatePage makes a page and records it under key in one step, so
	// that no page is made twice or left out of the record.
	CreatePage(ctx context.Context, key string, np store.NewPage) (*store.Page, error)
}

// Run is how one import goes: where it records the pages it made, so that
// a later run with the same journal goes on from there, and who hears of
// its progress.
type Run struct {
	Journal Journal // nil: nothing is kept for a resume
	// Progress, when set, is called after each page with the pages made
	// (those of earlier runs too) and the pages there will be.
	Progress func(done, total int)
}

// StoppedReason is why the import was cancelled before the page of the
// file it is reported on was made, and those of the files after it.
const StoppedReason = "The import was stopped here."

// gcEvery is how much text an import takes in between garbage
// collections. Automerge documents are freed by finalizers, and their
// memory is outside the Go heap, where the collector does not see it: a
// new page's document holds a few hundred bytes for each character of its
// text until it is collected, so without this thousands pile up (1 MB a
// page of 4 KB was measured, 400 MB after a thousand pages).
const gcEvery = 64 << 10

// Sink is what an import creates pages and images in.
type Sink interface {
	CreatePage(ctx context.Context, np store.NewPage) (*store.Page, error)
	CreateAttachment(ctx context.Context, name string, data []byte) (*store.Attachment, error)
}

// ImportReport says what an import did, file by file.
type ImportReport struct {
	Pages   []store.DocID // the pages created, parents before children
	Files   []Imported    // where each page came from, in the order of Pages
	Images  int           // distinct images stored
	Other   int           // distinct other files pages link to, stored as attachments
	Skipped []Skipped     // files not imported, and why
	Notes   []Skipped     // files imported with something left as it was
}

// Imported is a page an import created and the file and folder it was
// made from, as slash paths inside the chosen folder ("" for none).
type Imported struct {
	Page   store.DocID
	File   string // the Markdown file
	Folder string // the folder of its subpages
}

// Skipped is a file, by its path inside the chosen folder, and a reason.
type Skipped struct {
	Path   string
	Reason string
}

// importNode is a page to be: from a Markdown file, a folder, or both
// ("Name.md" beside "Name/").
type importNode struct {
	file     string // slash path of the Markdown file; "" for a folder alone
	folder   string // slash path of the folder of its subpages; "" for none
	name     string // file or folder name without extension, for titles and order
	title    string
	hasTitle bool // the title came from front matter
	order    int
	root     *os.Root
	children []*importNode
}

type importer struct {
	ctx    context.Context
	sink   Sink
	lim    Limits
	run    Run
	rep    *ImportReport
	seen   int
	byPath map[string]*importNode // by Markdown file and by folder path
	images map[string]string      // image path → attachment hash, or "" when refused
	hashes map[string]bool        // attachments stored or found
	others map[string]bool        // files that are neither Markdown nor images: attached where a page links to them
	used   map[string]string      // such a file's path → its hash, or "" when refused
	links  map[*os.Root]*Links    // per folder, for hard-linked files
	titles map[string]int         // pages by title, as links match them
	noted  map[string]bool        // files with a note on their front matter
}

func newImporter(ctx context.Context, sink Sink, lim Limits, run Run) *importer {
	return &importer{ctx: ctx, sink: sink, lim: lim, run: run, rep: &ImportReport{Pages: []store.DocID{}, Files: []Imported{}, Skipped: []Skipped{}, Notes: []Skipped{}},
		byPath: map[string]*importNode{}, images: map[string]string{}, hashes: map[string]bool{}, links: map[*os.Root]*Links{}, titles: map[string]int{}, noted: map[string]bool{},
		others: map[string]bool{}, used: map[string]string{}}
}

// ImportDir imports the Markdown files under dir into a space: each file
// a page, each folder the parent page of what it holds (the page of
// "Name.md" when that sits beside folder "Name"). Links between the files
// become [[Title]] links and relative images become attachments. Every
// file is read through an os.Root of dir: nothing outside it is touched,
// symbolic links that lead out are refused, and so are hard links to a
// file that has a name outside, and anything not a regular file (a FIFO
// would hold the import forever). A file that cannot be imported is
// reported and skipped; the others are imported anyway.
func ImportDir(ctx context.Context, sink Sink, space store.DocID, dir string, lim Limits) (*ImportReport, error) {
	return ImportDirRun(ctx, sink, space, dir, lim, Run{})
}

// ImportDirRun is ImportDir recording its pages in run's journal: given a
// journal an earlier run stopped with, it makes only the pages that run
// did not, under the parents it made. A file is read twice, for its title
// when the folder is looked through and for its text when its page is
// made, so that no more than one file's text is held at a time.
func ImportDirRun(ctx context.Context, sink Sink, space store.DocID, dir string, lim Limits, run Run) (*ImportReport, error) {
	root, err := openDir(dir)
	if err != nil {
		return nil, err
	}
	defer root.Close()
	im := newImporter(ctx, sink, lim, run)
	top := im.scan(root, ".", 0)
	if err := im.finish(top, space); err != nil {
		return nil, err
	}
	return im.rep, nil
}

// ImportFiles imports Markdown files, given by full path, into a space
// as top-level pages. Each is read through an os.Root of its own folder.
func ImportFiles(ctx context.Context, sink Sink, space store.DocID, files []string, lim Limits) (*ImportReport, error) {
	if len(files) == 0 {
		return nil, store.Errorf(store.EINVALID, "Choose at least one Markdown file.")
	}
	im := newImporter(ctx, sink, lim, Run{})
	roots := map[string]*os.Root{}
	defer func() {
		for _, r := range roots {
			r.Close()
		}
	}()
	dirs := map[string]bool{}
	for _, f := range files {
		dirs[filepath.Dir(f)] = true
	}
	var top []*importNode
	for _, f := range files {
		dir, name := filepath.Split(f)
		dir = filepath.Clean(dir)
		root, ok := roots[dir]
		if !ok {
			var err error
			if root, err = openDir(dir); err != nil {
				im.skip(f, store.ErrorMessage(err))
				continue
			}
			roots[dir] = root
		}
		// Files from different folders are told apart by their folder.
		key := name
		if len(dirs) > 1 {
			key = filepath.ToSlash(f)
		}
		if n := im.readFile(root, name, key); n != nil {
			top = append(top, n)
		}
	}
	if err := im.finish(top, space); err != nil {
		return nil, err
	}
	return im.rep, nil
}

func (im *importer) skip(p, reason string) {
	im.rep.Skipped = append(im.rep.Skipped, Skipped{Path: p, Reason: reason})
}

func (im *importer) note(p, reason string) {
	im.rep.Notes = append(im.rep.Notes, Skipped{Path: p, Reason: reason})
}

func isMarkdown(name string) bool {
	ext := strings.ToLower(path.Ext(name))
	return ext == ".md" || ext == ".markdown"
}

func isImage(name string) bool {
	switch strings.ToLower(path.Ext(name)) {
	case ".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg":
		return true
	}
	return false
}

// scan reads a folder of the import: its Markdown files and subfolders,
// as sibling nodes.
func (im *importer) scan(root *os.Root, dir string, depth int) []*importNode {
	entries, err := fs.ReadDir(root.FS(), dir)
	if err != nil {
		im.skip(dir, fmt.Sprintf("The folder could not be read: %v.", unwrap(err)))
		return nil
	}
	var files []*importNode
	folders := map[string]*importNode{}
	var folderOrder []string
	for _, e := range entries {
		name := e.Name()
		p := path.Join(dir, name)
		if strings.HasPrefix(name, ".") {
			continue // hidden: .git, .DS_Store, .obsidian
		}
		if im.seen++; im.seen > im.lim.MaxEntries {
			if im.seen == im.lim.MaxEntries+1 {
				im.skip(p, fmt.Sprintf("The folder holds too much: Longhand looked at %d files and folders and stopped there.", im.lim.MaxEntries))
			}
			break // what was looked at is imported
		}
		mode := e.Type()
		if mode&fs.ModeSymlink != 0 {
			fi, err := root.Stat(p) // follows the link, but only inside the root
			if err != nil {
				im.skip(p, "It is a link to something outside the chosen folder, or to nothing.")
				continue
			}
			if fi.IsDir() {
				im.skip(p, "It is a link to a folder; only real folders are imported.")
				continue
			}
			mode = fi.Mode().Type()
		}
		switch {
		case mode.IsDir():
			if name == AttachmentsDir {
				continue // the images of an export, imported where pages show them
			}
			if depth+1 > im.lim.MaxDepth {
				im.skip(p, fmt.Sprintf("It is nested too deep (more than %d folders).", im.lim.MaxDepth))
				continue
			}
			kids := im.scan(root, p, depth+1)
			if len(kids) == 0 {
				continue
			}
			n := &importNode{folder: p, name: name, root: root, children: kids}
			folders[name] = n
			folderOrder = append(folderOrder, name)
		case !mode.IsRegular():
			im.skip(p, "It is not a regular file.")
		case isMarkdown(name):
			if n := im.readFile(root, p, p); n != nil {
				files = append(files, n)
			}
		case isImage(name):
			// Imported where a page shows it.
		default:
			im.others[p] = true // attached where a page links to it; reported at the end if none does
		}
	}
	// A folder beside a file of the same name holds that page's subpages:
	// the same name exactly, or ignoring case when nothing else would match.
	stem := func(f *importNode) string { return strings.TrimSuffix(path.Base(f.file), path.Ext(f.file)) }
	merge := func(f *importNode, key string) {
		d := folders[key]
		f.folder, f.children = d.folder, d.children
		im.byPath[d.folder] = f
		delete(folders, key)
	}
	var unmatched []*importNode
	for _, f := range files {
		if _, ok := folders[stem(f)]; ok {
			merge(f, stem(f))
		} else {
			unmatched = append(unmatched, f)
		}
	}
	for _, f := range unmatched {
		var keys []string
		for k := range folders {
			if strings.EqualFold(k, stem(f)) {
				keys = append(keys, k)
			}
		}
		rivals := 0
		for _, g := range unmatched {
			if strings.EqualFold(stem(g), stem(f)) {
				rivals++
			}
		}
		if len(keys) == 1 && rivals == 1 {
			merge(f, keys[0])
		}
	}
	out := files
	for _, k := range folderOrder {
		if d, ok := folders[k]; ok {
			d.title = titleFrom(d.name)
			im.byPath[d.folder] = d
			im.adoptIndex(d)
			out = append(out, d)
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if (a.order > 0) != (b.order > 0) {
			return a.order > 0
		}
		if a.order != b.order {
			return a.order < b.order
		}
		return naturalLess(strings.ToLower(a.name), strings.ToLower(b.name))
	})
	return out
}

// naturalLess orders names as file managers do, numbers by their value:
// "Part 2" before "Part 10".
func naturalLess(a, b string) bool {
	for a != "" && b != "" {
		da, db := digits(a), digits(b)
		if da > 0 && db > 0 {
			na, nb := strings.TrimLeft(a[:da], "0"), strings.TrimLeft(b[:db], "0")
			if len(na) != len(nb) {
				return len(na) < len(nb)
			}
			if na != nb {
				return na < nb
			}
			if da != db {
				return da < db // "7" before "007"
			}
			a, b = a[da:], b[db:]
			continue
		}
		ra, sa := utf8.DecodeRuneInString(a)
		rb, sb := utf8.DecodeRuneInString(b)
		if ra != rb {
			return ra < rb
		}
		a, b = a[sa:], b[sb:]
	}
	return len(a) < len(b)
}

// digits is the length of the run of ASCII digits s starts with.
func digits(s string) int {
	n := 0
	for n < len(s) && s[n] >= '0' && s[n] <= '9' {
		n++
	}
	return n
}

// adoptIndex makes a folder's README.md or index.md (as GitHub, wikis and
// static site generators use them) the folder's own page, rather than a
// subpage of it.
func (im *importer) adoptIndex(d *importNode) {
	for i, c := range d.children {
		stem := strings.ToLower(c.name)
		if c.file == "" || c.folder != "" || (stem != "readme" && stem != "index") {
			continue
		}
		d.file, d.root, d.order = c.file, c.root, c.order
		if c.hasTitle {
			d.title = c.title
		}
		for k, n := range im.byPath {
			if n == c {
				im.byPath[k] = d
			}
		}
		d.children = append(d.children[:i:i], d.children[i+1:]...)
		return
	}
}

// readFile looks at one Markdown file for its title and order, checking
// that it can become a page; key is how links find it. Its text is read
// again when its page is made (see load).
func (im *importer) readFile(root *os.Root, p, key string) *importNode {
	if !isMarkdown(p) {
		im.skip(key, "It is not a Markdown file (.md).")
		return nil
	}
	fm, body, err := im.load(root, p, key)
	if err != nil {
		im.skip(key, err.Error())
		return nil
	}
	name := strings.TrimSuffix(path.Base(p), path.Ext(p))
	title := fm.Title
	hasTitle := strings.TrimSpace(title) != ""
	if !hasTitle {
		// A file that opens with "# Heading" is titled by it, as a page
		// shows its title above its body; otherwise by its name. The
		// heading stays in the body, so that the file comes back whole.
		if h, ok := leadingHeading(afterBlock(body)); ok {
			title = h
		} else {
			title = titleFrom(name)
		}
	}
	n := &importNode{file: p, name: name, title: CleanTitle(title), hasTitle: hasTitle, order: fm.Order, root: root}
	im.byPath[key] = n
	if key != p {
		im.byPath[p] = n
	}
	return n
}

// load reads and checks a Markdown file, and returns its front matter and
// the body of its page; a note on the file goes under key once.
func (im *importer) load(root *os.Root, p, key string) (FrontMatter, string, error) {
	data, err := im.read(root, p, im.lim.MaxFileSize)
	if err != nil {
		return FrontMatter{}, "", err
	}
	if bytes.IndexByte(data, 0) >= 0 || !utf8.Valid(data) {
		return FrontMatter{}, "", errors.New("It is not text: it holds binary data or is not UTF-8.")
	}
	text := strings.ReplaceAll(string(data), "\r\n", "\n")
	fm, body, ferr := ParsePageFile(text)
	if ferr != nil && !im.noted[key] {
		im.noted[key] = true
		im.note(key, fmt.Sprintf("Its front matter could not be read (%v), so it was kept as text.", ferr))
	}
	if utf8.RuneCountInString(body) > store.MaxBodyLen {
		return FrontMatter{}, "", fmt.Errorf("It is longer than a page can be (%d characters).", store.MaxBodyLen)
	}
	return fm, body, nil
}

func titleFrom(name string) string { return CleanTitle(name) }

var atxHeading1 = regexp.MustCompile(`^ {0,3}# +(.*?)(?: +#+)? *$`)

// leadingHeading returns the text of a level-1 ATX heading on the first
// non-blank line of body.
func leadingHeading(body string) (string, bool) {
	rest := strings.TrimLeft(body, "\n")
	line, _, _ := strings.Cut(rest, "\n")
	m := atxHeading1.FindStringSubmatch(line)
	if m == nil || strings.TrimSpace(m[1]) == "" {
		return "", false
	}
	return m[1], true
}

// afterBlock returns a body without the front matter block it opens with.
func afterBlock(body string) string {
	if b, ok := readBlock(body); ok {
		return b.rest
	}
	return body
}

// CleanTitle makes any string a valid page title.
func CleanTitle(t string) string {
	t = strings.Join(strings.Fields(strings.ToValidUTF8(t, "")), " ")
	if utf8.RuneCountInString(t) > store.MaxTitleLen {
		t = string([]rune(t)[:store.MaxTitleLen])
	}
	return t
}

// read reads a file through root: a regular file of at most max bytes
// that lives in the chosen folder.
func (im *importer) read(root *os.Root, p string, max int64) ([]byte, error) {
	f, fi, err := OpenRegular(root, p)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil, errors.New("It does not exist.")
	case errors.Is(err, ErrNotRegular):
		return nil, errors.New("It is not a regular file.")
	case err != nil:
		return nil, fmt.Errorf("It could not be read: %v.", unwrap(err))
	}
	defer f.Close()
	if !im.linksOf(root).Inside(fi) {
		return nil, errors.New("It is a hard link to a file that also has a name outside the chosen folder; Longhand imports only files that live in the folder. Copy it in instead of linking it.")
	}
	data, err := io.ReadAll(io.LimitReader(f, max+1))
	if err != nil {
		return nil, fmt.Errorf("It could not be read: %v.", unwrap(err))
	}
	if int64(len(data)) > max {
		return nil, fmt.Errorf("It is larger than %s, the most Longhand imports.", sizeText(max))
	}
	return data, nil
}

// linksOf is the record of hard-linked files of a folder.
func (im *importer) linksOf(root *os.Root) *Links {
	links := im.links[root]
	if links == nil {
		links = NewLinks(root, im.lim.MaxEntries)
		im.links[root] = links
	}
	return links
}

func sizeText(n int64) string {
	if n >= 1<<20 {
		return fmt.Sprintf("%d MB", n>>20)
	}
	return fmt.Sprintf("%d KB", n>>10)
}

// finish creates the pages, parents first, each from its file read
// again, with its links rewritten. A page that cannot be created is
// reported; its subpages go under the nearest page that was. With a
// journal, the pages an earlier run made are not made again.
func (im *importer) finish(top []*importNode, space store.DocID) error {
	total := 0
	var count func([]*importNode)
	count = func(ns []*importNode) {
		for _, n := range ns {
			im.titles[store.LinkTarget(n.title)]++
			total++
			count(n.children)
		}
	}
	count(top)
	made := map[string]store.DocID{}
	if j := im.run.Journal; j != nil {
		var err error
		if made, err = j.Imported(im.ctx); err != nil {
			return err
		}
	}
	done, sinceGC, stopped := 0, 0, false
	progress := func() {
		done++
		if im.run.Progress != nil {
			im.run.Progress(done, total)
		}
	}
	var create func(ns []*importNode, parent store.DocID)
	create = func(ns []*importNode, parent store.DocID) {
		for _, n := range ns {
			key := n.label()
			if id, ok := made[key]; ok {
				im.rep.Pages = append(im.rep.Pages, id)
				im.rep.Files = append(im.rep.Files, Imported{Page: id, File: n.file, Folder: n.folder})
				progress()
				create(n.children, id)
				continue
			}
			if im.ctx.Err() != nil {
				if !stopped {
					stopped = true
					im.skip(key, StoppedReason) // this file's page and those after it
				}
				return
			}
			p, err := im.create(n, space, parent)
			if err != nil {
				im.skip(key, err.Error())
				progress()
				create(n.children, parent)
				continue
			}
			im.rep.Pages = append(im.rep.Pages, p.ID)
			im.rep.Files = append(im.rep.Files, Imported{Page: p.ID, File: n.file, Folder: n.folder})
			if sinceGC += len(p.Body) + len(p.Title); sinceGC >= gcEvery {
				sinceGC = 0
				runtime.GC()
			}
			progress()
			create(n.children, p.ID)
		}
	}
	create(top, "")
	// Files no page linked to are reported, once every page was read (not
	// after a resumed run, whose earlier pages were not read again).
	if !stopped && len(made) == 0 {
		var left []string
		for p := range im.others {
			if _, ok := im.used[p]; !ok {
				left = append(left, p)
			}
		}
		slices.Sort(left)
		for _, p := range left {
			im.skip(p, "It is not a Markdown file (.md), and no page links to it.")
		}
	}
	return nil
}

// work is the context of the store's work on one page: cancelling the
// import stops it between pages, never part way through one (the page
// being made is made, and recorded).
func (im *importer) work() context.Context { return context.WithoutCancel(im.ctx) }

// create makes a node's page, reading its file again.
func (im *importer) create(n *importNode, space, parent store.DocID) (*store.Page, error) {
	np := store.NewPage{Title: n.title, Space: space, Parent: parent}
	if n.file != "" {
		_, body, err := im.load(n.root, n.file, n.label())
		if err != nil {
			return nil, err
		}
		np.Body = im.rewrite(n, body)
	}
	var p *store.Page
	var err error
	if im.run.Journal != nil {
		p, err = im.run.Journal.CreatePage(im.work(), n.label(), np)
	} else {
		p, err = im.sink.CreatePage(im.work(), np)
	}
	if err != nil {
		return nil, errors.New(store.ErrorMessage(err))
	}
	return p, nil
}

func (n *importNode) label() string {
	if n.file != "" {
		return n.file
	}
	return n.folder + "/"
}

// rewrite turns links to imported files into [[Title]] links and local
// images into attachments.
func (im *importer) rewrite(n *importNode, body string) string {
	return RewriteLinks(body, func(l Link) (string, bool) {
		p, ok := LocalPath(n.file, l.Dest)
		if !ok {
			return "", false
		}
		if l.Image || (l.Def && isImage(p)) {
			h := im.image(n, p)
			if h == "" {
				return "", false
			}
			l.Dest = store.AttachmentScheme + h
			return l.String(), true
		}
		t, ok := im.byPath[p]
		if !ok {
			t, ok = im.byPath[strings.TrimSuffix(p, "/")]
		}
		if !ok {
			// A link to another file of the folder (a PDF, a spreadsheet,
			// an export's _attachments/<hash>.ext): the file is attached.
			if h := im.attach(n, p); h != "" {
				l.Dest = store.AttachmentScheme + h
				return l.String(), true
			}
			return "", false
		}
		// Only a link that a [[link]] says in full: to a title no other
		// imported page has, with its text as written and no title of its
		// own; the others stay as they are, and the report says so.
		anchor, why := "", ""
		if i := strings.IndexAny(l.Dest, "?#"); i >= 0 {
			anchor = l.Dest[i+1:]
			if l.Dest[i] == '?' || !anchorOK(anchor) {
				why = "its address has a query or an anchor a [[link]] cannot hold"
			}
		}
		switch {
		case l.Def:
			why = "it is a link reference definition"
		case !wikiTitleOK(t.title):
			why = fmt.Sprintf("the title “%s” cannot be written as a [[link]]", t.title)
		case im.titles[store.LinkTarget(t.title)] > 1:
			why = fmt.Sprintf("%d pages are titled “%s”", im.titles[store.LinkTarget(t.title)], t.title)
		case l.Title != "":
			why = "it has a title of its own"
		case !wikiTextOK(l.Text):
			why = "its text cannot be the text of a [[link]]"
		}
		if why != "" {
			im.note(n.file, fmt.Sprintf("The link to %s was left as written: %s.", p, why))
			return "", false
		}
		return WikiLinkTo(t.title, anchor, l.Text), true
	})
}

// attach stores the file at p, which a page links to, as an attachment
// once, streamed from the folder, and returns its hash; "" (with a note on
// the page when the file is there but cannot be stored) otherwise.
func (im *importer) attach(n *importNode, p string) string {
	if h, ok := im.used[p]; ok {
		return h
	}
	if isMarkdown(p) || strings.HasSuffix(p, "/") {
		return ""
	}
	blobs, ok := im.sink.(Blobs)
	if !ok {
		return ""
	}
	f, fi, err := OpenRegular(n.root, p)
	if errors.Is(err, fs.ErrNotExist) {
		return "" // a link to something else: left as written
	}
	im.used[p] = ""
	if err == nil {
		defer f.Close()
		if !im.linksOf(n.root).Inside(fi) {
			err = errors.New("It is a hard link to a file that also has a name outside the chosen folder.")
		}
	}
	limit := im.lim.MaxAttached
	if limit <= 0 {
		limit = store.DefaultMaxFileSize
	}
	var b *store.Blob
	if err == nil {
		b, err = blobs.CreateBlob(im.work(), path.Base(p), io.LimitReader(f, limit+1), limit)
	}
	if err != nil {
		msg := store.ErrorMessage(err)
		if errors.Is(err, ErrNotRegular) {
			msg = "It is not a regular file."
		}
		im.note(n.file, fmt.Sprintf("The link to %s was left as written: %s", p, lowerFirst(msg)))
		return ""
	}
	im.used[p] = b.Hash
	if !im.hashes[b.Hash] {
		im.hashes[b.Hash] = true
		im.rep.Other++
	}
	return b.Hash
}

// image stores the image at p (read through the page's root) once, and
// returns its hash, or "" with a note on the page when it cannot.
func (im *importer) image(n *importNode, p string) string {
	if h, ok := im.images[p]; ok {
		return h
	}
	im.images[p] = ""
	data, err := im.read(n.root, p, im.lim.MaxImageSize)
	if err != nil {
		im.note(n.file, fmt.Sprintf("Image %s was left as a link: %s", p, lowerFirst(err.Error())))
		return ""
	}
	a, err := im.sink.CreateAttachment(im.work(), path.Base(p), data)
	if err != nil {
		im.note(n.file, fmt.Sprintf("Image %s was left as a link: %s", p, lowerFirst(store.ErrorMessage(err))))
		return ""
	}
	im.images[p] = a.Hash
	if !im.hashes[a.Hash] {
		im.hashes[a.Hash] = true
		im.rep.Images++
	}
	return a.Hash
}

func lowerFirst(s string) string {
	if s == "" {
		return s
	}
	r, size := utf8.DecodeRuneInString(s)
	return strings.ToLower(string(r)) + s[size:]
}
