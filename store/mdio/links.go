package mdio

import (
	"net/url"
	"path"
	"regexp"
	"strings"

	"github.com/longhand/longhand/store"
)

// Link is an inline Markdown link or image, [Text](Dest "Title") or
// ![Text](Dest "Title"), or a link reference definition,
// [Text]: Dest "Title", which may serve links and images alike.
type Link struct {
	Image bool
	Def   bool // a reference definition; Text is its label
	Text  string
	Dest  string
	Title string
}

// String writes the link back as Markdown.
func (l Link) String() string {
	var b strings.Builder
	if l.Def {
		b.WriteString("[" + l.Text + "]: ")
		if l.Dest == "" || strings.ContainsAny(l.Dest, " \t<>") {
			b.WriteString("<" + strings.NewReplacer("<", "%3C", ">", "%3E").Replace(l.Dest) + ">")
		} else {
			b.WriteString(l.Dest)
		}
		if l.Title != "" {
			b.WriteString(` "` + strings.ReplaceAll(l.Title, `"`, `\"`) + `"`)
		}
		return b.String()
	}
	if l.Image {
		b.WriteByte('!')
	}
	b.WriteString("[" + l.Text + "](")
	if l.Dest == "" || strings.ContainsAny(l.Dest, " \t()<>") {
		b.WriteString("<" + strings.NewReplacer("<", "%3C", ">", "%3E").Replace(l.Dest) + ">")
	} else {
		b.WriteString(l.Dest)
	}
	if l.Title != "" {
		b.WriteString(` "` + strings.ReplaceAll(l.Title, `"`, `\"`) + `"`)
	}
	b.WriteByte(')')
	return b.String()
}

var fence = regexp.MustCompile("^ {0,3}(`{3,}|~{3,})")

// definition matches a one-line link reference definition.
var definition = regexp.MustCompile(`^ {0,3}\[((?:[^\[\]\\]|\\.){1,999})\]:[ \t]*(?:<([^<>\n]*)>|(\S+))(?:[ \t]+(?:"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)'|\(((?:[^()\\]|\\.)*)\)))?[ \t]*$`)

// RewriteLinks calls f for each inline link and image in a Markdown body,
// and each one-line link reference definition, outside fenced code blocks
// and code spans, and puts what f returns in the link's place when ok.
// Links must sit on one line; autolinks are left as they are.
func RewriteLinks(body string, f func(Link) (string, bool)) string {
	return rewriteBody(body, f, nil)
}

// WikiLinkFunc is told each [[link]]: its title, anchor and shown text
// (as ParseWikiLink reads them) and the link as written; it returns what
// takes the link's place, and ok.
type WikiLinkFunc func(title, anchor, text, written string) (string, bool)

// RewriteWikiLinks calls f for each [[link]] in a Markdown body outside
// fenced code blocks and code spans, and puts what f returns in the
// link's place when ok.
func RewriteWikiLinks(body string, f WikiLinkFunc) string {
	return rewriteBody(body, func(Link) (string, bool) { return "", false }, f)
}

func rewriteBody(body string, f func(Link) (string, bool), wiki WikiLinkFunc) string {
	var out strings.Builder
	out.Grow(len(body))
	var open string // the fence of the code block we are in, or ""
	for len(body) > 0 {
		line, rest, more := strings.Cut(body, "\n")
		body = rest
		if m := fence.FindStringSubmatch(line); m != nil {
			if open == "" {
				open = m[1]
			} else if m[1][0] == open[0] && len(m[1]) >= len(open) && strings.TrimSpace(line[len(m[0]):]) == "" {
				open = ""
			}
			out.WriteString(line)
		} else if open != "" {
			out.WriteString(line)
		} else if m := definition.FindStringSubmatch(line); m != nil && wiki == nil {
			l := Link{Def: true, Text: m[1], Dest: m[2] + m[3], Title: m[4] + m[5] + m[6]}
			if r, ok := f(l); ok {
				out.WriteString(r)
			} else {
				out.WriteString(line)
			}
		} else {
			out.WriteString(rewriteLine(line, f, wiki))
		}
		if more {
			out.WriteByte('\n')
		}
	}
	return out.String()
}

