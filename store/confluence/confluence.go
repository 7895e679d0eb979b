// Package confluence imports a Confluence space from its HTML export (in
// Confluence: Space settings → Export space → HTML), as a .zip file or the
// folder it unpacks to. What it reads:
//
//   - index.html, the space's home: its title, and the page tree under
//     "Available Pages" (nested lists of links to the pages' files);
//   - each page's .html file: its title (#title-text, or the document's
//     <title> "Space : Page"), its content (#main-content) converted to
//     Markdown, and its comments (the "Comments" section: author, date,
//     text);
//   - the page's attachments, in the export's attachments/<page ID>/
//     folder (each named by its ID there; its own name is in the page's
//     "Attachments" section, a list of links below the content, or in the
//     data-linked-resource-default-alias of a link to it). Each is stored
//     as a blob, streamed, up to MaxFile bytes. An image the content shows
//     becomes ![alt](attachment:<hash>) (or a link, when it is not a PNG,
//     JPEG, GIF or WebP of at most store.MaxAttachmentSize); a link to an
//     attachment becomes [text](attachment:<hash>); attachments the content
//     does not link are listed under "## Attachments" at the end of the
//     page, by their own names. The page's folder is looked through too, so
//     an attachment the section leaves out is listed by its file name.
//
// Links between pages of the export become [[links]]; other links keep
// their address when it is http(s) or mailto, else only their text.
// Not carried over, and said so in the report: an attachment larger than
// MaxFile or that cannot be read (each named), attachments of pages that
// are not imported, macros Confluence exports as scripts or placeholders,
// page history, labels, permissions, and who wrote what (comments keep
// their author's name and date in their text). Through a sink without
// CreateBlob, only images come along and the rest are reported.
//
// Everything read is untrusted: a .zip's names must be paths inside it
// (archive/zip's fs.FS refuses others), every file is read to a size
// limit, and the export is read through an fs.FS, never the disk around
// it.
package confluence

import (
	"bytes"
	"context"
	"fmt"
	"io/fs"
	"net/url"
	"path"
	"regexp"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/longhand/longhand/store"
	"github.com/longhand/longhand/store/mdio"
)

// Limits of what an import reads.
const (
	MaxPageFile = 16 << 20                 // bytes of one page's .html
	MaxImage    = store.MaxAttachmentSize  // an image outside attachments/ (an emoticon)
	MaxFile     = store.DefaultMaxFileSize // an attachment
	MaxPages    = 100_000
	MaxDepth    = 64
)

// Sink is where an import makes pages, images and comments. A sink that
// also stores files of any kind (mdio.Blobs, the store's CreateBlob) takes
// in every attachment; through one that does not, images come along and
// the other attachments are reported as not carried over.
type Sink interface {
	mdio.Sink
	CreateThread(ctx context.Context, page store.DocID, rev string, start, end int, body string, mentions []store.DocID) (*store.Thread, error)
}

// Report says what an import did.
type Report struct {
	Space    string        // the Confluence space's name
	Pages    []store.DocID // made, parents first
	Images   int           // images pages show
	Files    int           // attachments pages link or list
	Comments int
	Skipped  []mdio.Skipped // what was not imported, and why
	Notes    []mdio.Skipped // pages imported with something left out
}

// page is a page of the export, from the tree of index.html.
type page struct {
	file     string // slash path inside the export
	title    string
	children []*page
}

// Open returns the export at p, a .zip file or a folder, as an fs.FS
// rooted where its index.html is.
func Open(p string) (fs.FS, func() error, error) {
	return mdio.OpenExport(p, "index.html", "a Confluence HTML export")
}

func parse(data []byte) (*html.Node, error) {
	return html.Parse(bytes.NewReader(data))
}

func find(n *html.Node, match func(*html.Node) bool) *html.Node {
	if n.Type == html.ElementNode && match(n) {
		return n
	}
	for k := n.FirstChild; k != nil; k = k.NextSibling {
		if f := find(k, match); f != nil {
			return f
		}
	}
	return nil
}

func byID(id string) func(*html.Node) bool {
	return func(n *html.Node) bool { return attr(n, "id") == id }
}

