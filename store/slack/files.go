package slack

import (
	"context"
	"fmt"
	"io/fs"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/longhand/longhand/store"
	"github.com/longhand/longhand/store/mdio"
)

// files carries over the files an export holds, each stored once however
// many messages share it.
type files struct {
	work  context.Context
	blobs mdio.Blobs // nil when the sink cannot store files
	fsys  fs.FS
	rep   *Report
	done  map[string]*stored // path in the export → what became of it
}

// stored is what became of a file of the export: the blob it is, or why
// it was not carried over.
type stored struct {
	hash  string
	image bool   // a message can show it as an image
	why   string // "" when it was stored
}

// fileID is the shape of Slack's file IDs (F0123ABCD).
var fileID = regexp.MustCompile(`^F[A-Z0-9]{1,40}$`)

// locate finds the bytes of a file a message in folder dir shares, in the
// layouts the package comment lists; ok false when the export does not
// hold them.
func (fl *files) locate(dir string, f file) (string, bool) {
	var candidates []string
	if fileID.MatchString(f.ID) && f.Name != "" {
		candidates = append(candidates, "__uploads/"+f.ID+"/"+f.Name, dir+"/attachments/"+f.ID+"-"+f.Name)
	}
	for _, u := range []string{f.URLPrivateDownload, f.URLPrivate} {
		if u != "" && !strings.Contains(u, ":") && !strings.HasPrefix(u, "/") {
			candidates = append(candidates, dir+"/"+u)
		}
	}
	for _, p := range candidates {
		if !fs.ValidPath(p) {
			continue
		}
		if fi, err := fs.Stat(fl.fsys, p); err == nil && !fi.IsDir() {
			return p, true
		}
	}
	return "", false
}

// attach stores the files a message shares that the export holds and
// returns a line for each: a link to the stored file, or its name and
// why it is not here. missing counts those the export does not hold.
func (fl *files) attach(dir, when string, shared []file) (lines []string, missing int) {
	for _, f := range shared {
		name := store.AttachmentName(f.Name)
		title := strings.Join(strings.Fields(f.Title), " ")
		if name == "" {
			name = store.AttachmentName(title)
		}
		if title == "" {
			title = name
		}
		if name == "" {
			name, title = "Untitled", "Untitled"
		}
		p, ok := fl.locate(dir, f)
		if !ok {
			missing++
			lines = append(lines, fmt.Sprintf("📎 %s (a file in Slack, not in the export)", escape(title)))
			continue
		}
		s := fl.store(p, name, when)
		switch {
		case s.why != "":
			lines = append(lines, fmt.Sprintf("📎 %s (a file in the export that could not be carried over)", escape(title)))
		case s.image:
			lines = append(lines, "!["+escape(title)+"]("+store.AttachmentScheme+s.hash+")")
		default:
			lines = append(lines, "["+escape(name)+"]("+store.AttachmentScheme+s.hash+")")
		}
	}
	return lines, missing
}

// store stores the file at p once; one that cannot be stored is reported
// the first time, with when it was shared.
func (fl *files) store(p, name, when string) *stored {
	if s, ok := fl.done[p]; ok {
		return s
	}
	s := &stored{}
	fl.done[p] = s
	if fl.blobs == nil {
		s.why = "This import cannot store files."
	} else if b, image, err := mdio.StoreFile(fl.work, fl.blobs, fl.fsys, p, name, MaxFile); err != nil {
		s.why = store.ErrorMessage(err)
	} else {
		s.hash, s.image = b.Hash, image
		fl.rep.Files++
		return s
	}
	fl.rep.Skipped = append(fl.rep.Skipped, mdio.Skipped{Path: p,
		Reason: fmt.Sprintf("“%s”, shared %s, was not carried over. %s", name, when, s.why)})
	return s
}

// unshared counts, in the report, the files of __uploads/ that no
// imported message shares: those of conversations that were not imported.
func (fl *files) unshared() {
	n := 0
	fs.WalkDir(fl.fsys, "__uploads", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && fl.done[p] == nil {
			n++
		}
		return nil
	})
	if n > 0 {
		fl.rep.Skipped = append(fl.rep.Skipped, mdio.Skipped{Path: "__uploads/",
			Reason: fmt.Sprintf("Not carried over: %d files that no imported message shares (those of conversations that were not imported).", n)})
	}
}

// escape keeps a file's name or title from being read as Markdown.
func escape(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch r {
		case '\\', '*', '_', '[', ']', '`', '<', '~':
			b.WriteRune('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// compose joins a message's head, its text and its files' lines, each a
// paragraph, into at most limit characters (0 for no limit). The text is
// cut when the whole would be longer, so the links to the files stay
// whole.
func compose(head, text string, lines []string, limit int) string {
	parts := func(text string) string {
		var ps []string
		if text != "" {
			ps = append(ps, text)
		}
		return head + strings.Join(append(ps, lines...), "\n\n")
	}
	body := parts(text)
	over := utf8.RuneCountInString(body) - limit
	if limit <= 0 || over <= 0 {
		return body
	}
	if r := []rune(text); over+1 < len(r) {
		return parts(string(r[:len(r)-over-1]) + "…")
	}
	// Even without its text it is too long: cut the whole, as before.
	return string([]rune(body)[:limit-1]) + "…"
}
