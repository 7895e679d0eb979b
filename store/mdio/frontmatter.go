package mdio

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// FrontMatter is the YAML block at the top of an exported page.
type FrontMatter struct {
	ID      string    // the page's document ID; informative only on import
	Title   string    // the page title
	Order   int       // place among its siblings, from 1; 0 when unknown
	Created time.Time // zero when unknown
	Updated time.Time
	// Fields holds every top-level scalar of a decoded block by key,
	// including the ones above, so that other tools' keys survive.
	Fields map[string]string
}

// maxFrontMatter bounds the front matter block, in bytes.
const maxFrontMatter = 64 << 10

// Encode returns the front matter block followed by body, in the form
// Decode reads.
func Encode(fm FrontMatter, body string) string {
	var b strings.Builder
	b.WriteString("---\n")
	if fm.ID != "" {
		b.WriteString("id: " + quote(fm.ID) + "\n")
	}
	b.WriteString("title: " + quote(fm.Title) + "\n")
	if fm.Order > 0 {
		b.WriteString("order: " + strconv.Itoa(fm.Order) + "\n")
	}
	if !fm.Created.IsZero() {
		b.WriteString("created: " + fm.Created.UTC().Format(time.RFC3339) + "\n")
	}
	if !fm.Updated.IsZero() {
		b.WriteString("updated: " + fm.Updated.UTC().Format(time.RFC3339) + "\n")
	}
	known := map[string]bool{"id": true, "title": true, "order": true, "created": true, "updated": true}
	keys := make([]string, 0, len(fm.Fields))
	for k := range fm.Fields {
		if !known[k] && validKey(k) && !strings.HasPrefix(k, OwnKeyPrefix) {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	for _, k := range keys {
		b.WriteString(k + ": " + quote(fm.Fields[k]) + "\n")
	}
	b.WriteString("---\n\n")
	b.WriteString(body)
	return b.String()
}

// quote writes s as a YAML double-quoted scalar (JSON's string syntax is a
// subset of it).
func quote(s string) string {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(strings.ToValidUTF8(s, "\uFFFD")) // a string always encodes
	return strings.TrimSuffix(buf.String(), "\n")
}

func validKey(k string) bool {
	if k == "" || len(k) > 64 {
		return false
	}
	for _, c := range k {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-') {
			return false
		}
	}
	return true
}

// Decode splits a Markdown file into its front matter and body. A file
// without a block has a zero FrontMatter and found false. A block that
// opens and closes but cannot be read returns an error with the whole
// text as body, so that nothing is lost when a caller keeps it as text.
//
// It reads the subset of YAML that front matter uses: "key: value" lines
// with plain, 'single' or "double" quoted scalars, comments, and nested
// values or lists under keys, which are skipped.
func Decode(text string) (fm FrontMatter, body string, found bool, err error) {
	text = strings.TrimPrefix(text, "\uFEFF")
	first, _, ok := strings.Cut(text, "\n")
	if !ok || strings.TrimRight(first, " \t\r") != "---" {
		return FrontMatter{}, text, false, nil
	}
	// The block ends at the first line that is "---" or "...".
	var lines []string
	end := -1
	off := len(first) + 1
	for off <= len(text) && off-len(first) <= maxFrontMatter {
		line, _, more := strings.Cut(text[off:], "\n")
		t := strings.TrimRight(line, " \t\r")
		if t == "---" || t == "..." {
			end = off + len(line)
			if more {
				end++
			}
			break
		}
		lines = append(lines, strings.TrimSuffix(line, "\r"))
		if !more {
			break
		}
		off += len(line) + 1
	}
	if end < 0 {
		return FrontMatter{}, text, false, nil // a thematic break, not a block
	}
	fm.Fields = map[string]string{}
	for i, line := range lines {
		if strings.TrimSpace(line) == "" || strings.HasPrefix(strings.TrimSpace(line), "#") {
			continue
		}
		if line[0] == ' ' || line[0] == '\t' || strings.HasPrefix(line, "- ") || line == "-" {
			continue // part of a nested value or list of the key above
		}
		key, val, ok := strings.Cut(line, ":")
		key = strings.TrimSpace(key)
		if !ok || !validKey(key) {
			return FrontMatter{}, text, false, fmt.Errorf("front matter line %d is not “key: value”", i+2)
		}
		if val != "" && val[0] != ' ' && val[0] != '\t' {
			return FrontMatter{}, text, false, fmt.Errorf("front matter line %d is not “key: value”", i+2)
		}
		v, err := scalar(strings.TrimSpace(val))
		if err != nil {
			return FrontMatter{}, text, false, fmt.Errorf("front matter line %d: %v", i+2, err)
		}
		if _, dup := fm.Fields[key]; dup {
			return FrontMatter{}, text, false, fmt.Errorf("front matter line %d repeats %q", i+2, key)
		}
		fm.Fields[key] = v
	}
	fm.ID = fm.Fields["id"]
	fm.Title = fm.Fields["title"]
	if o, err := strconv.Atoi(fm.Fields["order"]); err == nil && o > 0 {
		fm.Order = o
	}
	fm.Created = parseTime(fm.Fields["created"])
	fm.Updated = parseTime(fm.Fields["updated"])
	body = text[end:]
	body = strings.TrimPrefix(strings.TrimPrefix(body, "\r\n"), "\n")
	return fm, body, true, nil
}

// scalar reads a YAML flow scalar: plain, single- or double-quoted.
func scalar(v string) (string, error) {
	switch {
	case v == "" || v == "~" || v == "null":
		return "", nil
	case v[0] == '"':
		return doubleQuoted(v)
	case v[0] == '\'':
		if len(v) < 2 || v[len(v)-1] != '\'' {
			return "", fmt.Errorf("a quoted value does not end")
		}
		inner := v[1 : len(v)-1]
		if strings.Count(strings.ReplaceAll(inner, "''", ""), "'") > 0 {
			return "", fmt.Errorf("a quote inside a quoted value must be doubled")
		}
		return strings.ReplaceAll(inner, "''", "'"), nil
	case v[0] == '[' || v[0] == '{':
		return "", nil // a list or map: not a value Longhand reads
	case v[0] == '|' || v[0] == '>':
		return "", nil // a block scalar on the following, indented lines
	}
	if i := strings.Index(v, " #"); i >= 0 {
		v = strings.TrimSpace(v[:i])
	}
	return v, nil
}

func doubleQuoted(v string) (string, error) {
	var b strings.Builder
	for i := 1; i < len(v); {
		c := v[i]
		switch {
		case c == '"':
			if rest := strings.TrimSpace(v[i+1:]); rest != "" && !strings.HasPrefix(rest, "#") {
				return "", fmt.Errorf("text after a quoted value")
			}
			return b.String(), nil
		case c == '\\':
			if i+1 >= len(v) {
				return "", fmt.Errorf("a quoted value does not end")
			}
			e := v[i+1]
			i += 2
			switch e {
			case '"', '\\', '/':
				b.WriteByte(e)
			case 'n':
				b.WriteByte('\n')
			case 't':
				b.WriteByte('\t')
			case 'r':
				b.WriteByte('\r')
			case '0':
				b.WriteByte(0)
			case ' ':
				b.WriteByte(' ')
			case 'b':
				b.WriteByte('\b')
			case 'f':
				b.WriteByte('\f')
			case 'x', 'u', 'U':
				n := map[byte]int{'x': 2, 'u': 4, 'U': 8}[e]
				if i+n > len(v) {
					return "", fmt.Errorf("a short escape in a quoted value")
				}
				r, err := strconv.ParseUint(v[i:i+n], 16, 32)
				if err != nil {
					return "", fmt.Errorf("a bad escape in a quoted value")
				}
				// JSON writes characters outside the BMP as surrogate pairs.
				if e == 'u' && r >= 0xD800 && r < 0xDC00 && i+10 <= len(v) && v[i+4] == '\\' && v[i+5] == 'u' {
					lo, err := strconv.ParseUint(v[i+6:i+10], 16, 32)
					if err == nil && lo >= 0xDC00 && lo < 0xE000 {
						b.WriteRune(rune((r-0xD800)<<10 + (lo - 0xDC00) + 0x10000))
						i += 10
						continue
					}
				}
				if !utf8.ValidRune(rune(r)) {
					return "", fmt.Errorf("a bad escape in a quoted value")
				}
				b.WriteRune(rune(r))
				i += n
			default:
				return "", fmt.Errorf("an unknown escape \\%c in a quoted value", e)
			}
		default:
			b.WriteByte(c)
			i++
		}
	}
	return "", fmt.Errorf("a quoted value does not end")
}

func parseTime(s string) time.Time {
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05", "2006-01-02 15:04:05", "2006-01-02"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC()
		}
	}
	return time.Time{}
}

