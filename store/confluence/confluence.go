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
//   - images the content shows from the export's attachments/ folder,
//     stored as attachments.
//
// Links between pages of the export become [[links]]; other links keep
// their address when it is http(s) or mailto, else only their text.
// Not carried over, and said so in the report: attachments that are not
// images shown in a page (they are listed), macros Confluence exports as
// scripts or placeholders, page history, labels, permissions, and who
// wrote what (comments keep their author's name and date in their text).
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
	MaxPageFile = 16 << 20 // bytes of one page's .html
	MaxImage    = store.MaxAttachmentSize
	MaxPages    = 100_000
	MaxDepth    = 64
)

// Sink is where an import makes pages, images and comments.
type Sink interface {
	mdio.Sink
	CreateThread(ctx context.Context, page store.DocID, rev string, start, end int, body string, mentions []store.DocID) (*store.Thread, error)
}

// Report says what an import did.
type Report struct {
	Space    string        // the Confluence space's name
	Pages    []store.DocID // made, parents first
	Images   int
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
	im := &importer{ctx: ctx, sink: sink, fsys: fsys, rep: rep, titles: titles, images: map[string]string{}, used: map[string]bool{}}
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
	fsys   fs.FS
	rep    *Report
	titles map[string]string
	images map[string]string // attachment path → hash, "" when refused
	used   map[string]bool   // attachment files shown in a page
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
	var notes []string
	c := &converter{
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
		image: func(src, alt string) (string, bool) {
			h, why := im.image(p.file, src)
			if h == "" {
				if why != "" {
					notes = append(notes, why)
				}
				return "", false
			}
			return "![" + escape(alt) + "](" + store.AttachmentScheme + h + ")", true
		},
	}
	body := ""
	if main := find(doc, byID("main-content")); main != nil {
		body = c.markdown(main)
	}
	var title2 string
	if title2, err = store.NormalizeTitle(mdio.CleanTitle(title)); err != nil {
		title2 = "Untitled"
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

// image stores an image of the export that a page shows, once.
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
	im.used[p] = true
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

// unusedAttachments lists the export's attachments that no page showed.
func (im *importer) unusedAttachments() {
	fs.WalkDir(im.fsys, "attachments", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || im.used[p] {
			return nil
		}
		im.rep.Skipped = append(im.rep.Skipped, mdio.Skipped{Path: p, Reason: "An attachment no page shows as an image; Longhand keeps images only."})
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
