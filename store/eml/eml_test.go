package eml_test

import (
	"os"
	"strings"
	"testing"
	"time"

	"github.com/longhand/longhand/store"
	"github.com/longhand/longhand/store/eml"
)

func TestParse(t *testing.T) {
	raw, err := os.ReadFile("testdata/plain.eml")
	if err != nil {
		t.Fatal(err)
	}
	m, err := eml.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	if m.From != "Jane Customer <jane@example.com>" {
		t.Errorf("From = %q", m.From)
	}
	if m.Subject != "Invoice question — March" {
		t.Errorf("Subject = %q", m.Subject)
	}
	if want := time.Date(2026, 12, 1, 7, 15, 0, 0, time.UTC); !m.Date.Equal(want) {
		t.Errorf("Date = %v, want %v", m.Date, want)
	}
	if !strings.HasPrefix(m.Body, "Hello team,\n\nOur March invoice") || !strings.HasSuffix(m.Body, "— Jane") {
		t.Errorf("Body = %q", m.Body)
	}
}

func TestParseHTMLOnlyBecomesText(t *testing.T) {
	raw := "From: a@example.com\r\nDate: Mon, 30 Nov 2026 10:00:00 +0000\r\nSubject: Hi\r\nContent-Type: text/html\r\n\r\n" +
		"<html><head><style>p{color:red}</style></head><body><p>Hello &amp; welcome</p><script>alert(1)</script><img src=x onerror=alert(2)></body></html>"
	m, err := eml.Parse([]byte(raw))
	if err != nil {
		t.Fatal(err)
	}
	if m.Body != "Hello & welcome" {
		t.Errorf("Body = %q, want the text without tags or scripts", m.Body)
	}
}

func TestParseMalformed(t *testing.T) {
	for _, tc := range []struct {
		name, raw string
		want      []string // each must be in the message
	}{
		{"empty", "", []string{"empty"}},
		{"not an email", "\x00\x01\x02 binary junk", []string{"not an email"}},
		{"no from no date", "Subject: x\r\n\r\nbody", []string{"no sender", "no date"}},
		{"bad date", "From: a@b.c\r\nDate: yesterday-ish\r\n\r\nbody", []string{`date "yesterday-ish" is not a date`}},
		{"bad multipart", "From: a@b.c\r\nDate: Mon, 30 Nov 2026 10:00:00 +0000\r\nContent-Type: multipart/mixed\r\n\r\nx", []string{"no boundary"}},
		{"bad base64", "From: a@b.c\r\nDate: Mon, 30 Nov 2026 10:00:00 +0000\r\nContent-Transfer-Encoding: base64\r\n\r\n!!!!", []string{"base64"}},
		{"oversized", "From: a@b.c\r\n\r\n" + strings.Repeat("x", eml.MaxSize), []string{"MB"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := eml.Parse([]byte(tc.raw))
			if store.ErrorCode(err) != store.EINVALID {
				t.Fatalf("err = %v, want invalid", err)
			}
			for _, w := range tc.want {
				if !strings.Contains(store.ErrorMessage(err), w) {
					t.Errorf("message %q does not say %q", store.ErrorMessage(err), w)
				}
			}
		})
	}
}

// FuzzParse: any bytes give a message or an EINVALID error, never a panic
// or another kind of error, and a message is valid text.
func FuzzParse(f *testing.F) {
	raw, _ := os.ReadFile("testdata/plain.eml")
	f.Add(raw)
	f.Add([]byte("From: a@b.c\r\nDate: Mon, 30 Nov 2026 10:00:00 +0000\r\nContent-Type: multipart/mixed; boundary=x\r\n\r\n--x\r\nContent-Type: multipart/alternative; boundary=y\r\n\r\n--y\r\n\r\nhi\r\n--y--\r\n--x--\r\n"))
	f.Add([]byte("From: =?utf-8?B?w6k=?= <a@b.c>\r\nSubject: =?iso-8859-1?Q?caf=E9?=\r\n\r\n<p>x"))
	f.Fuzz(func(t *testing.T, b []byte) {
		m, err := eml.Parse(b)
		if err != nil {
			if store.ErrorCode(err) != store.EINVALID {
				t.Fatalf("err = %v, want an invalid error", err)
			}
			return
		}
		for _, s := range []string{m.From, m.To, m.Subject, m.Body} {
			if s != strings.ToValidUTF8(s, "") {
				t.Fatalf("not valid text: %q", s)
			}
		}
	})
}
