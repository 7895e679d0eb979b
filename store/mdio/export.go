package mdio

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"github.com/longhand/longhand/store"
)

// File is one file of an export: a slash path relative to the export's
// folder and its bytes.
type File struct {
	Path string
	Data []byte
	Page store.DocID // the page it holds
}

// Tree orders pages as their tree: each page's children by position.
// Pages whose parent is not among them sit at the top.
func Tree(pages []store.Page) (top []*Node) {
	byID := map[store.DocID]*Node{}
	for i := range pages {
		byID[pages[i].ID] = &Node{Page: &pages[i]}
	}
	for i := range pages {
		n := byID[pages[i].ID]
		if p, ok := byID[pages[i].Parent]; ok && pages[i].Parent != pages[i].ID {
			p.Children = append(p.Children, n)
		} else {
			top = append(top, n)
		}
	}
	var sortNodes func([]*Node)
	sortNodes = func(ns []*Node) {
		sort.SliceStable(ns, func(i, j int) bool {
			a, b := ns[i].Page, ns[j].Page
			if a.Position != b.Position {
				return a.Position < b.Position
			}
			return a.ID < b.ID
		})
		for _, n := range ns {
			sortNodes(n.Children)
		}
	}
	sortNodes(top)
	return top
}

// Node is a page with its subpages.
type Node struct {
	Page     *store.Page
	Children []*Node
}

// Exported is the result of planning an export.
type Exported struct {
	Files       []File   // Markdown files, parents before children
	Attachments []string // hashes of the images the pages show, each once
}

// PageFile returns one page as a Markdown file: front matter, then the
// body with attachment:<hash> images pointing at dir/<hash><ext>, where
// ext(hash) gives the extension ("" leaves the image as it is).
func PageFile(p *store.Page, order int, attDir string, ext func(hash string) string, used func(hash string)) []byte {
	return pageFile(p, order, attDir, ext, used, nil)
}

// pageFile is PageFile with [[links]] rewritten by wiki, when not nil.
func pageFile(p *store.Page, order int, attDir string, ext func(hash string) string, used func(hash string), wiki WikiLinkFunc) []byte {
	body := RewriteLinks(p.Body, func(l Link) (string, bool) {
		h, ok := strings.CutPrefix(l.Dest, store.AttachmentScheme)
		if !ok || store.ValidateAttachmentHash(h) != nil {
			return "", false
		}
		e := ext(h)
		if e == "" {
			return "", false
		}
		used(h)
		l.Dest = path.Join(attDir, h+e)
		return l.String(), true
	})
	if wiki != nil {
		body = RewriteWikiLinks(body, wiki)
	}
	fm := FrontMatter{ID: string(p.ID), Title: p.Title, Order: order, Created: p.CreatedAt, Updated: p.UpdatedAt}
	return []byte(RenderPageFile(fm, body))
}

// PlanExport lays out a page tree as files: each page as "<Title>.md",
// its subpages in a folder "<Title>/" beside it, names made safe and
// unique per folder; images under AttachmentsDir at the top, linked
// relatively. [[links]] to pages of the tree become relative links to
// their files, anchors kept: [[Title#anchor|text]] is
// [text](path/Title.md#anchor). ext gives an attachment's extension, ""
// when it is missing.
func PlanExport(top []*Node, ext func(hash string) string) Exported {
	var out Exported
	seen := map[string]bool{}
	used := func(h string) {
		if !seen[h] {
			seen[h] = true
			out.Attachments = append(out.Attachments, h)
		}
	}
	// First every page's file, so that links can find them.
	type placed struct {
		n     *Node
		file  string
		order int
		depth int
	}
	var all []placed
	byTitle := map[string][]string{}  // exact title → files
	byTarget := map[string][]string{} // title as links match it → files
	var walk func(ns []*Node, dir string, depth int)
	walk = func(ns []*Node, dir string, depth int) {
		var names Namer
		if depth == 0 {
			names.Reserve(AttachmentsDir)
		}
		for i, n := range ns {
			name := names.Name(n.Page.Title, ".md")
			f := path.Join(dir, name)
			all = append(all, placed{n, f, i + 1, depth})
			byTitle[n.Page.Title] = append(byTitle[n.Page.Title], f)
			t := store.LinkTarget(n.Page.Title)
			byTarget[t] = append(byTarget[t], f)
			if len(n.Children) > 0 {
				walk(n.Children, path.Join(dir, strings.TrimSuffix(name, ".md")), depth+1)
			}
		}
	}
	walk(top, "", 0)
	for _, pl := range all {
		from := path.Dir(pl.file)
		wiki := func(title, anchor, text, written string) (string, bool) {
			files := byTitle[title]
			if len(files) != 1 {
				files = byTarget[store.LinkTarget(title)]
			}
			if len(files) != 1 {
				return "", false // a page outside the export, or one of several
			}
			if !strings.Contains(written, "|") {
				text = strings.TrimSuffix(strings.TrimPrefix(written, "[["), "]]")
			}
			dest := relativeURL(from, files[0])
			if anchor != "" {
				dest += "#" + anchor
			}
			return Link{Text: text, Dest: dest}.String(), true
		}
		attDir := strings.Repeat("../", pl.depth) + AttachmentsDir
		out.Files = append(out.Files, File{Path: pl.file, Data: pageFile(pl.n.Page, pl.order, attDir, ext, used, wiki), Page: pl.n.Page.ID})
	}
	return out
}