// tree reads the space's name and page tree from index.html.
func tree(fsys fs.FS) (string, []*page, error) {
	data, err := mdio.ReadLimited(fsys, "index.html", MaxPageFile)
	if err != nil {
		return "", nil, store.Errorf(store.EINVALID, "Its index.html: %v", err)
	}
	doc, err := parse(data)
	if err != nil {
		return "", nil, store.Errorf(store.EINVALID, "Its index.html is not HTML (%v).", err)
	}
	name := ""
	if t := find(doc, byID("title-text")); t != nil {
		name = strings.TrimSpace(collapse(textOf(t)))
	}
	if name == "" {
		if t := find(doc, func(n *html.Node) bool { return n.DataAtom == atom.Title }); t != nil {
			name = strings.TrimSpace(textOf(t))
		}
	}
	// The tree is the first list of links to pages after "Available Pages".
	var list *html.Node
	if h := find(doc, func(n *html.Node) bool {
		return (n.DataAtom == atom.H2 || n.DataAtom == atom.H3) && strings.Contains(textOf(n), "Available Pages")
	}); h != nil {
		for k := h.NextSibling; k != nil && list == nil; k = k.NextSibling {
			list = find(k, func(n *html.Node) bool { return n.DataAtom == atom.Ul })
		}
		if list == nil && h.Parent != nil {
			list = find(h.Parent, func(n *html.Node) bool { return n.DataAtom == atom.Ul })
		}
	}
	if list == nil {
		return name, nil, nil
	}
	count := 0
	var items func(ul *html.Node, depth int) []*page
	items = func(ul *html.Node, depth int) []*page {
		var out []*page
		for li := ul.FirstChild; li != nil; li = li.NextSibling {
			if li.DataAtom != atom.Li || count >= MaxPages {
				continue
			}
			a := find(li, func(n *html.Node) bool { return n.DataAtom == atom.A })
			href := ""
			if a != nil {
				href = attr(a, "href")
			}
			if a == nil || !localPage.MatchString(href) {
				continue
			}
			count++
			p := &page{file: path.Clean(href), title: strings.TrimSpace(collapse(textOf(a)))}
			for k := li.FirstChild; k != nil; k = k.NextSibling {
				if k.DataAtom == atom.Ul && depth < MaxDepth {
					p.children = append(p.children, items(k, depth+1)...)
				}
			}
			out = append(out, p)
		}
		return out
	}
	return name, items(list, 0), nil
}

// localPage is a link to a page file of the export: a relative .html
// path with no scheme, query or way out.
var localPage = regexp.MustCompile(`^[^:/?#][^:?#]*\.html(?:#[^#]*)?$`)

// Import makes a page in space for every page of the export at p, under
// the same parents, with its images and comments.
func Import(ctx context.Context, sink Sink, space store.DocID, p string) (*Report, error) {
	fsys, closer, err := Open(p)
	if err != nil {
		return nil, err
	}
	defer closer()
	name, top, err := tree(fsys)
	if err != nil {
		return nil, err
	}
	if len(top) == 0 {
		return nil, store.Errorf(store.EINVALID, "The export's index.html lists no pages under “Available Pages”.")
	}
	rep := &Report{Space: name, Pages: []store.DocID{}, Skipped: []mdio.Skipped{}, Notes: []mdio.Skipped{}}
	titles := map[string]string{} // page file → title
	var index func([]*page)
	index = func(ps []*page) {
		for _, p := range ps {
			titles[p.file] = p.title
			index(p.children)
		}
	}
	index(top)
	blobs, ok := sink.(mdio.Blobs)
	if !ok {
		blobs = mdio.ImagesOnly{Sink: sink}
	}
	im := &importer{ctx: ctx, sink: sink, blobs: blobs, fsys: fsys, rep: rep, titles: titles, images: map[string]string{},
		files: map[string]*stored{}, shown: map[string]bool{}, linked: map[string]bool{}}
	var create func(ps []*page, parent store.DocID)
	create = func(ps []*page, parent store.DocID) {
		for _, p := range ps {
			if ctx.Err() != nil {
				return
			}
			id := im.page(p, space, parent)
			if id == "" {
				id = parent // its subpages go under the nearest page made
			}
			create(p.children, id)
		}
	}
	create(top, "")
	im.unusedAttachments()
	return rep, nil
}

type importer struct {
	ctx    context.Context
	sink   Sink
	blobs  mdio.Blobs
	fsys   fs.FS
	rep    *Report
	titles map[string]string
	images map[string]string  // path of an image outside attachments/ → hash, "" when refused
	files  map[string]*stored // path under attachments/ → what became of it
	shown  map[string]bool    // attachments some page shows as an image
	linked map[string]bool    // attachments some page links or lists
}