func rewriteLine(line string, f func(Link) (string, bool), wiki WikiLinkFunc) string {
	if !strings.ContainsRune(line, '[') {
		return line
	}
	var out strings.Builder
	i := 0
	for i < len(line) {
		c := line[i]
		switch {
		case c == '\\' && i+1 < len(line):
			out.WriteString(line[i : i+2])
			i += 2
		case c == '`':
			n := run(line[i:], '`')
			if j := closingTicks(line, i+n, n); j >= 0 {
				out.WriteString(line[i : j+n])
				i = j + n
			} else {
				out.WriteString(line[i : i+n])
				i += n
			}
		case c == '[' && wiki != nil && strings.HasPrefix(line[i:], "[["):
			if title, anchor, text, n, ok := ParseWikiLink(line[i:]); ok {
				if s, ok := wiki(title, anchor, text, line[i:i+n]); ok {
					out.WriteString(s)
				} else {
					out.WriteString(line[i : i+n])
				}
				i += n
			} else {
				out.WriteString("[[")
				i += 2
			}
		case c == '[' || (c == '!' && i+1 < len(line) && line[i+1] == '['):
			start := i
			img := c == '!'
			if img {
				i++
			}
			if l, end, ok := parseLink(line, i); ok {
				l.Image = img
				if s, ok := f(l); ok {
					out.WriteString(s)
				} else {
					out.WriteString(line[start:end])
				}
				i = end
			} else {
				out.WriteString(line[start : i+1])
				i++
			}
		default:
			out.WriteByte(c)
			i++
		}
	}
	return out.String()
}

func run(s string, c byte) int {
	n := 0
	for n < len(s) && s[n] == c {
		n++
	}
	return n
}

// closingTicks finds a run of exactly n backticks at or after i.
func closingTicks(s string, i, n int) int {
	for i < len(s) {
		j := strings.IndexByte(s[i:], '`')
		if j < 0 {
			return -1
		}
		j += i
		m := run(s[j:], '`')
		if m == n {
			return j
		}
		i = j + m
	}
	return -1
}

