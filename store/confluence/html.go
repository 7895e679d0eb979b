package confluence

import (
	"fmt"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// converter turns the HTML of a Confluence page's content into Markdown.
type converter struct {
	// file maps a link to an attachment of the export to Markdown for it,
	// given the attachment's name Confluence recorded in the link (may be
	// "") and the link's text; ok false when it is not one, or could not
	// be stored.
	file func(href, alias, text string) (string, bool)
	// link maps a link's address to Markdown for it: a [[link]] to a page
	// of the export, an outside address, or ok false to keep only its text.
	link  func(href, text string) (string, bool)
	image func(src, alt, alias string) (string, bool)
}

// markdown converts the children of n.
func (c *converter) markdown(n *html.Node) string {
	var w strings.Builder
	c.blocks(&w, n, "")
	out := strings.TrimSpace(w.String())
	for strings.Contains(out, "\n\n\n") {
		out = strings.ReplaceAll(out, "\n\n\n", "\n\n")
	}
	if out == "" {
		return ""
	}
	return out + "\n"
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func hasClass(n *html.Node, class string) bool {
	for _, c := range strings.Fields(attr(n, "class")) {
		if c == class {
			return true
		}
	}
	return false
}

// blocks writes the block content of n's children, each line prefixed
// (for lists and quotes).
func (c *converter) blocks(w *strings.Builder, n *html.Node, prefix string) {
	var inline strings.Builder
	flush := func() {
		if t := strings.TrimSpace(collapse(inline.String())); t != "" {
			if strings.HasPrefix(t, "#") {
				t = `\` + t // text, not a heading
			}
			w.WriteString(prefix + strings.ReplaceAll(t, "\n", "\n"+prefix) + "\n\n")
		}
		inline.Reset()
	}
	for k := n.FirstChild; k != nil; k = k.NextSibling {
		if k.Type == html.ElementNode && isBlock(k) {
			flush()
			c.block(w, k, prefix)
			continue
		}
		c.inline(&inline, k)
	}
	flush()
}

func isBlock(n *html.Node) bool {
	switch n.DataAtom {
	case atom.P, atom.Div, atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6, atom.Ul, atom.Ol, atom.Pre, atom.Table,
		atom.Blockquote, atom.Hr, atom.Section, atom.Article, atom.Header, atom.Footer, atom.Dl:
		return true
	}
	return false
}

func (c *converter) block(w *strings.Builder, n *html.Node, prefix string) {
	switch n.DataAtom {
	case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
		level := int(n.Data[1] - '0')
		if t := strings.TrimSpace(collapse(c.inlineOf(n))); t != "" {
			w.WriteString(prefix + strings.Repeat("#", level) + " " + strings.ReplaceAll(t, "\n", " ") + "\n\n")
		}
	case atom.Pre:
		lang := ""
		if p := attr(n, "data-syntaxhighlighter-params"); p != "" {
			for _, part := range strings.Split(p, ";") {
				if v, ok := strings.CutPrefix(strings.TrimSpace(part), "brush:"); ok {
					lang = strings.TrimSpace(v)
				}
			}
		}
		text := strings.TrimRight(textOf(n), "\n")
		fence := "```"
		for strings.Contains(text, fence) {
			fence += "`"
		}
		w.WriteString(prefix + fence + lang + "\n")
		for _, l := range strings.Split(text, "\n") {
			w.WriteString(prefix + l + "\n")
		}
		w.WriteString(prefix + fence + "\n\n")
	case atom.Ul, atom.Ol:
		i := 0
		for li := n.FirstChild; li != nil; li = li.NextSibling {
			if li.DataAtom != atom.Li {
				continue
			}
			i++
			marker := "- "
			if n.DataAtom == atom.Ol {
				marker = fmt.Sprintf("%d. ", i)
			}
			var item strings.Builder
			c.blocks(&item, li, "")
			lines := strings.Split(strings.TrimRight(item.String(), "\n"), "\n")
			pad := strings.Repeat(" ", len(marker))
			for j, l := range lines {
				switch {
				case j == 0:
					w.WriteString(prefix + marker + l + "\n")
				case l == "":
					// a blank line inside an item would end a tight list
				default:
					w.WriteString(prefix + pad + l + "\n")
				}
			}
		}
		w.WriteString("\n")
	case atom.Blockquote:
		c.blocks(w, n, prefix+"> ")
	case atom.Hr:
		w.WriteString(prefix + "---\n\n")
	case atom.Table:
		c.table(w, n, prefix)
	default:
		c.blocks(w, n, prefix)
	}
}

// table writes a GitHub table: the first row is its header.
func (c *converter) table(w *strings.Builder, n *html.Node, prefix string) {
	var rows [][]string
	var walk func(*html.Node)
	walk = func(m *html.Node) {
		for k := m.FirstChild; k != nil; k = k.NextSibling {
			if k.DataAtom == atom.Tr {
				var row []string
				for td := k.FirstChild; td != nil; td = td.NextSibling {
					if td.DataAtom == atom.Td || td.DataAtom == atom.Th {
						t := strings.TrimSpace(collapse(c.inlineOf(td)))
						row = append(row, strings.ReplaceAll(strings.ReplaceAll(t, "|", `\|`), "\n", "<br>"))
					}
				}
				rows = append(rows, row)
				continue
			}
			if k.DataAtom != atom.Table { // not into a nested table
				walk(k)
			}
		}
	}
	walk(n)
	cols := 0
	for _, r := range rows {
		cols = max(cols, len(r))
	}
	if cols == 0 {
		return
	}
	line := func(cells []string) {
		w.WriteString(prefix + "|")
		for i := range cols {
			cell := ""
			if i < len(cells) {
				cell = cells[i]
			}
			w.WriteString(" " + cell + " |")
		}
		w.WriteString("\n")
	}
	line(rows[0])
	w.WriteString(prefix + "|" + strings.Repeat(" --- |", cols) + "\n")
	for _, r := range rows[1:] {
		line(r)
	}
	w.WriteString("\n")
}

func (c *converter) inlineOf(n *html.Node) string {
	var b strings.Builder
	for k := n.FirstChild; k != nil; k = k.NextSibling {
		c.inline(&b, k)
	}
	return b.String()
}

func (c *converter) inline(b *strings.Builder, n *html.Node) {
	switch n.Type {
	case html.TextNode:
		b.WriteString(escape(n.Data))
		return
	case html.ElementNode:
	default:
		return
	}
	wrap := func(mark string) {
		t := c.inlineOf(n)
		if strings.TrimSpace(t) == "" {
			b.WriteString(t)
			return
		}
		lead, trail := t[:len(t)-len(strings.TrimLeft(t, " "))], t[len(strings.TrimRight(t, " ")):]
		b.WriteString(lead + mark + strings.TrimSpace(t) + mark + trail)
	}
	switch n.DataAtom {
	case atom.Script, atom.Style, atom.Noscript, atom.Template:
	case atom.Br:
		b.WriteString("\n")
	case atom.Strong, atom.B:
		wrap("**")
	case atom.Em, atom.I:
		wrap("*")
	case atom.S, atom.Del, atom.Strike:
		wrap("~~")
	case atom.Code, atom.Tt:
		t := textOf(n)
		tick := "`"
		for strings.Contains(t, tick) {
			tick += "`"
		}
		b.WriteString(tick + t + tick)
	case atom.A:
		// A link to an attachment is the file whatever it holds: the
		// thumbnail Confluence shows of a PDF is not in the export.
		text := strings.TrimSpace(strings.ReplaceAll(collapse(escape(textOf(n))), "\n", " "))
		if s, ok := c.file(attr(n, "href"), attr(n, "data-linked-resource-default-alias"), text); ok {
			b.WriteString(s)
			return
		}
		text = strings.TrimSpace(collapse(c.inlineOf(n)))
		if s, ok := c.link(attr(n, "href"), text); ok {
			b.WriteString(s)
		} else {
			b.WriteString(text)
		}
	case atom.Img:
		if s, ok := c.image(attr(n, "src"), attr(n, "alt"), attr(n, "data-linked-resource-default-alias")); ok {
			b.WriteString(s)
		}
	default:
		if isBlock(n) {
			// A block inside inline content (a table cell's paragraphs).
			b.WriteString(" " + c.inlineOf(n) + " ")
			return
		}
		b.WriteString(c.inlineOf(n))
	}
}

// textOf is the text of n, as it is (for code).
func textOf(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(m *html.Node) {
		if m.Type == html.TextNode {
			b.WriteString(m.Data)
		}
		if m.DataAtom == atom.Br {
			b.WriteString("\n")
		}
		for k := m.FirstChild; k != nil; k = k.NextSibling {
			walk(k)
		}
	}
	walk(n)
	return b.String()
}

// collapse folds runs of white space as HTML shows them, keeping the line
// breaks <br> made.
func collapse(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = strings.Join(strings.Fields(l), " ")
	}
	return strings.Join(lines, "\n")
}

// escape keeps text from being read as Markdown.
func escape(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch r {
		case '\\', '*', '_', '[', ']', '`', '<':
			b.WriteRune('\\')
		case '\u00a0':
			r = ' '
		}
		b.WriteRune(r)
	}
	return b.String()
}