// stored is what became of an attachment: the blob it is, or why it was
// not carried over.
type stored struct {
	hash  string
	image bool   // a page can show it as an image
	why   string // "" when it was stored
}

func (im *importer) page(p *page, space, parent store.DocID) store.DocID {
	data, err := mdio.ReadLimited(im.fsys, p.file, MaxPageFile)
	if err != nil {
		im.rep.Skipped = append(im.rep.Skipped, mdio.Skipped{Path: p.file, Reason: err.Error()})
		return ""
	}
	doc, err := parse(data)
	if err != nil {
		im.rep.Skipped = append(im.rep.Skipped, mdio.Skipped{Path: p.file, Reason: fmt.Sprintf("It is not HTML (%v).", err)})
		return ""
	}
	title := p.title
	if t := find(doc, byID("title-text")); t != nil {
		if s := strings.TrimSpace(collapse(textOf(t))); s != "" {
			title = s
		}
	}
	// Confluence writes the space's name before the page's: "Space : Page".
	if i := strings.Index(title, " : "); i >= 0 && im.rep.Space != "" && strings.HasPrefix(title, im.rep.Space) {
		title = strings.TrimSpace(title[i+3:])
	}
	var title2 string
	if title2, err = store.NormalizeTitle(mdio.CleanTitle(title)); err != nil {
		title2 = "Untitled"
	}
	section := attachments(doc, p.file, im.attachment)
	names := map[string]string{} // the page's attachments by their own names
	for _, a := range section {
		names[a.at] = a.name
	}
	nameOf := func(at, alias string) string {
		for _, n := range []string{names[at], alias, path.Base(at)} {
			if n = store.AttachmentName(n); n != "" {
				return n
			}
		}
		return path.Base(at)
	}
	here := map[string]bool{} // attachments this page links or shows
	var notes []string
	c := &converter{
		file: func(href, alias, text string) (string, bool) {
			at, ok := im.attachment(p.file, href)
			if !ok {
				return "", false
			}
			name := nameOf(at, alias)
			here[at] = true
			f := im.file(at, name, "linked from “"+title2+"”")
			if f.why != "" {
				return "", false
			}
			im.link(at)
			if text == "" {
				text = escape(name)
			}
			return "[" + text + "](" + store.AttachmentScheme + f.hash + ")", true
		},
		link: func(href, text string) (string, bool) {
			if localPage.MatchString(href) {
				file, anchor, _ := strings.Cut(path.Join(path.Dir(p.file), href), "#")
				if t, ok := im.titles[path.Clean(file)]; ok && text != "" && !strings.ContainsAny(text, "[]|") && !strings.ContainsAny(t, "[]|#") {
					return mdio.WikiLinkTo(t, anchor, text), true
				}
				return "", false
			}
			if strings.HasPrefix(href, "https://") || strings.HasPrefix(href, "http://") || strings.HasPrefix(href, "mailto:") {
				if text == "" {
					text = escape(href)
				}
				return "[" + text + "](" + strings.ReplaceAll(href, " ", "%20") + ")", true
			}
			return "", false
		},
		image: func(src, alt, alias string) (string, bool) {
			at, ok := im.attachment(p.file, src)
			if !ok {
				h, why := im.image(p.file, src)
				if h == "" {
					if why != "" {
						notes = append(notes, why)
					}
					return "", false
				}
				return "![" + escape(alt) + "](" + store.AttachmentScheme + h + ")", true
			}
			name := nameOf(at, alias)
			here[at] = true
			f := im.file(at, name, "shown in “"+title2+"”")
			switch {
			case f.why != "":
				return "", false
			case f.image:
				if !im.shown[at] {
					im.shown[at] = true
					im.rep.Images++
				}
				return "![" + escape(alt) + "](" + store.AttachmentScheme + f.hash + ")", true
			}
			// Not an image a page shows (an SVG, a TIFF, a large PNG): the file.
			im.link(at)
			if alt = strings.TrimSpace(alt); alt == "" {
				alt = name
			}
			return "[" + escape(alt) + "](" + store.AttachmentScheme + f.hash + ")", true
		},
	}
	body := ""
	if main := find(doc, byID("main-content")); main != nil {
		body = c.markdown(main)
	}
	if list := im.unlinked(p.file, title2, section, here, nameOf); list != "" {
		if body != "" {
			body += "\n"
		}
		body += "## Attachments\n\n" + list
	}
	pg, err := im.sink.CreatePage(context.WithoutCancel(im.ctx), store.NewPage{Title: title2, Body: body, Space: space, Parent: parent})
	if err != nil {
		im.rep.Skipped = append(im.rep.Skipped, mdio.Skipped{Path: p.file, Reason: store.ErrorMessage(err)})
		return ""
	}
	im.rep.Pages = append(im.rep.Pages, pg.ID)
	for _, cm := range comments(doc, c) {
		end := strings.IndexByte(body, '\n')
		if end <= 0 {
			end = len([]rune(body))
		} else {
			end = len([]rune(body[:end]))
		}
		text := fmt.Sprintf("**%s**", cm.author)
		if cm.date != "" {
			text += " (" + cm.date + ")"
		}
		text += ", in Confluence:\n\n" + cm.text
		if end == 0 {
			notes = append(notes, "A comment was left out: the page has no text to put it on.")
			continue
		}
		if _, err := im.sink.CreateThread(context.WithoutCancel(im.ctx), pg.ID, pg.Rev, 0, end, text, nil); err != nil {
			notes = append(notes, fmt.Sprintf("A comment by %s was left out: %s", cm.author, store.ErrorMessage(err)))
			continue
		}
		im.rep.Comments++
	}
	for _, n := range notes {
		im.rep.Notes = append(im.rep.Notes, mdio.Skipped{Path: p.file, Reason: n})
	}
	return pg.ID
}