// relativeURL is the link from a file in folder from to the file at to,
// both slash paths in one tree, escaped for a Markdown link.
func relativeURL(from, to string) string {
	var fp []string
	if from != "." && from != "" {
		fp = strings.Split(from, "/")
	}
	tp := strings.Split(to, "/")
	i := 0
	for i < len(fp) && i < len(tp)-1 && fp[i] == tp[i] {
		i++
	}
	var parts []string
	for range fp[i:] {
		parts = append(parts, "..")
	}
	for _, s := range tp[i:] {
		parts = append(parts, url.PathEscape(s))
	}
	return strings.Join(parts, "/")
}

// Source is what an export reads pages and images from.
type Source interface {
	FindPages(ctx context.Context, f store.PageFilter) ([]store.PageSummary, error)
	FindPage(ctx context.Context, id store.DocID) (*store.Page, error)
	// OpenBlob reads an attached file (an image or any other), chunk by
	// chunk: an export streams files, never holding one whole.
	OpenBlob(ctx context.Context, hash string) (io.ReadSeekCloser, *store.Blob, error)
}

// ExportReport says what an export wrote.
type ExportReport struct {
	Path     string                 // the folder or file written
	Pages    int                    // Markdown files written
	Files    map[store.DocID]string // the file of each page, a slash path inside Path
	Images   int                    // image files written
	Other    int                    // other attached files written
	Problems []string               // images that could not be written, and why
}

// ExportSpace writes the live pages of a space into a new folder named
// after it inside dir ("Name (2)" when that exists), and returns its path.
// Nothing outside that folder is written.
func ExportSpace(ctx context.Context, src Source, space store.Space, dir string) (*ExportReport, error) {
	sums, err := src.FindPages(ctx, store.PageFilter{Space: space.ID})
	if err != nil {
		return nil, err
	}
	pages := make([]store.Page, 0, len(sums))
	for _, s := range sums {
		p, err := src.FindPage(ctx, s.ID)
		if err != nil {
			return nil, err
		}
		pages = append(pages, *p)
	}
	root, err := openDir(dir)
	if err != nil {
		return nil, err
	}
	defer root.Close()
	// A fresh folder, so an export never mixes with or overwrites files.
	var names Namer
	var folder string
	for i := 0; ; i++ {
		folder = names.Name(space.Name, "")
		if err := root.Mkdir(folder, 0o755); err == nil {
			break
		} else if !errors.Is(err, fs.ErrExist) || i > 1000 {
			return nil, writeError(dir, err)
		}
	}
	out, err := root.OpenRoot(folder)
	if err != nil {
		return nil, writeError(dir, err)
	}
	defer out.Close()
	rep := &ExportReport{Path: filepath.Join(dir, folder)}
	atts := map[string]*store.Blob{}
	plan := PlanExport(Tree(pages), attachmentExt(ctx, src, atts, rep))
	if err := writePlan(ctx, src, out, plan, atts, rep); err != nil {
		return nil, writeError(rep.Path, err)
	}
	return rep, nil
}

