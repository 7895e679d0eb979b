package mdio

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// maxNameBytes bounds a file or folder name made from a title, leaving
// room for " (99)" and ".md" under the 255 bytes most file systems allow.
const maxNameBytes = 120

// AttachmentsDir is the folder, at the top of an export, that holds its images.
const AttachmentsDir = "_attachments"

// reserved are names Windows gives to devices, with or without an extension.
var reserved = map[string]bool{"con": true, "prn": true, "aux": true, "nul": true,
	"com1": true, "com2": true, "com3": true, "com4": true, "com5": true, "com6": true, "com7": true, "com8": true, "com9": true,
	"lpt1": true, "lpt2": true, "lpt3": true, "lpt4": true, "lpt5": true, "lpt6": true, "lpt7": true, "lpt8": true, "lpt9": true}

// SafeName turns a title into a file name that is valid on Linux, macOS
// and Windows: no path separators or characters Windows forbids, no
// control characters, no leading or trailing dots and spaces, never "."
// or "..", no reserved device names, and at most maxNameBytes bytes.
// An empty result is "Untitled".
func SafeName(title string) string {
	title = strings.ToValidUTF8(title, "")
	var b strings.Builder
	space := false
	for _, r := range title {
		switch {
		case unicode.Is(unicode.Cf, r):
			continue // invisible: zero-width spaces, direction marks
		case r < 0x20 || r == 0x7f || unicode.IsSpace(r):
			space = true
			continue
		case strings.ContainsRune(`/\:*?"<>|`, r):
			r = '-'
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
	}
	name := strings.Trim(b.String(), " .")
	for len(name) > maxNameBytes {
		_, size := utf8.DecodeLastRuneInString(name)
		name = strings.TrimRight(name[:len(name)-size], " .")
	}
	if name == "" {
		return "Untitled"
	}
	base, _, _ := strings.Cut(name, ".")
	if reserved[strings.ToLower(strings.TrimSpace(base))] {
		name = "_" + name
	}
	if strings.EqualFold(name, AttachmentsDir) {
		name = "_" + name // never mistaken for the images folder
	}
	return name
}

// Namer hands out names that are unique within one folder, ignoring case
// (macOS and Windows do): the second "Notes" becomes "Notes (2)".
type Namer struct {
	used map[string]bool
}

// Reserve marks a name as taken.
func (n *Namer) Reserve(name string) {
	if n.used == nil {
		n.used = map[string]bool{}
	}
	n.used[strings.ToLower(name)] = true
}

// Name returns a free name for title, with ext appended (".md", or "" for
// a folder), and reserves it together with its stem, so that a page and
// its subpages' folder share a name and nothing else does.
func (n *Namer) Name(title, ext string) string {
	stem := SafeName(title)
	for i := 1; ; i++ {
		s := stem
		if i > 1 {
			s = fmt.Sprintf("%s (%d)", stem, i)
		}
		if !n.taken(s) {
			n.Reserve(s)
			n.Reserve(s + ".md")
			return s + ext
		}
	}
}

func (n *Namer) taken(stem string) bool {
	return n.used[strings.ToLower(stem)] || n.used[strings.ToLower(stem+".md")]
}
