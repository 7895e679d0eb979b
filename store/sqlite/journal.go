package sqlite

import (
	"bytes"
	"encoding/json"
	"errors"
	"strconv"

	"github.com/longhand/longhand/store"
)

// A journal row holds the splices of one acknowledged edit, written before
// the edit is acknowledged: for a pasted megabyte, encoding it is on the
// path the editor waits on. Rows were JSON, whose encoder walks every
// character of the text to escape it (10-30 ms a megabyte); they are now
// written as each splice's position, deletion and inserted byte count in
// decimal, then the inserted bytes as they are:
//
//	~<pos> <del> <len>:<ins><pos> <del> <len>:<ins>...
//
// so encoding a paste is a copy. Rows written as JSON before (they begin
// with '[') are still read.
const journalMark = '~'

// encodeJournal encodes splices as a journal row stores them.
func encodeJournal(splices []store.Splice) []byte {
	n := 1
	for _, s := range splices {
		n += 3*20 + len(s.Ins)
	}
	b := make([]byte, 0, n)
	b = append(b, journalMark)
	for _, s := range splices {
		b = strconv.AppendInt(b, int64(s.Pos), 10)
		b = append(b, ' ')
		b = strconv.AppendInt(b, int64(s.Del), 10)
		b = append(b, ' ')
		b = strconv.AppendInt(b, int64(len(s.Ins)), 10)
		b = append(b, ':')
		b = append(b, s.Ins...)
	}
	return b
}

var errJournalRow = errors.New("not a journal row")

// decodeJournal decodes a journal row. It checks the row's form only:
// whether its splices fit the page is the caller's to check.
func decodeJournal(raw []byte) ([]store.Splice, error) {
	if len(raw) > 0 && raw[0] == '[' {
		var splices []store.Splice
		if err := json.Unmarshal(raw, &splices); err != nil {
			return nil, err
		}
		return splices, nil
	}
	if len(raw) == 0 || raw[0] != journalMark {
		return nil, errJournalRow
	}
	raw = raw[1:]
	var out []store.Splice
	for len(raw) > 0 {
		var s store.Splice
		var n int
		var ok bool
		if s.Pos, raw, ok = journalInt(raw, ' '); !ok {
			return nil, errJournalRow
		}
		if s.Del, raw, ok = journalInt(raw, ' '); !ok {
			return nil, errJournalRow
		}
		if n, raw, ok = journalInt(raw, ':'); !ok || n > len(raw) {
			return nil, errJournalRow
		}
		s.Ins, raw = string(raw[:n]), raw[n:]
		out = append(out, s)
	}
	return out, nil
}

// journalInt reads a decimal of at most 10 digits ended by sep.
func journalInt(b []byte, sep byte) (int, []byte, bool) {
	i := bytes.IndexByte(b, sep)
	if i < 1 || i > 10 {
		return 0, b, false
	}
	n, err := strconv.Atoi(string(b[:i]))
	if err != nil || n < 0 {
		return 0, b, false
	}
	return n, b[i+1:], true
}
