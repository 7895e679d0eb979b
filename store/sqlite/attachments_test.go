package sqlite_test

import (
	"bytes"
	"context"
	"database/sql"
	"strings"
	"testing"

	"github.com/longhand/longhand/store"
	"github.com/longhand/longhand/store/sqlite"
)

// Tiny but real images of each accepted type.
var (
	pngBytes  = []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xcf\xc0\xf0\x1f\x00\x05\x00\x01\xff\x89\x99=\x1d\x00\x00\x00\x00IEND\xaeB`\x82")
	gifBytes  = []byte("GIF89a\x01\x00\x01\x00\x80\x00\x00\xff\xff\xff\x00\x00\x00!\xf9\x04\x01\x00\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;")
	jpegHead  = []byte("\xff\xd8\xff\xe0\x00\x10JFIF\x00")
	webpBytes = []byte("RIFF\x1a\x00\x00\x00WEBPVP8L\x0d\x00\x00\x00/\x00\x00\x00\x10\x07\x10\x11\x11\x88\x88\xfe\x07\x00")
)

func TestCreateAttachment(t *testing.T) {
	ctx := context.Background()
	db, path := openDB(t)
	tests := []struct {
		name string
		data []byte
		mime string
	}{
		{"png", pngBytes, "image/png"},
		{"gif", gifBytes, "image/gif"},
		{"jpeg", jpegHead, "image/jpeg"},
		{"webp", webpBytes, "image/webp"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := db.CreateAttachment(ctx, "dir/shot."+tt.name, tt.data)
			if err != nil {
				t.Fatal(err)
			}
			if a.Mime != tt.mime || a.Size != int64(len(tt.data)) || a.Hash != store.HashAttachment(tt.data) || a.Name != "shot."+tt.name {
				t.Errorf("stored %s as %+v", tt.name, a)
			}
		})
	}

	// The same bytes under another name are the same row, first name kept.
	a1, _ := db.CreateAttachment(ctx, "one.png", pngBytes)
	a2, err := db.CreateAttachment(ctx, "two.png", bytes.Clone(pngBytes))
	if err != nil {
		t.Fatal(err)
	}
	if a1.Hash != a2.Hash || a2.Name != "shot.png" {
		t.Errorf("second copy: %+v, first %+v", a2, a1)
	}
	if n := countAttachments(t, path); n != 4 {
		t.Errorf("rows = %d, want 4", n)
	}

	// Survives a restart.
	db.Close()
	db = mustOpen(t, path)
	defer db.Close()
	got, err := db.FindAttachment(ctx, a1.Hash)
	if err != nil || !bytes.Equal(got.Data, pngBytes) || got.Mime != "image/png" {
		t.Errorf("FindAttachment after reopen: %+v, %v", got, err)
	}
}

func TestCreateAttachmentRefuses(t *testing.T) {
	ctx := context.Background()
	db, path := openDB(t)
	defer db.Close()
	huge := make([]byte, store.MaxAttachmentSize+1)
	copy(huge, pngBytes)
	tests := []struct {
		name string
		data []byte
		want string
	}{
		{"empty", nil, "is empty"},
		{"svg", []byte(`<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>`), "not a PNG"},
		{"svg with a png name", []byte(`<?xml version="1.0"?><svg/>`), "not a PNG"},
		{"html", []byte("<html><body>hi</body></html>"), "not a PNG"},
		{"text", []byte("just text"), "not a PNG"},
		{"riff but not webp", []byte("RIFF\x00\x00\x00\x00WAVEfmt "), "not a PNG"},
		{"too big", huge, "at most 10 MB"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := db.CreateAttachment(ctx, "x.png", tt.data)
			if store.ErrorCode(err) != store.EINVALID || !strings.Contains(store.ErrorMessage(err), tt.want) {
				t.Errorf("CreateAttachment = %v, want EINVALID saying %q", err, tt.want)
			}
		})
	}
	if n := countAttachments(t, path); n != 0 {
		t.Errorf("rows = %d, want 0", n)
	}
}

func TestFindAttachment(t *testing.T) {
	ctx := context.Background()
	db, path := openDB(t)
	defer db.Close()
	a, err := db.CreateAttachment(ctx, "a.gif", gifBytes)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.FindAttachment(ctx, strings.Repeat("0", 64)); store.ErrorCode(err) != store.ENOTFOUND {
		t.Errorf("missing hash: %v", err)
	}
	for _, h := range []string{"", "../etc/passwd", strings.ToUpper(a.Hash), a.Hash + "0"} {
		if _, err := db.FindAttachment(ctx, h); store.ErrorCode(err) != store.EINVALID {
			t.Errorf("FindAttachment(%q) = %v, want EINVALID", h, err)
		}
	}
	// Bytes damaged on disk are reported, not served.
	raw, err := sql.Open(sqlite.DriverName, path)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	// A one-chunk file's only chunk has the file's hash.
	if _, err := raw.Exec("UPDATE chunks SET data = ? WHERE hash = ?", append([]byte("GIF89a!"), gifBytes[7:]...), a.Hash); err != nil {
		t.Fatal(err)
	}
	if got, err := db.FindAttachment(ctx, a.Hash); store.ErrorCode(err) != store.EUNAVAILABLE {
		t.Errorf("damaged attachment: %+v, %v", got, err)
	}
}

func countAttachments(t *testing.T, path string) int {
	t.Helper()
	raw, err := sql.Open("sqlite3", path)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	var n int
	if err := raw.QueryRow("SELECT count(*) FROM blobs").Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}
