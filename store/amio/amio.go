// Package amio writes a workspace's documents out as standard Automerge
// files with a manifest, and reads page documents from such an export
// into a workspace, history and all. It is the way out for the CRDT data
// itself: any Automerge (Rust, JavaScript, Go) loads the files; the
// manifest says what each one is, and its heads, so that a reader can
// check it has the document the export had.
//
// An export is a folder:
//
//	manifest.json              the Manifest
//	docs/<id>.automerge        one document each, as Automerge's save()
//
// Everything read back is untrusted: the manifest is size-limited JSON,
// each file is read through an os.Root of the folder as a regular file of
// at most MaxDocSize bytes whose SHA-256 is the manifest's, and the bytes
// go to the store, which checks them in its sandbox before it loads them.
package amio

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/longhand/longhand/store"
	"github.com/longhand/longhand/store/mdio"
)

// Format and Version name the manifest's layout.
const (
	Format       = "longhand-automerge"
	Version      = 1
	ManifestFile = "manifest.json"
	DocsDir      = "docs"
)

// Limits of what an import reads.
const (
	MaxManifestSize = 64 << 20
	MaxDocSize      = 64 << 20
)

// Manifest lists the documents of an export.
type Manifest struct {
	Format    string  `json:"format"`
	Version   int     `json:"version"`
	Workspace string  `json:"workspace,omitempty"`
	Exported  string  `json:"exported"` // RFC 3339, UTC
	Docs      []Entry `json:"docs"`
}

// Entry is one document of an export. Title, Space and Parent are the
// page's as the export saw them (for pages only), so that a reader can
// rebuild the tree without loading every document.
type Entry struct {
	ID     string   `json:"id"`
	Kind   string   `json:"kind"`
	File   string   `json:"file"`  // slash path inside the export
	Heads  []string `json:"heads"` // hex change hashes, sorted
	Bytes  int      `json:"bytes"`
	SHA256 string   `json:"sha256"`
	Title  string   `json:"title,omitempty"`
	Space  string   `json:"space,omitempty"`
	Parent string   `json:"parent,omitempty"`
}

// Source is what an export reads.
type Source interface {
	SaveDoc(ctx context.Context, id store.DocID) (store.Kind, []byte, []string, error)
	FindPage(ctx context.Context, id store.DocID) (*store.Page, error)
}

// Sink is what an import writes: it checks a page document, gives it a
// new ID and places it, returning the page and the heads it came with.
type Sink interface {
	AdoptPage(ctx context.Context, snapshot []byte, space, parent store.DocID) (*store.Page, string, error)
}

// Report says what an export or import did.
type Report struct {
	Path     string         // the export's folder
	Docs     int            // documents written or pages made
	Skipped  []mdio.Skipped // documents not imported, and why
	Manifest *Manifest
	Pages    []store.DocID // pages made by an import, parents first
}

// Export writes the documents ids into a new folder named name inside dir
// ("name (2)" and so on when it exists). now stamps the manifest.
func Export(ctx context.Context, src Source, workspace store.DocID, ids []store.DocID, dir, name string, now time.Time) (*Report, error) {
	root, out, err := newFolder(dir, name)
	if err != nil {
		return nil, err
	}
	defer root.Close()
	if err := root.Mkdir(DocsDir, 0o755); err != nil {
		return nil, fmt.Errorf("make %s: %w", DocsDir, err)
	}
	m := &Manifest{Format: Format, Version: Version, Workspace: string(workspace), Exported: now.UTC().Format(time.RFC3339), Docs: []Entry{}}
	for _, id := range ids {
		kind, data, heads, err := src.SaveDoc(ctx, id)
		if err != nil {
			return nil, fmt.Errorf("export %s: %s", id, store.ErrorMessage(err))
		}
		sum := sha256.Sum256(data)
		e := Entry{ID: string(id), Kind: string(kind), File: path.Join(DocsDir, string(id)+".automerge"), Heads: heads,
			Bytes: len(data), SHA256: hex.EncodeToString(sum[:])}
		if e.Heads == nil {
			e.Heads = []string{}
		}
		if kind == store.KindPage {
			if p, err := src.FindPage(ctx, id); err == nil {
				e.Title, e.Space, e.Parent = p.Title, string(p.Space), string(p.Parent)
			}
		}
		if err := root.WriteFile(e.File, data, 0o644); err != nil {
			return nil, fmt.Errorf("write %s: %w", e.File, err)
		}
		m.Docs = append(m.Docs, e)
	}
	js, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return nil, err
	}
	if err := root.WriteFile(ManifestFile, append(js, '\n'), 0o644); err != nil {
		return nil, fmt.Errorf("write %s: %w", ManifestFile, err)
	}
	return &Report{Path: out, Docs: len(m.Docs), Manifest: m}, nil
}

func newFolder(dir, name string) (*os.Root, string, error) {
	if dir == "" || !filepath.IsAbs(dir) {
		return nil, "", store.Errorf(store.EINVALID, "Choose a folder by its full path.")
	}
	base := mdio.SafeName(name)
	for i := 1; i < 1000; i++ {
		n := base
		if i > 1 {
			n = fmt.Sprintf("%s (%d)", base, i)
		}
		p := filepath.Join(dir, n)
		err := os.Mkdir(p, 0o755)
		if errors.Is(err, fs.ErrExist) {
			continue
		}
		if err != nil {
			return nil, "", store.Errorf(store.EINVALID, "Longhand cannot write in %s: %v.", dir, err)
		}
		root, err := os.OpenRoot(p)
		if err != nil {
			return nil, "", err
		}
		return root, p, nil
	}
	return nil, "", store.Errorf(store.ECONFLICT, "%s holds too many folders named %s.", dir, base)
}