// ExportPage writes one page to the Markdown file at file, replacing it,
// and its images into AttachmentsDir beside it.
func ExportPage(ctx context.Context, src Source, id store.DocID, file string) (*ExportReport, error) {
	p, err := src.FindPage(ctx, id)
	if err != nil {
		return nil, err
	}
	dir, name := filepath.Split(file)
	if name == "" || name == "." || name == ".." {
		return nil, store.Errorf(store.EINVALID, "Choose a file name to export to.")
	}
	if dir == "" {
		dir = "."
	}
	root, err := openDir(dir)
	if err != nil {
		return nil, err
	}
	defer root.Close()
	rep := &ExportReport{Path: file}
	atts := map[string]*store.Blob{}
	var used []string
	data := PageFile(p, 0, AttachmentsDir, attachmentExt(ctx, src, atts, rep), func(h string) {
		if !contains(used, h) {
			used = append(used, h)
		}
	})
	plan := Exported{Files: []File{{Path: name, Data: data, Page: p.ID}}, Attachments: used}
	if err := writePlan(ctx, src, root, plan, atts, rep); err != nil {
		return nil, writeError(file, err)
	}
	return rep, nil
}

// attachmentExt returns a function that finds an attached file once,
// keeps it in atts, and gives its file extension, or "" (with a problem in
// rep) when it is not here whole.
func attachmentExt(ctx context.Context, src Source, atts map[string]*store.Blob, rep *ExportReport) func(string) string {
	return func(h string) string {
		b, ok := atts[h]
		if !ok {
			r, found, err := src.OpenBlob(ctx, h)
			if err != nil {
				rep.Problems = append(rep.Problems, fmt.Sprintf("File %s…: %s", h[:12], store.ErrorMessage(err)))
				found = nil
			} else {
				r.Close()
			}
			b, atts[h] = found, found
		}
		if b == nil {
			return ""
		}
		return BlobExt(b)
	}
}

var plainExt = regexp.MustCompile(`^\.[A-Za-z0-9]{1,10}$`)

// BlobExt is the extension an attached file is written with: an image's
// from its type, any other file's from its name (".bin" when it has none
// fit for a file name).
func BlobExt(b *store.Blob) string {
	if e := store.MimeExt(b.Mime); e != ".bin" {
		return e
	}
	if e := path.Ext(b.Name); plainExt.MatchString(e) {
		return strings.ToLower(e)
	}
	return ".bin"
}

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

func writePlan(ctx context.Context, src Source, root *os.Root, plan Exported, atts map[string]*store.Blob, rep *ExportReport) error {
	for _, f := range plan.Files {
		if d := path.Dir(f.Path); d != "." {
			if err := root.MkdirAll(d, 0o755); err != nil {
				return err
			}
		}
		if err := root.WriteFile(f.Path, f.Data, 0o644); err != nil {
			return err
		}
		rep.Pages++
		if f.Page != "" {
			if rep.Files == nil {
				rep.Files = map[store.DocID]string{}
			}
			rep.Files[f.Page] = f.Path
		}
	}
	if len(plan.Attachments) > 0 {
		if err := root.MkdirAll(AttachmentsDir, 0o755); err != nil {
			return err
		}
	}
	for _, h := range plan.Attachments {
		b := atts[h]
		if b == nil {
			continue
		}
		if err := writeBlob(ctx, src, root, path.Join(AttachmentsDir, h+BlobExt(b)), h); err != nil {
			return err
		}
		if store.MimeExt(b.Mime) != ".bin" {
			rep.Images++
		} else {
			rep.Other++
		}
	}
	return nil
}

// writeBlob streams an attached file into the export.
func writeBlob(ctx context.Context, src Source, root *os.Root, name, hash string) error {
	r, _, err := src.OpenBlob(ctx, hash)
	if err != nil {
		return err
	}
	defer r.Close()
	f, err := root.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o644)
	if err != nil {
		return err
	}
	if _, err := io.Copy(f, r); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

func openDir(dir string) (*os.Root, error) {
	if dir == "" || !filepath.IsAbs(dir) {
		return nil, store.Errorf(store.EINVALID, "Choose a folder by its full path.")
	}
	root, err := os.OpenRoot(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, store.Errorf(store.ENOTFOUND, "The folder %s does not exist.", dir)
	}
	if err != nil {
		return nil, store.Errorf(store.EINVALID, "Longhand cannot open the folder %s: %v.", dir, unwrap(err))
	}
	return root, nil
}

func writeError(p string, err error) error {
	return store.Errorf(store.EUNAVAILABLE, "Longhand could not write %s: %v.", p, unwrap(err))
}

func unwrap(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
