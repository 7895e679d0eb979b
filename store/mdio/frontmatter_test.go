package mdio_test

import (
	"strings"
	"testing"
	"time"

	"github.com/longhand/longhand/store"
	"github.com/longhand/longhand/store/mdio"
)

func TestFrontMatterRoundTrip(t *testing.T) {
	tests := []struct {
		name  string
		title string
		body  string
	}{
		{"plain", "Design review", "# Hello\n\nText.\n"},
		{"quotes and colons", `He said: "no" — it's #1`, "x"},
		{"yaml look-alikes", "yes", "---\nnot: front matter\n---\n"},
		{"newlines and escapes", "a\nb\\c\t\u2028", ""},
		{"emoji", "🚀 Launch 🎉", "body"},
		{"leading dashes", "--- title", "- list\n"},
	}
	created := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := mdio.FrontMatter{ID: "0123456789abcdef0123456789abcdef", Title: tt.title, Order: 3, Created: created, Updated: created.Add(time.Hour)}
			text := mdio.Encode(in, tt.body)
			fm, body, found, err := mdio.Decode(text)
			if err != nil || !found {
				t.Fatalf("Decode(%q) = found %v, %v", text, found, err)
			}
			if fm.Title != tt.title || fm.ID != in.ID || fm.Order != 3 || !fm.Created.Equal(created) || !fm.Updated.Equal(in.Updated) {
				t.Errorf("decoded %+v, want %+v", fm, in)
			}
			if body != tt.body {
				t.Errorf("body = %q, want %q", body, tt.body)
			}
		})
	}
}

func TestDecode(t *testing.T) {
	tests := []struct {
		name    string
		text    string
		title   string
		body    string
		found   bool
		wantErr string
	}{
		{"none", "# Title\n\ntext", "", "# Title\n\ntext", false, ""},
		{"empty file", "", "", "", false, ""},
		{"thematic break only", "---\n\nSome text\n", "", "---\n\nSome text\n", false, ""},
		{"plain scalars", "---\ntitle: Hello world # a comment\ntags: [a, b]\nauthor:\n  name: x\n  - y\n---\nBody", "Hello world", "Body", true, ""},
		{"single quoted", "---\ntitle: 'It''s here'\n---\n", "It's here", "", true, ""},
		{"crlf", "---\r\ntitle: \"Hi\"\r\n---\r\n\r\nBody\r\n", "Hi", "Body\r\n", true, ""},
		{"bom", "\uFEFF---\ntitle: Hi\n...\nBody", "Hi", "Body", true, ""},
		{"unicode escape", "---\ntitle: \"caf\\u00e9 \\ud83d\\ude80\"\n---\n", "café 🚀", "", true, ""},
		{"no key", "---\njust some words\n---\nBody", "", "", false, "not “key: value”"},
		{"unterminated quote", "---\ntitle: \"open\n---\nBody", "", "", false, "does not end"},
		{"bad escape", "---\ntitle: \"a\\qb\"\n---\n", "", "", false, "unknown escape"},
		{"lone surrogate", "---\ntitle: \"\\ud800\"\n---\n", "", "", false, "bad escape"},
		{"repeated key", "---\ntitle: a\ntitle: b\n---\n", "", "", false, "repeats"},
		{"text after quote", "---\ntitle: \"a\" b\n---\n", "", "", false, "text after"},
		{"stray single quote", "---\ntitle: 'it's'\n---\n", "", "", false, "doubled"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fm, body, found, err := mdio.Decode(tt.text)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want %q", err, tt.wantErr)
				}
				if body != strings.TrimPrefix(tt.text, "\uFEFF") {
					t.Errorf("body = %q, want the whole text back", body)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if found != tt.found || fm.Title != tt.title || body != tt.body {
				t.Errorf("Decode = (%q, %q, %v), want (%q, %q, %v)", fm.Title, body, found, tt.title, tt.body, tt.found)
			}
		})
	}
}

// FuzzDecode checks that front matter never crashes the reader, that a
// failed read gives the whole text back, and that whatever Encode writes
// reads back the same.
func FuzzDecode(f *testing.F) {
	for _, s := range []string{"", "---\ntitle: a\n---\nb", "---\ntitle: \"\\u00e9\\ud83d\\ude80\"\n---\n", "---\n---\n", "---\ntitle: 'x''y'\n...\n",
		"---\n: x\n---", "---\ntitle: \"\\U0001F600\\x41\"\n---\n", "\uFEFF---\r\nid: 1\r\n---\r\n"} {
		f.Add(s, "Title")
	}
	f.Fuzz(func(t *testing.T, text, title string) {
		fm, body, found, err := mdio.Decode(text)
		if err != nil && body != strings.TrimPrefix(text, "\uFEFF") {
			t.Fatalf("failed Decode lost text: %q", body)
		}
		if !found && err == nil && body != strings.TrimPrefix(text, "\uFEFF") {
			t.Fatalf("no front matter but body changed: %q", body)
		}
		_ = fm
		if !strings.ContainsRune(title, '\uFFFD') && strings.ToValidUTF8(title, "") == title {
			enc := mdio.Encode(mdio.FrontMatter{Title: title}, text)
			got, b, found, err := mdio.Decode(enc)
			if err != nil || !found || got.Title != title || b != text {
				t.Fatalf("round trip of %q: %q, body %q, %v %v", title, got.Title, b, found, err)
			}
		}
	})
}