// image stores an image of the export outside its attachments/ folder
// that a page shows (an emoticon), once.
func (im *importer) image(from, src string) (hash, why string) {
	if strings.Contains(src, ":") || strings.HasPrefix(src, "/") {
		return "", fmt.Sprintf("The image %s is not in the export; it was left out.", src)
	}
	src, _, _ = strings.Cut(src, "?")
	p := path.Join(path.Dir(from), src)
	if !fs.ValidPath(p) {
		return "", fmt.Sprintf("The image %s is not in the export; it was left out.", src)
	}
	if h, ok := im.images[p]; ok {
		return h, ""
	}
	im.images[p] = ""
	data, err := mdio.ReadLimited(im.fsys, p, MaxImage)
	if err != nil {
		return "", fmt.Sprintf("The image %s was left out: %s", p, err)
	}
	a, err := im.sink.CreateAttachment(context.WithoutCancel(im.ctx), path.Base(p), data)
	if err != nil {
		return "", fmt.Sprintf("The image %s was left out: %s", p, store.ErrorMessage(err))
	}
	im.images[p] = a.Hash
	im.rep.Images++
	return a.Hash, ""
}

// attachment resolves an address in a page to a file under the export's
// attachments/ folder, as a path in the export.
func (im *importer) attachment(from, ref string) (string, bool) {
	if ref == "" || strings.Contains(ref, ":") || strings.HasPrefix(ref, "/") {
		return "", false
	}
	ref, _, _ = strings.Cut(ref, "#")
	ref, _, _ = strings.Cut(ref, "?")
	p := path.Join(path.Dir(from), ref)
	if !fs.ValidPath(p) || !strings.HasPrefix(p, "attachments/") {
		return "", false
	}
	// Older exports name attachments by their file names, escaped in links.
	if _, err := fs.Stat(im.fsys, p); err != nil {
		if u, err := url.PathUnescape(p); err == nil && u != p && fs.ValidPath(u) {
			if _, err := fs.Stat(im.fsys, u); err == nil {
				return u, true
			}
		}
	}
	return p, true
}

// file stores an attachment once, however many pages name it. One that
// cannot be stored is reported the first time, with the page that named
// it (by says how).
func (im *importer) file(p, name, by string) *stored {
	if f, ok := im.files[p]; ok {
		return f
	}
	f := &stored{}
	im.files[p] = f
	b, image, err := mdio.StoreFile(context.WithoutCancel(im.ctx), im.blobs, im.fsys, p, name, MaxFile)
	if err != nil {
		f.why = store.ErrorMessage(err)
		im.rep.Skipped = append(im.rep.Skipped, mdio.Skipped{Path: p,
			Reason: fmt.Sprintf("“%s”, %s, was not carried over. %s", name, by, f.why)})
		return f
	}
	f.hash, f.image = b.Hash, image
	return f
}