// OwnKeyPrefix starts the names of Longhand's own keys in a file whose
// front matter is a person's (or another tool's), so that they are kept
// apart: "longhand-id", "longhand-title", "longhand-order",
// "longhand-created" and "longhand-updated" never take the place of the
// person's "id", "title" or "order", and are the only lines Longhand adds.
const OwnKeyPrefix = "longhand-"

// A file that Longhand wrote with Encode holds only its own keys, under
// their plain names, with the page's ID as "id".
var ownPlainKeys = map[string]bool{"id": true, "order": true, "created": true, "updated": true}

// rawBlock is a front matter block as written: its opening and closing
// lines, the lines between, and the text after it.
type rawBlock struct {
	open, close string // close ends with its newline, when it has one
	lines       []string
	rest        string // after the closing line and its newline
}

// readBlock finds the block Decode reads, keeping every line as written.
func readBlock(text string) (rawBlock, bool) {
	first, rest, ok := strings.Cut(text, "\n")
	if !ok || strings.TrimRight(first, " \t\r") != "---" {
		return rawBlock{}, false
	}
	b := rawBlock{open: first}
	n := len(first) + 1
	for n-len(first) <= maxFrontMatter {
		line, after, more := strings.Cut(rest, "\n")
		if t := strings.TrimRight(line, " \t\r"); t == "---" || t == "..." {
			b.close, b.rest = line, after
			if more {
				b.close += "\n"
			}
			return b, true
		}
		if !more {
			return rawBlock{}, false
		}
		b.lines = append(b.lines, line)
		n += len(line) + 1
		rest = after
	}
	return rawBlock{}, false
}

