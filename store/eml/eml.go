// Package eml reads an email saved as an .eml file (RFC 5322, with MIME
// parts) into what a post shows: sender, recipients, date, subject and a
// plain-text body. It never returns HTML to render: an HTML-only message is
// reduced to its text. Every input is untrusted; anything malformed gives
// an EINVALID error that lists what was wrong, never a panic.
package eml

import (
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/mail"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/longhand/longhand/store"
)

// MaxSize is the largest .eml file accepted.
const MaxSize = 10 << 20

// maxParts bounds how many MIME parts are looked at, and maxDepth how deep.
const (
	maxParts = 200
	maxDepth = 8
)

// Message is what is shown of an email.
type Message struct {
	From    string
	To      string
	Subject string
	Date    time.Time
	Body    string // plain text
}

// Parse reads an email.
func Parse(raw []byte) (*Message, error) {
	if len(raw) == 0 {
		return nil, store.Errorf(store.EINVALID, "This email file is empty.")
	}
	if len(raw) > MaxSize {
		return nil, store.Errorf(store.EINVALID, "This email file is %d MB; the most Longhand takes is %d MB.", len(raw)>>20, MaxSize>>20)
	}
	msg, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		return nil, store.Errorf(store.EINVALID, "This file is not an email Longhand can read: its headers are malformed (%v).", err)
	}
	var problems []string
	m := &Message{}
	dec := &mime.WordDecoder{CharsetReader: charsetReader}

	if from, err := msg.Header.AddressList("From"); err == nil && len(from) > 0 {
		m.From = formatAddresses(from)
	} else if raw := msg.Header.Get("From"); raw != "" {
		if s, err := dec.DecodeHeader(raw); err == nil && validHeader(s) {
			m.From = clean(s) // a sender that is not a well-formed address is still shown
		} else {
			problems = append(problems, "the sender (From) is not readable")
		}
	} else {
		problems = append(problems, "it has no sender (From)")
	}
	if to, err := msg.Header.AddressList("To"); err == nil {
		m.To = formatAddresses(to)
	}
	if s := msg.Header.Get("Subject"); s != "" {
		if d, err := dec.DecodeHeader(s); err == nil && validHeader(d) {
			m.Subject = clean(d)
		} else {
			problems = append(problems, "the subject is not readable")
		}
	}
	if msg.Header.Get("Date") == "" {
		problems = append(problems, "it has no date")
	} else if t, err := msg.Header.Date(); err != nil {
		problems = append(problems, fmt.Sprintf("its date %q is not a date", truncate(msg.Header.Get("Date"), 60)))
	} else {
		m.Date = t
	}

	body, err := readBody(msg.Header, msg.Body, 0, new(int))
	if err != nil {
		problems = append(problems, err.Error())
	} else {
		m.Body = strings.TrimSpace(strings.ReplaceAll(body, "\r\n", "\n"))
	}
	if len(problems) > 0 {
		return nil, store.Errorf(store.EINVALID, "This email cannot be attached: %s.", strings.Join(problems, "; "))
	}
	return m, nil
}

type header interface{ Get(string) string }

// readBody returns the best text of a part: text/plain first, then HTML
// reduced to text, looking inside multipart containers.
func readBody(h header, r io.Reader, depth int, parts *int) (string, error) {
	*parts++
	if *parts > maxParts {
		return "", errors.New("it has too many parts")
	}
	if depth > maxDepth {
		return "", errors.New("its parts are nested too deep")
	}
	ctype := h.Get("Content-Type")
	mediatype, params := "text/plain", map[string]string{}
	if ctype != "" {
		var err error
		if mediatype, params, err = mime.ParseMediaType(ctype); err != nil {
			return "", fmt.Errorf("its content type %q is malformed", truncate(ctype, 60))
		}
	}
	if strings.HasPrefix(mediatype, "multipart/") {
		boundary := params["boundary"]
		if boundary == "" {
			return "", errors.New("a multipart section has no boundary")
		}
		mr := multipart.NewReader(r, boundary)
		var plain, html string
		found := false
		for {
			p, err := mr.NextRawPart()
			if err == io.EOF {
				break
			}
			if err != nil {
				return "", fmt.Errorf("a MIME part is malformed (%v)", err)
			}
			found = true
			pt, _, _ := mime.ParseMediaType(p.Header.Get("Content-Type"))
			if pt == "" {
				pt = "text/plain"
			}
			disp, _, _ := mime.ParseMediaType(p.Header.Get("Content-Disposition"))
			if disp == "attachment" {
				continue
			}
			if !strings.HasPrefix(pt, "text/") && !strings.HasPrefix(pt, "multipart/") {
				continue
			}
			text, err := readBody(p.Header, p, depth+1, parts)
			if err != nil {
				return "", err
			}
			switch {
			case pt == "text/html" && html == "":
				html = text
			case pt != "text/html" && plain == "":
				plain = text
			}
			if mediatype != "multipart/alternative" && mediatype != "multipart/related" && plain != "" {
				break // mixed: the first text part is the message
			}
		}
		if !found {
			return "", errors.New("a multipart section has no parts")
		}
		if plain != "" {
			return plain, nil
		}
		return html, nil
	}
	if !strings.HasPrefix(mediatype, "text/") {
		return "", nil
	}
	data, err := decodeTransfer(h.Get("Content-Transfer-Encoding"), r)
	if err != nil {
		return "", err
	}
	text, err := decodeCharset(params["charset"], data)
	if err != nil {
		return "", err
	}
	if mediatype == "text/html" {
		return htmlToText(text), nil
	}
	return text, nil
}