// Whatever a file holds, its page's body comes back from the file that
// RenderPageFile writes, with the page's ID.
func FuzzPageFile(f *testing.F) {
	for _, s := range []string{"", "text", "---\ntitle: a\n---\nb", "---\nlonghand-id: x\n---\n", "---\n---\n", "---\nid: \"0123456789abcdef0123456789abcdef\"\nk: v\n---\n",
		"---\nkeys:\n  - a\ntitle: >\n  long\n---\n# H\n", "---\nbad\n---\n"} {
		f.Add(s, "Title")
	}
	f.Fuzz(func(t *testing.T, text, title string) {
		fm, body, err := mdio.ParsePageFile(text)
		if err != nil && body != strings.TrimPrefix(text, "\uFEFF") {
			t.Fatalf("failed ParsePageFile lost text: %q", body)
		}
		fm.ID, fm.Fields = "0123456789abcdef0123456789abcdef", nil // as an export writes it
		if fm.Title != "" {
			title = fm.Title // a page keeps its file's title, so the file's title line stays
		}
		fm.Title = strings.Join(strings.Fields(strings.ToValidUTF8(title, "")), " ")
		if len([]rune(fm.Title)) > store.MaxTitleLen {
			fm.Title = string([]rune(fm.Title)[:store.MaxTitleLen])
		}
		out := mdio.RenderPageFile(fm, body)
		fm2, body2, err := mdio.ParsePageFile(out)
		if err != nil || body2 != body || fm2.ID != fm.ID {
			t.Fatalf("%q became %q: body %q, id %q, %v", body, out, body2, fm2.ID, err)
		}
	})
}

// A person's front matter stays in the page body, line for line, and
// Longhand's own keys go beside it as "longhand-" keys, so that a file
// comes back as it was, whatever keys it has.
func TestPageFilePersonKeys(t *testing.T) {
	created := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	tests := []struct {
		name, file, body, title string
		order                   int
	}{
		{"none", "Just text.\n", "Just text.\n", "", 0},
		{"person's keys, nested too", "---\nid: intro\ntitle: 'It''s here'\nsidebar_label: Intro\nredirect_from:\n  - /old\n  - /older\norder: 3\n---\n\n# Heading\n", "---\nid: intro\ntitle: 'It''s here'\nsidebar_label: Intro\nredirect_from:\n  - /old\n  - /older\norder: 3\n---\n\n# Heading\n", "It's here", 3},
		{"Longhand's own block", "---\nid: \"0123456789abcdef0123456789abcdef\"\ntitle: \"Plan\"\norder: 2\ncreated: 2026-03-01T09:00:00Z\n---\n\nBody.\n", "Body.\n", "Plan", 2},
		{"Longhand's block and a person's key", "---\nid: \"0123456789abcdef0123456789abcdef\"\ntitle: \"Plan\"\norder: 2\ndescription: kept\n---\n\nBody.\n", "---\ntitle: \"Plan\"\ndescription: kept\n---\n\nBody.\n", "Plan", 2},
		{"an export of a person's file", "---\nlonghand-id: \"0123456789abcdef0123456789abcdef\"\nlonghand-title: \"New name\"\nlonghand-order: 4\nkeywords: a, b\n---\nText\n", "---\nkeywords: a, b\n---\nText\n", "New name", 4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fm, body, err := mdio.ParsePageFile(tt.file)
			if err != nil {
				t.Fatal(err)
			}
			if body != tt.body || fm.Title != tt.title || fm.Order != tt.order {
				t.Fatalf("ParsePageFile = %q, title %q, order %d; want %q, %q, %d", body, fm.Title, fm.Order, tt.body, tt.title, tt.order)
			}
			// Written back with Longhand's keys and read again: the same page.
			fm.ID, fm.Created = "fedcba9876543210fedcba9876543210", created
			if fm.Title == "" {
				fm.Title = "Titled"
			}
			out := mdio.RenderPageFile(fm, body)
			fm2, body2, err := mdio.ParsePageFile(out)
			if err != nil || body2 != body || fm2.Title != fm.Title || fm2.ID != fm.ID || !fm2.Created.Equal(created) {
				t.Errorf("read back %q: %q, %+v, %v", out, body2, fm2, err)
			}
			// Every line of the person's block is in the file as written.
			if strings.HasPrefix(body, "---\n") && !strings.Contains(out, strings.TrimPrefix(strings.SplitN(body, "\n---\n", 2)[0], "---\n")) {
				t.Errorf("RenderPageFile lost the person's keys:\n%s", out)
			}
		})
	}
	// A page renamed in Longhand takes its person's title line along.
	out := mdio.RenderPageFile(mdio.FrontMatter{Title: "Renamed"}, "---\ntitle: Old\nkeywords: x\n---\nText\n")
	if want := "---\ntitle: \"Renamed\"\nkeywords: x\n---\nText\n"; out != want {
		t.Errorf("renamed: %q, want %q", out, want)
	}
}