// ReadManifest reads and checks an export's manifest.
func ReadManifest(root *os.Root) (*Manifest, error) {
	f, _, err := mdio.OpenRegular(root, ManifestFile)
	if err != nil {
		return nil, store.Errorf(store.EINVALID, "The folder is not an Automerge export from Longhand: it has no readable %s (%v).", ManifestFile, err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, MaxManifestSize+1))
	if err != nil {
		return nil, store.Errorf(store.EINVALID, "Its %s could not be read (%v).", ManifestFile, err)
	}
	if len(data) > MaxManifestSize {
		return nil, store.Errorf(store.EINVALID, "Its %s is larger than %d MB.", ManifestFile, MaxManifestSize>>20)
	}
	var m Manifest
	if err := json.Unmarshal(data, &m); err != nil {
		return nil, store.Errorf(store.EINVALID, "Its %s is not valid JSON (%v).", ManifestFile, err)
	}
	if m.Format != Format {
		return nil, store.Errorf(store.EINVALID, "Its %s is not a Longhand Automerge export (format %q).", ManifestFile, m.Format)
	}
	if m.Version != Version {
		return nil, store.Errorf(store.EINVALID, "It is an Automerge export of version %d; this Longhand reads version %d.", m.Version, Version)
	}
	return &m, nil
}

// Import makes a page in space of every page document of the export in
// dir, keeping each one's history, and its place under the pages of the
// export that are its parents (the others go at the top of space). A
// document that cannot be read is reported and skipped; the rest are
// imported anyway.
func Import(ctx context.Context, sink Sink, space store.DocID, dir string) (*Report, error) {
	if dir == "" || !filepath.IsAbs(dir) {
		return nil, store.Errorf(store.EINVALID, "Choose a folder by its full path.")
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, store.Errorf(store.ENOTFOUND, "The folder %s cannot be opened (%v).", dir, err)
	}
	defer root.Close()
	m, err := ReadManifest(root)
	if err != nil {
		return nil, err
	}
	rep := &Report{Path: dir, Manifest: m, Skipped: []mdio.Skipped{}, Pages: []store.DocID{}}
	pages := map[string]Entry{}
	for _, e := range m.Docs {
		switch {
		case e.Kind != string(store.KindPage):
			rep.Skipped = append(rep.Skipped, mdio.Skipped{Path: e.File, Reason: fmt.Sprintf("It is a %q document; only pages are imported into a space.", e.Kind)})
		case store.DocID(e.ID).Validate() != nil:
			rep.Skipped = append(rep.Skipped, mdio.Skipped{Path: e.File, Reason: "Its ID in the manifest is not a document ID."})
		case pages[e.ID].ID != "":
			rep.Skipped = append(rep.Skipped, mdio.Skipped{Path: e.File, Reason: "The manifest lists this document twice."})
		default:
			pages[e.ID] = e
		}
	}
	// Parents first: a page whose parent is in the export goes under it.
	made := map[string]store.DocID{}
	var order []Entry
	placed := map[string]bool{}
	var visit func(e Entry, depth int)
	visit = func(e Entry, depth int) {
		if placed[e.ID] {
			return
		}
		placed[e.ID] = true
		if p, ok := pages[e.Parent]; ok && depth < 64 {
			visit(p, depth+1)
		}
		order = append(order, e)
	}
	for _, id := range slices.Sorted(maps.Keys(pages)) {
		visit(pages[id], 0)
	}
	for _, e := range order {
		if ctx.Err() != nil {
			rep.Skipped = append(rep.Skipped, mdio.Skipped{Path: e.File, Reason: "The import was stopped here."})
			break
		}
		data, err := readDoc(root, e)
		if err != nil {
			rep.Skipped = append(rep.Skipped, mdio.Skipped{Path: e.File, Reason: err.Error()})
			continue
		}
		p, heads, err := sink.AdoptPage(ctx, data, space, made[e.Parent])
		if err != nil {
			rep.Skipped = append(rep.Skipped, mdio.Skipped{Path: e.File, Reason: store.ErrorMessage(err)})
			continue
		}
		if want := joinHeads(e.Heads); heads != want {
			rep.Skipped = append(rep.Skipped, mdio.Skipped{Path: e.File, Reason: fmt.Sprintf("Imported, but its heads %s are not the manifest's %s.", heads, want)})
		}
		made[e.ID] = p.ID
		rep.Pages = append(rep.Pages, p.ID)
	}
	rep.Docs = len(rep.Pages)
	return rep, nil
}

func readDoc(root *os.Root, e Entry) ([]byte, error) {
	if !fs.ValidPath(e.File) || path.Ext(e.File) != ".automerge" {
		return nil, errors.New("Its file name in the manifest is not one inside the export.")
	}
	f, fi, err := mdio.OpenRegular(root, e.File)
	if err != nil {
		return nil, fmt.Errorf("Its file could not be read (%v).", err)
	}
	defer f.Close()
	if fi.Size() > MaxDocSize {
		return nil, fmt.Errorf("Its file is larger than %d MB.", MaxDocSize>>20)
	}
	data, err := io.ReadAll(io.LimitReader(f, MaxDocSize+1))
	if err != nil {
		return nil, fmt.Errorf("Its file could not be read (%v).", err)
	}
	sum := sha256.Sum256(data)
	if hex.EncodeToString(sum[:]) != e.SHA256 {
		return nil, errors.New("Its file is not the one the manifest names: its SHA-256 differs.")
	}
	return data, nil
}

func joinHeads(hs []string) string {
	s := slices.Clone(hs)
	slices.Sort(s)
	return strings.Join(s, ",")
}
