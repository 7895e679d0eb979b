package mdio_test

import (
	"strings"
	"testing"

	"github.com/longhand/longhand/store/mdio"
)

func TestSafeName(t *testing.T) {
	tests := []struct{ title, want string }{
		{"Design review", "Design review"},
		{"a/b\\c:d*e?f\"g<h>i|j", "a-b-c-d-e-f-g-h-i-j"},
		{"..", "Untitled"},
		{".", "Untitled"},
		{"../../etc/passwd", "-..-etc-passwd"},
		{"  .hidden.  ", "hidden"},
		{"", "Untitled"},
		{"\x00\x01\x1f", "Untitled"},
		{"CON", "_CON"},
		{"nul.txt", "_nul.txt"},
		{"Com1", "_Com1"},
		{"Console", "Console"},
		{"_attachments", "__attachments"},
		{"tab\there\nnewline", "tab here newline"},
		{"zero\u200bwidth", "zerowidth"},
	}
	for _, tt := range tests {
		if got := mdio.SafeName(tt.title); got != tt.want {
			t.Errorf("SafeName(%q) = %q, want %q", tt.title, got, tt.want)
		}
	}
	long := mdio.SafeName(strings.Repeat("é", 300))
	if len(long) > 120 || !strings.HasPrefix(long, "é") || strings.ToValidUTF8(long, "") != long {
		t.Errorf("long name = %q (%d bytes)", long, len(long))
	}
}

func TestNamer(t *testing.T) {
	var n mdio.Namer
	n.Reserve("_attachments")
	got := []string{n.Name("Notes", ".md"), n.Name("notes", ".md"), n.Name("Notes", ".md"), n.Name("a/b", ".md"), n.Name("a:b", ".md"), n.Name("Notes (2)", ".md")}
	want := []string{"Notes.md", "notes (2).md", "Notes (3).md", "a-b.md", "a-b (2).md", "Notes (2) (2).md"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("names = %q, want %q", got, want)
	}
}