// parseLink reads [text](dest "title") starting at the '[' at i, and
// returns the index just past it.
func parseLink(s string, i int) (Link, int, bool) {
	// The text: brackets balanced, escapes skipped; [[wiki]] is not a link.
	if strings.HasPrefix(s[i:], "[[") {
		return Link{}, 0, false
	}
	depth, j := 0, i
	for ; j < len(s); j++ {
		switch s[j] {
		case '\\':
			j++
			continue
		case '[':
			depth++
		case ']':
			depth--
		}
		if depth == 0 {
			break
		}
	}
	if j >= len(s) || depth != 0 || j+1 >= len(s) || s[j+1] != '(' {
		return Link{}, 0, false
	}
	l := Link{Text: s[i+1 : j]}
	k := j + 2
	k = skipSpace(s, k)
	if k < len(s) && s[k] == '<' {
		e := strings.IndexByte(s[k:], '>')
		if e < 0 || strings.ContainsRune(s[k+1:k+e], '<') {
			return Link{}, 0, false
		}
		l.Dest = s[k+1 : k+e]
		k += e + 1
	} else {
		parens, start := 0, k
		for ; k < len(s); k++ {
			ch := s[k]
			if ch == '\\' && k+1 < len(s) {
				k++
				continue
			}
			if ch == ' ' || ch == '\t' || ch < 0x20 {
				break
			}
			if ch == '(' {
				parens++
			} else if ch == ')' {
				if parens == 0 {
					break
				}
				parens--
			}
		}
		l.Dest = s[start:k]
	}
	k = skipSpace(s, k)
	if k < len(s) && (s[k] == '"' || s[k] == '\'' || s[k] == '(') {
		closer := s[k]
		if closer == '(' {
			closer = ')'
		}
		e := -1
		for m := k + 1; m < len(s); m++ {
			if s[m] == '\\' {
				m++
				continue
			}
			if s[m] == closer {
				e = m
				break
			}
		}
		if e < 0 {
			return Link{}, 0, false
		}
		l.Title = strings.ReplaceAll(s[k+1:e], `\`+string(closer), string(closer))
		k = skipSpace(s, e+1)
	}
	if k >= len(s) || s[k] != ')' {
		return Link{}, 0, false
	}
	return l, k + 1, true
}

func skipSpace(s string, k int) int {
	for k < len(s) && (s[k] == ' ' || s[k] == '\t') {
		k++
	}
	return k
}

var scheme = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9+.-]*:`)

// LocalPath returns the file a link destination names relative to the
// file at from (a slash path inside the import root), cleaned; ok is false
// for URLs, absolute paths, anchors and anything that leaves the root.
func LocalPath(from, dest string) (string, bool) {
	if dest == "" || scheme.MatchString(dest) || strings.HasPrefix(dest, "/") || strings.HasPrefix(dest, "#") || strings.Contains(dest, `\`) {
		return "", false
	}
	if i := strings.IndexAny(dest, "?#"); i >= 0 {
		dest = dest[:i]
	}
	if u, err := url.PathUnescape(dest); err == nil {
		dest = u
	}
	if dest == "" || strings.ContainsRune(dest, 0) {
		return "", false
	}
	p := path.Clean(path.Join(path.Dir(from), dest))
	if p == "." || p == ".." || strings.HasPrefix(p, "../") || strings.HasPrefix(p, "/") {
		return "", false
	}
	return p, true
}

// wikiTitleOK reports whether a title can be written as a [[link]]: not
// empty, none of the characters that end or split one, and no "#" that
// would be read as the start of an anchor.
func wikiTitleOK(t string) bool {
	if t == "" || strings.ContainsAny(t, "[]|\n") {
		return false
	}
	_, anchor := store.SplitLinkAnchor(t)
	return anchor == ""
}

// wikiTextOK reports whether the shown text of a Markdown link can be the
// shown text of a [[link]], exactly as written.
func wikiTextOK(s string) bool {
	return !strings.ContainsAny(s, "[]\n") && strings.TrimSpace(s) == s
}

// anchorOK reports whether an anchor can follow "#" in a [[link]].
func anchorOK(a string) bool {
	return a != "" && !strings.ContainsAny(a, "#[]| \t\n")
}

// WikiLink writes a [[Title]] link, with its shown text when that differs.
func WikiLink(title, text string) string {
	text = strings.TrimSpace(text)
	if text == "" || text == title || strings.ContainsAny(text, "[]\n") {
		return "[[" + title + "]]"
	}
	return "[[" + title + "|" + text + "]]"
}

// WikiLinkTo writes a [[Title#anchor|text]] link: the anchor is left out
// when "", and the text when it is the title (and there is no anchor).
// The text is kept as it is.
func WikiLinkTo(title, anchor, text string) string {
	target := title
	if anchor != "" {
		target += "#" + anchor
	}
	if text == target {
		return "[[" + target + "]]"
	}
	return "[[" + target + "|" + text + "]]"
}

// ParseWikiLink reads a [[link]] at the start of s: the page's title, the
// anchor ("" for none), the shown text ("" when it shows its target), and
// the length of the link in s.
func ParseWikiLink(s string) (title, anchor, text string, n int, ok bool) {
	if !strings.HasPrefix(s, "[[") {
		return "", "", "", 0, false
	}
	end := strings.Index(s, "]]")
	if end < 0 {
		return "", "", "", 0, false
	}
	inner := s[2:end]
	if inner == "" || strings.ContainsAny(inner, "[]\n") {
		return "", "", "", 0, false
	}
	target, text, _ := strings.Cut(inner, "|")
	title, anchor = store.SplitLinkAnchor(strings.TrimSpace(target))
	if title == "" {
		return "", "", "", 0, false
	}
	return title, anchor, text, end + 2, true
}
