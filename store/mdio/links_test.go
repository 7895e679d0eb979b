package mdio_test

import (
	"strings"
	"testing"

	"github.com/longhand/longhand/store/mdio"
)

func TestRewriteLinks(t *testing.T) {
	mark := func(l mdio.Link) (string, bool) {
		kind := "L"
		if l.Image {
			kind = "I"
		}
		if l.Def {
			kind = "D"
		}
		return "{" + kind + ":" + l.Text + ":" + l.Dest + ":" + l.Title + "}", true
	}
	tests := []struct{ name, in, want string }{
		{"link", "see [a](b.md) now", "see {L:a:b.md:} now"},
		{"image with title", `![alt](img/x.png "The x")`, "{I:alt:img/x.png:The x}"},
		{"angle dest", "[a](<my file.md>)", "{L:a:my file.md:}"},
		{"parens in dest", "[a](x_(1).md)", "{L:a:x_(1).md:}"},
		{"nested brackets", "[a [b] c](d)", "{L:a [b] c:d:}"},
		{"wiki link untouched", "[[Page]] and [[Page|x]]", "[[Page]] and [[Page|x]]"},
		{"code span untouched", "`[a](b)` [c](d)", "`[a](b)` {L:c:d:}"},
		{"escaped", `\[a](b)`, `\[a](b)`},
		{"fenced code untouched", "```\n[a](b)\n```\n[c](d)", "```\n[a](b)\n```\n{L:c:d:}"},
		{"tilde fence", "~~~md\n![x](y)\n~~~", "~~~md\n![x](y)\n~~~"},
		{"not a link", "[a] (b) [c]", "[a] (b) [c]"},
		{"unclosed", "[a](b", "[a](b"},
		{"two on a line", "[a](b)[c](d)", "{L:a:b:}{L:c:d:}"},
		{"image in link", "[![i](p.png)](q.md)", "{L:![i](p.png):q.md:}"},
		{"definition", "![logo][l]\n\n[l]: img/logo.png \"Logo\"\n", "![logo][l]\n\n{D:l:img/logo.png:Logo}\n"},
		{"definition in angle brackets", "  [a b]: <my file.md>", "{D:a b:my file.md:}"},
		{"not a definition", "[a]: ", "[a]: "},
		{"definition in code", "```\n[l]: x.png\n```", "```\n[l]: x.png\n```"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := mdio.RewriteLinks(tt.in, mark); got != tt.want {
				t.Errorf("RewriteLinks(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestLocalPath(t *testing.T) {
	tests := []struct {
		from, dest, want string
		ok               bool
	}{
		{"a/b.md", "c.md", "a/c.md", true},
		{"a/b.md", "../c.md#top", "c.md", true},
		{"a/b.md", "My%20Page.md", "a/My Page.md", true},
		{"b.md", "../outside.md", "", false},
		{"a/b.md", "../../x.md", "", false},
		{"b.md", "/etc/passwd", "", false},
		{"b.md", "https://example.com/x.md", "", false},
		{"b.md", "file:///etc/passwd", "", false},
		{"b.md", "#anchor", "", false},
		{"b.md", `..\x.md`, "", false},
		{"b.md", "x%00.md", "", false},
	}
	for _, tt := range tests {
		got, ok := mdio.LocalPath(tt.from, tt.dest)
		if got != tt.want || ok != tt.ok {
			t.Errorf("LocalPath(%q, %q) = %q, %v; want %q, %v", tt.from, tt.dest, got, ok, tt.want, tt.ok)
		}
	}
}

// FuzzRewriteLinks checks that the link scanner never crashes and that a
// rewrite that keeps every link gives the text back unchanged.
func FuzzRewriteLinks(f *testing.F) {
	for _, s := range []string{"[a](b)", "[l]: <x y> (t)", "![x](<y z> 'w')", "```\n[a](b)\n", "`` [a](b) ``", "[a [b](c)", "[[x]]", "\\", "[a](b \"c)", "[]()"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got := mdio.RewriteLinks(s, func(mdio.Link) (string, bool) { return "", false }); got != s {
			t.Fatalf("identity rewrite changed %q to %q", s, got)
		}
		n := 0
		mdio.RewriteLinks(s, func(l mdio.Link) (string, bool) {
			n++
			if strings.ContainsRune(l.Dest, '\n') {
				t.Fatalf("destination spans lines: %q", l.Dest)
			}
			return l.String(), true
		})
		_ = n
	})
}