func decodeTransfer(enc string, r io.Reader) ([]byte, error) {
	r = io.LimitReader(r, MaxSize+1)
	switch strings.ToLower(strings.TrimSpace(enc)) {
	case "", "7bit", "8bit", "binary":
		return io.ReadAll(r)
	case "quoted-printable":
		b, err := io.ReadAll(quotedprintable.NewReader(r))
		if err != nil {
			return nil, fmt.Errorf("its quoted-printable text is malformed (%v)", err)
		}
		return b, nil
	case "base64":
		raw, err := io.ReadAll(r)
		if err != nil {
			return nil, err
		}
		clean := bytes.Map(func(r rune) rune {
			if r == '\r' || r == '\n' || r == ' ' || r == '\t' {
				return -1
			}
			return r
		}, raw)
		b, err := base64.StdEncoding.DecodeString(string(clean))
		if err != nil {
			return nil, errors.New("its base64 text is malformed")
		}
		return b, nil
	default:
		return nil, fmt.Errorf("its transfer encoding %q is unknown", truncate(enc, 30))
	}
}

func decodeCharset(charset string, b []byte) (string, error) {
	switch strings.ToLower(charset) {
	case "", "utf-8", "utf8", "us-ascii", "ascii":
		if !utf8.Valid(b) {
			return strings.ToValidUTF8(string(b), "\uFFFD"), nil
		}
		return string(b), nil
	case "iso-8859-1", "latin1", "iso8859-1", "windows-1252", "cp1252":
		r := make([]rune, len(b))
		for i, c := range b {
			r[i] = rune(c)
		}
		return string(r), nil
	default:
		// An unknown charset: show what is readable rather than nothing.
		return strings.ToValidUTF8(string(b), "\uFFFD"), nil
	}
}

func charsetReader(charset string, input io.Reader) (io.Reader, error) {
	b, err := io.ReadAll(io.LimitReader(input, 1<<16))
	if err != nil {
		return nil, err
	}
	s, err := decodeCharset(charset, b)
	if err != nil {
		return nil, err
	}
	return strings.NewReader(s), nil
}

// htmlToText drops tags, scripts and styles and unescapes the common
// entities. The result is shown as plain text, never as HTML.
func htmlToText(s string) string {
	var b strings.Builder
	lower := strings.ToLower(s)
	for i := 0; i < len(s); {
		if s[i] != '<' {
			j := strings.IndexByte(s[i:], '<')
			if j < 0 {
				j = len(s) - i
			}
			b.WriteString(s[i : i+j])
			i += j
			continue
		}
		end := strings.IndexByte(s[i:], '>')
		if end < 0 {
			break
		}
		tag := lower[i+1 : i+end]
		name := strings.TrimPrefix(strings.Fields(tag + " x")[0], "/")
		i += end + 1
		switch name {
		case "script", "style", "head", "title":
			if !strings.HasPrefix(tag, "/") {
				if k := strings.Index(lower[i:], "</"+name); k >= 0 {
					i += k
				} else {
					i = len(s)
				}
			}
		case "br", "p", "div", "tr", "li", "h1", "h2", "h3", "h4", "blockquote", "p/", "br/":
			b.WriteString("\n")
		}
	}
	r := strings.NewReplacer("&nbsp;", " ", "&amp;", "&", "&lt;", "<", "&gt;", ">", "&quot;", `"`, "&#39;", "'", "&apos;", "'")
	lines := strings.Split(r.Replace(b.String()), "\n")
	out := lines[:0]
	blank := false
	for _, l := range lines {
		l = strings.Join(strings.Fields(l), " ")
		if l == "" {
			if !blank && len(out) > 0 {
				out = append(out, "")
			}
			blank = true
			continue
		}
		blank = false
		out = append(out, l)
	}
	return strings.TrimSpace(strings.Join(out, "\n"))
}

func formatAddresses(as []*mail.Address) string {
	s := make([]string, 0, len(as))
	for _, a := range as {
		switch {
		case a.Name != "" && a.Address != "":
			s = append(s, fmt.Sprintf("%s <%s>", clean(a.Name), a.Address))
		case a.Address != "":
			s = append(s, a.Address)
		default:
			s = append(s, clean(a.Name))
		}
	}
	return truncate(strings.Join(s, ", "), 500)
}

func validHeader(s string) bool { return utf8.ValidString(s) }

// clean makes one line of readable text: no control characters.
func clean(s string) string {
	s = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return ' '
		}
		return r
	}, strings.ToValidUTF8(s, "\uFFFD"))
	return truncate(strings.Join(strings.Fields(s), " "), 300)
}

func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}