// topKey returns the key of a top-level "key: value" line, or "" for a
// comment, a blank line, or a line of a nested value.
func topKey(line string) string {
	if line == "" || line[0] == ' ' || line[0] == '\t' || line[0] == '#' || line == "-" || strings.HasPrefix(line, "- ") {
		return ""
	}
	k, _, ok := strings.Cut(line, ":")
	if !ok {
		return ""
	}
	return strings.TrimSpace(k)
}

// ParsePageFile reads a Markdown file as a page: Longhand's own keys in
// fm, and a body that keeps the person's front matter block, every line
// as written, ahead of the text. Only Longhand's own lines are taken out:
// the "longhand-" keys, and the keys of a block Encode wrote (one whose
// "id" is a page ID). The title is the person's "title" unless Longhand's
// "longhand-title" says otherwise. A block that cannot be read returns the
// error, and the whole text as body, so that nothing is lost.
func ParsePageFile(text string) (fm FrontMatter, body string, err error) {
	text = strings.TrimPrefix(text, "\uFEFF")
	dfm, rest, found, err := Decode(text)
	if err != nil || !found {
		return FrontMatter{}, text, err
	}
	b, _ := readBlock(text)
	f := dfm.Fields
	plain := isDocID(f["id"]) // a block Longhand wrote with Encode
	var kept []string
	person := false
	drop := false // the nested lines of a dropped key go with it
	for _, line := range b.lines {
		k := topKey(line)
		if k == "" && drop && line != "" && (line[0] == ' ' || line[0] == '\t' || line == "-" || strings.HasPrefix(line, "- ")) {
			continue
		}
		drop = false
		if strings.HasPrefix(k, OwnKeyPrefix) || (plain && ownPlainKeys[k]) {
			drop = true
			continue
		}
		if k != "title" || !plain {
			person = person || strings.TrimSpace(line) != ""
		}
		kept = append(kept, line)
	}
	fm = FrontMatter{Fields: f}
	own := func(k string) string {
		if v, ok := f[OwnKeyPrefix+k]; ok {
			return v
		}
		if plain {
			return f[k]
		}
		return ""
	}
	fm.ID = own("id")
	fm.Title = f["title"]
	if t, ok := f[OwnKeyPrefix+"title"]; ok {
		fm.Title = t
	}
	order := own("order")
	if !plain && order == "" {
		order = f["order"]
	}
	if o, err := strconv.Atoi(order); err == nil && o > 0 {
		fm.Order = o
	}
	fm.Created = parseTime(own("created"))
	fm.Updated = parseTime(own("updated"))
	if !person {
		return fm, rest, nil
	}
	var w strings.Builder
	w.WriteString(b.open + "\n")
	for _, l := range kept {
		w.WriteString(l + "\n")
	}
	w.WriteString(b.close + b.rest)
	return fm, w.String(), nil
}