// unlinked stores the attachments of a page that its content does not
// link or show, and returns them as a Markdown list of links: those its
// "Attachments" section lists, in that order, then any other file of its
// folder in the export.
func (im *importer) unlinked(file, title string, section []listedFile, here map[string]bool, nameOf func(at, alias string) string) string {
	var list strings.Builder
	add := func(at string) {
		if here[at] {
			return
		}
		here[at] = true
		name := nameOf(at, "")
		f := im.file(at, name, "attached to “"+title+"”")
		if f.why != "" {
			return
		}
		im.link(at)
		list.WriteString("- [" + escape(name) + "](" + store.AttachmentScheme + f.hash + ")\n")
	}
	for _, a := range section {
		add(a.at)
	}
	if id := pageID(file); id != "" {
		entries, _ := fs.ReadDir(im.fsys, "attachments/"+id)
		for _, e := range entries {
			if !e.IsDir() {
				add("attachments/" + id + "/" + e.Name())
			}
		}
	}
	return list.String()
}

// listedFile is an attachment a page's "Attachments" section lists.
type listedFile struct {
	at   string // its path in the export
	name string // its own file name
}

// attachments reads a page's "Attachments" section, which Confluence
// writes below the content: a heading with the ID "attachments", then a
// link to each attachment with its file name as the link's text.
func attachments(doc *html.Node, from string, resolve func(from, ref string) (string, bool)) []listedFile {
	h := find(doc, func(n *html.Node) bool {
		return attr(n, "id") == "attachments" && (hasClass(n, "pageSectionTitle") || n.DataAtom == atom.H2 || n.DataAtom == atom.H3)
	})
	if h == nil {
		return nil
	}
	sec := h.Parent
	for n := h.Parent; n != nil; n = n.Parent {
		if hasClass(n, "pageSection") {
			sec = n
			break
		}
	}
	if sec == nil {
		return nil
	}
	var out []listedFile
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.DataAtom == atom.A && len(out) < maxListed {
			if at, ok := resolve(from, attr(n, "href")); ok {
				out = append(out, listedFile{at: at, name: strings.TrimSpace(collapse(textOf(n)))})
			}
		}
		for k := n.FirstChild; k != nil; k = k.NextSibling {
			walk(k)
		}
	}
	walk(sec)
	return out
}

// maxListed bounds the attachments read from one page's section.
const maxListed = 10_000

// link counts an attachment some page links or lists, once.
func (im *importer) link(at string) {
	if !im.linked[at] {
		im.linked[at] = true
		im.rep.Files++
	}
}

// pageID is the ID in a page's file name ("Runbooks_65538.html" or
// "65538.html"), which names its folder of attachments; "" for none.
func pageID(file string) string {
	base := strings.TrimSuffix(path.Base(file), ".html")
	if i := strings.LastIndexByte(base, '_'); i >= 0 {
		base = base[i+1:]
	}
	if base == "" || strings.Trim(base, "0123456789") != "" {
		return ""
	}
	return base
}

// unusedAttachments reports the export's attachments that no imported
// page showed, linked or listed.
func (im *importer) unusedAttachments() {
	fs.WalkDir(im.fsys, "attachments", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return nil
		}
		if _, ok := im.files[p]; ok {
			return nil
		}
		im.rep.Skipped = append(im.rep.Skipped, mdio.Skipped{Path: p, Reason: "An attachment of no page that was imported; it was not carried over."})
		return nil
	})
}

type comment struct{ author, date, text string }

// comments reads a page's comments section.
func comments(doc *html.Node, c *converter) []comment {
	sec := find(doc, byID("comments-section"))
	if sec == nil {
		return nil
	}
	var out []comment
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && hasClass(n, "comment") {
			var cm comment
			if a := find(n, func(m *html.Node) bool { return hasClass(m, "author") }); a != nil {
				cm.author = strings.TrimSpace(collapse(textOf(a)))
			}
			if d := find(n, func(m *html.Node) bool { return hasClass(m, "comment-date") || hasClass(m, "date") }); d != nil {
				cm.date = strings.TrimSpace(collapse(textOf(d)))
			}
			if b := find(n, func(m *html.Node) bool { return hasClass(m, "comment-body") }); b != nil {
				cm.text = c.markdown(b)
			}
			if cm.author == "" {
				cm.author = "Someone"
			}
			if strings.TrimSpace(cm.text) != "" {
				out = append(out, cm)
			}
		}
		for k := n.FirstChild; k != nil; k = k.NextSibling {
			walk(k)
		}
	}
	walk(sec)
	return out
}
