package store_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/longhand/longhand/store"
)

func TestValidateSplices(t *testing.T) {
	for _, tc := range []struct {
		name    string
		n       int
		splices []store.Splice
		want    int
		code    string
	}{
		{"insert at end", 3, []store.Splice{{Pos: 3, Ins: "ab"}}, 5, ""},
		{"emoji counts once", 0, []store.Splice{{Ins: "👋🏽"}}, 2, ""},
		{"sequential", 3, []store.Splice{{Pos: 0, Del: 3}, {Pos: 0, Ins: "x"}}, 1, ""},
		{"second out of range", 3, []store.Splice{{Pos: 0, Del: 3}, {Pos: 1}}, 0, store.EINVALID},
		{"negative delete", 3, []store.Splice{{Pos: 0, Del: -1}}, 0, store.EINVALID},
		{"overflowing delete", 3, []store.Splice{{Pos: 1, Del: 1 << 62}}, 0, store.EINVALID},
		{"too big", 0, []store.Splice{{Ins: strings.Repeat("a", store.MaxBodyLen+1)}}, 0, store.EINVALID},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := store.ValidateSplices(tc.n, tc.splices)
			if code := store.ErrorCode(err); code != tc.code {
				t.Fatalf("ErrorCode=%q, want %q (%v)", code, tc.code, err)
			}
			if err == nil && got != tc.want {
				t.Errorf("length=%d, want %d", got, tc.want)
			}
		})
	}
}

func TestNormalizeTitle(t *testing.T) {
	for _, tc := range []struct{ in, want, code string }{
		{"  a \n b ", "a b", ""},
		{"", "", ""},
		{strings.Repeat("é", store.MaxTitleLen), strings.Repeat("é", store.MaxTitleLen), ""},
		{strings.Repeat("é", store.MaxTitleLen+1), "", store.EINVALID},
	} {
		got, err := store.NormalizeTitle(tc.in)
		if store.ErrorCode(err) != tc.code || got != tc.want {
			t.Errorf("NormalizeTitle(%.20q) = %.20q, %v; want %.20q, code %q", tc.in, got, err, tc.want, tc.code)
		}
	}
}

func TestExcerpt(t *testing.T) {
	got := store.Excerpt("# Title\n\n- first item\n> quoted\n")
	if want := "Title first item quoted"; got != want {
		t.Errorf("Excerpt=%q, want %q", got, want)
	}
	long := store.Excerpt(strings.Repeat("word ", 100))
	if n := len([]rune(long)); n != 160 || !strings.HasSuffix(long, "…") {
		t.Errorf("long excerpt has %d runes: %q", n, long)
	}
}

func TestDocID(t *testing.T) {
	a, b := store.NewDocID(), store.NewDocID()
	if a == b || a.Validate() != nil {
		t.Errorf("NewDocID: %q, %q", a, b)
	}
	for _, bad := range []store.DocID{"", "../../etc/passwd", store.DocID(strings.ToUpper(string(a))), a + "0"} {
		if store.ErrorCode(bad.Validate()) != store.EINVALID {
			t.Errorf("Validate(%q) accepted", bad)
		}
	}
}

func TestErrorCode(t *testing.T) {
	if store.ErrorCode(nil) != "" || store.ErrorCode(errors.ErrUnsupported) != store.EINTERNAL {
		t.Error("ErrorCode of nil or a plain error")
	}
	if msg := store.ErrorMessage(errors.ErrUnsupported); strings.Contains(msg, "unsupported") {
		t.Errorf("internal details leaked into %q", msg)
	}
}

func TestWikiLinks(t *testing.T) {
	got := store.WikiLinks("[[A  b]] and [[a b|shown]], [[]] [[x\ny]] [[C]] [[c]] [not [[D] ]]")
	if want := "a b|c"; strings.Join(got, "|") != want {
		t.Errorf("WikiLinks = %q, want %q", got, want)
	}
	// A link to a heading is a link to its page, for backlinks.
	got = store.WikiLinks("[[Guide#install|how]] [[Guide#usage]] [[C#]] [[Issue #42]] [[Notes]]")
	if want := "guide|c#|issue #42|notes"; strings.Join(got, "|") != want {
		t.Errorf("WikiLinks = %q, want %q", got, want)
	}
}

func TestSplitLinkAnchor(t *testing.T) {
	tests := []struct{ target, title, anchor string }{
		{"Guide#install", "Guide", "install"},
		{"Guide", "Guide", ""},
		{"C#", "C#", ""},
		{"Issue #42", "Issue #42", ""},
		{"#top", "#top", ""},
		{"Release notes#v1.2", "Release notes", "v1.2"},
		{"A#b c", "A#b c", ""},
		{"F#x#y", "F#x", "y"},
	}
	for _, tt := range tests {
		title, anchor := store.SplitLinkAnchor(tt.target)
		if title != tt.title || anchor != tt.anchor {
			t.Errorf("SplitLinkAnchor(%q) = %q, %q; want %q, %q", tt.target, title, anchor, tt.title, tt.anchor)
		}
	}
}