// RenderPageFile writes a page as a Markdown file, the inverse of
// ParsePageFile. A body that opens with a front matter block (a person's,
// kept by ParsePageFile) gets Longhand's keys inside that block, as
// "longhand-" lines after its opening line; its own lines stay as they
// are, but for a "title" that the page no longer has, which takes the
// page's title. Any other body is written with Encode.
func RenderPageFile(fm FrontMatter, body string) string {
	b, ok := readBlock(body)
	var f map[string]string
	if ok {
		dfm, _, found, err := Decode(body)
		ok = found && err == nil
		f = dfm.Fields
	}
	if !ok {
		return Encode(fm, body)
	}
	var w strings.Builder
	w.WriteString(b.open + "\n")
	if fm.ID != "" {
		w.WriteString(OwnKeyPrefix + "id: " + quote(fm.ID) + "\n")
	}
	t, hasTitle := f["title"]
	retitle := hasTitle && t != "" && CleanTitle(t) != fm.Title && fm.Title != ""
	if (!hasTitle || t == "") && fm.Title != "" {
		w.WriteString(OwnKeyPrefix + "title: " + quote(fm.Title) + "\n")
	}
	if fm.Order > 0 {
		w.WriteString(OwnKeyPrefix + "order: " + strconv.Itoa(fm.Order) + "\n")
	}
	if !fm.Created.IsZero() {
		w.WriteString(OwnKeyPrefix + "created: " + fm.Created.UTC().Format(time.RFC3339) + "\n")
	}
	if !fm.Updated.IsZero() {
		w.WriteString(OwnKeyPrefix + "updated: " + fm.Updated.UTC().Format(time.RFC3339) + "\n")
	}
	var person strings.Builder // the person's block, retitled
	for _, l := range b.lines {
		if retitle && topKey(l) == "title" {
			l = "title: " + quote(fm.Title)
			retitle = false
		}
		person.WriteString(l + "\n")
	}
	w.WriteString(person.String() + b.close + b.rest)
	// A block that ParsePageFile would not give back as it is (one that
	// holds Longhand's keys itself, or nothing) is written after
	// Longhand's own instead, as text.
	want := b.open + "\n" + person.String() + b.close + b.rest
	if _, again, err := ParsePageFile(w.String()); err != nil || again != want {
		return Encode(fm, body)
	}
	return w.String()
}

func isDocID(s string) bool {
	if len(s) != 32 {
		return false
	}
	for _, c := range s {
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return false
		}
	}
	return true
}
