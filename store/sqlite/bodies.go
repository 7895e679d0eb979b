package sqlite

import (
	"bytes"
	"compress/flate"
	"context"
	"database/sql"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"sync"
	"unicode/utf8"

	"github.com/longhand/longhand/store"
)

// A page's row keeps its body packed (migration 0027): lists, the Read
// view, search snippets, the folder mirror and export read the text
// without loading Automerge, and a 150-word body deflates to less than
// half (BENCHMARKS.md, "Bytes per page"). Every reader of a row's body
// gets it through unpackBody; every writer packs it with packBody.
//
// The first byte says how the rest is held: bodyPlain, the UTF-8 text as
// it is (short text, or text that deflating does not shrink), or
// bodyDeflated, the CRC-32C of the text (4 bytes, big-endian) and the
// text deflated (RFC 1951): a flipped bit in a deflated stream can inflate
// to other text without an error, which the checksum catches.
const (
	bodyPlain    = 0
	bodyDeflated = 1
)

// minDeflate is the shortest body worth deflating: below it the
// compressor's header and the lack of repeats leave nothing to gain.
// maxDeflate is the longest: a row is packed on the writer's goroutine,
// where every keystroke's journal row waits its turn: deflating costs
// about 5 µs a KB (BenchmarkPackBody), so a longer body, which is rare,
// is kept plain rather than hold the writer for a millisecond or more
// each time its page commits.
const (
	minDeflate = 96
	maxDeflate = 32 << 10
)

// maxUnpacked bounds what a packed body may inflate to: a page holds at
// most store.MaxBodyLen characters, of at most 4 bytes each. A damaged
// row cannot make a reader inflate more.
const maxUnpacked = 4 * store.MaxBodyLen

var inflaters = sync.Pool{New: func() any { return flate.NewReader(bytes.NewReader(nil)) }}

// deflaters deflate at the fastest level: on 150-word pages it packs
// 4% less than the default level in a quarter of the time or less.
var deflaters = sync.Pool{New: func() any {
	w, _ := flate.NewWriter(io.Discard, flate.BestSpeed)
	return w
}}

// packBody is the bytes a page's row holds for its body.
func packBody(body string) []byte {
	if len(body) >= minDeflate && len(body) <= maxDeflate {
		var buf bytes.Buffer
		buf.Grow(len(body)/2 + 16)
		buf.WriteByte(bodyDeflated)
		buf.Write(binary.BigEndian.AppendUint32(nil, crc32.Checksum([]byte(body), castagnoli)))
		w := deflaters.Get().(*flate.Writer)
		w.Reset(&buf)
		_, err := io.WriteString(w, body)
		if err == nil {
			err = w.Close()
		}
		deflaters.Put(w)
		if err == nil && buf.Len() < 1+len(body) {
			return buf.Bytes()
		}
	}
	out := make([]byte, 1+len(body))
	out[0] = bodyPlain
	copy(out[1:], body)
	return out
}

// errDamagedBody says a row's packed body cannot be read back.
var errDamagedBody = errors.New("damaged body")

// unpackBody reads back the body a page's row holds. Bytes that are not
// what packBody makes give an error wrapping errDamagedBody, never a panic
// or a partial text.
func unpackBody(packed []byte) (string, error) {
	return unpackBodyStart(packed, -1)
}

// unpackBodyStart reads back at most the first n bytes of a row's body,
// cut to whole characters (n < 0: all of it), which is all a list's
// excerpt needs of a long page. The checksum of a deflated body is checked
// when the whole text was read.
func unpackBodyStart(packed []byte, n int) (string, error) {
	if len(packed) == 0 {
		return "", fmt.Errorf("%w: no bytes", errDamagedBody)
	}
	var text []byte
	switch packed[0] {
	case bodyPlain:
		text = packed[1:]
		if n >= 0 && len(text) > n {
			text = text[:n]
		}
	case bodyDeflated:
		if len(packed) < 5 {
			return "", fmt.Errorf("%w: %d bytes", errDamagedBody, len(packed))
		}
		limit := maxUnpacked
		if n >= 0 && n < limit {
			limit = n
		}
		r := inflaters.Get().(io.ReadCloser)
		r.(flate.Resetter).Reset(bytes.NewReader(packed[5:]), nil)
		var err error
		text, err = io.ReadAll(io.LimitReader(r, int64(limit)+1))
		inflaters.Put(r)
		if err != nil {
			return "", fmt.Errorf("%w: %v", errDamagedBody, err)
		}
		whole := len(text) <= limit
		switch {
		case whole && crc32.Checksum(text, castagnoli) != binary.BigEndian.Uint32(packed[1:5]):
			return "", fmt.Errorf("%w: its checksum fails", errDamagedBody)
		case !whole && limit == maxUnpacked:
			return "", fmt.Errorf("%w: it inflates past %d bytes", errDamagedBody, maxUnpacked)
		case !whole:
			text = text[:limit]
		}
	default:
		return "", fmt.Errorf("%w: unknown packing %d", errDamagedBody, packed[0])
	}
	if n >= 0 && len(text) == n {
		// Cut to whole characters: drop the start of one left unfinished.
		for i := 0; i < utf8.UTFMax-1 && len(text) > 0; i++ {
			if r, size := utf8.DecodeLastRune(text); r != utf8.RuneError || size > 1 {
				break
			}
			text = text[:len(text)-1]
		}
	}
	if !utf8.Valid(text) {
		return "", fmt.Errorf("%w: not UTF-8", errDamagedBody)
	}
	return string(text), nil
}

// repairRow rebuilds a page's row from its document when the body the row
// holds cannot be read back (cause), after setting the row's bytes aside
// in the quarantine (source "row"), so that nothing is lost and the page
// reads again. A document that is itself damaged, or will not load, gives
// the row an empty body: the load that finds it quarantines it and marks
// the page damaged, as for any damaged document.
func (db *DB) repairRow(ctx context.Context, id store.DocID, cause error) error {
	var packed []byte
	if err := db.db.QueryRowContext(ctx, "SELECT packed_body FROM pages WHERE id = ?", id).Scan(&packed); err != nil {
		return err
	}
	if _, err := unpackBody(packed); err == nil {
		return nil // rebuilt meanwhile
	}
	var page *store.Page
	var review *store.Review
	if sd, err := readDoc(ctx, db.db, id); err == nil && sd.damaged == "" && sd.verify() == "" {
		if d, err := sd.load(); err == nil {
			page, review, _ = materialPage(d)
		}
	}
	now := db.Now()
	reason := fmt.Sprintf("the body of its row could not be read back (%v); the row was rebuilt from the document", cause)
	return <-db.w.submit("", "", func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, "INSERT INTO quarantine (doc_id, source, reason, bytes, found_at) VALUES (?, 'row', ?, ?, ?)",
			id, reason, packed, now.UnixMilli())
		if err != nil {
			return fmt.Errorf("quarantine the row of %s: %w", id, err)
		}
		if page == nil {
			_, err := tx.ExecContext(ctx, "UPDATE pages SET packed_body = ? WHERE id = ?", packBody(""), id)
			return err
		}
		return upsertPageRow(ctx, tx, id, page, review, now)
	})
}
