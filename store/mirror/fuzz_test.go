package mirror_test

import (
	"testing"
	"unicode/utf8"

	"github.com/longhand/longhand/store/mdio"
	"github.com/longhand/longhand/store/mirror"
)

// FuzzParseFile feeds arbitrary file bytes to the mirror's reader: it
// never panics, accepts only text, and what it accepts as a page with an
// ID reads back the same once Longhand writes it out again.
func FuzzParseFile(f *testing.F) {
	for _, s := range []string{
		"",
		"plain body\n",
		"---\nid: \"0123456789abcdef0123456789abcdef\"\ntitle: \"Plan\"\ncreated: 2026-03-01T09:00:00Z\n---\n\nbody\n",
		"---\ntitle: 'it''s'\ntags:\n  - a\n---\r\nwindows\r\n",
		"---\ntitle: \"never closed\n---\n",
		"\x00binary",
		"\xff\xfe",
		"\uFEFF---\ntitle: bom\n---\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		fm, body, _, err := mirror.ParseFile(data)
		if err != nil {
			if err.Error() == "" {
				t.Error("a refusal without a reason")
			}
			return
		}
		if !utf8.ValidString(body) {
			t.Fatalf("body is not UTF-8: %q", body)
		}
		out := mdio.Encode(mdio.FrontMatter{ID: fm.ID, Title: fm.Title}, body)
		fm2, body2, found, err := mirror.ParseFile([]byte(out))
		if err != nil || !found {
			t.Fatalf("Longhand's own file is refused: found=%v err=%v\n%q", found, err, out)
		}
		if body2 != body || fm2.Title != fm.Title || fm2.ID != fm.ID {
			t.Fatalf("round trip changed the file:\nbody %q → %q\ntitle %q → %q", body, body2, fm.Title, fm2.Title)
		}
	})
}
