package app

import (
	"bytes"
	"encoding/base64"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/longhand/longhand/store"
)

// A file of any kind is attached from disk, opened through a private,
// read-only copy of its own, and saved where the person chooses; the
// window is never served it.
func TestAFileIsAttachedOpenedAndSaved(t *testing.T) {
	db, atts, _, _ := newTransfer(t)
	dialogs := atts.dialogs.(fakeDialogs)
	data := bytes.Repeat([]byte("%PDF-1.7 quarterly numbers\n"), 100_000) // 2.7 MB: three chunks
	if err := os.WriteFile(filepath.Join(dialogs.dir, "chosen"), data, 0o600); err != nil {
		t.Fatal(err)
	}
	v, err := atts.ChooseFile()
	if err != nil {
		t.Fatal(err)
	}
	if v.Name != "chosen" || v.Size != int64(len(data)) || v.Image || v.Ref != "attachment:"+v.Hash {
		t.Fatalf("ChooseFile = %+v", v)
	}
	var opened []string
	atts.open = func(p string) error { opened = append(opened, p); return nil }
	atts.openDir = t.TempDir()
	if err := atts.Open(v.Hash); err != nil {
		t.Fatal(err)
	}
	if len(opened) != 1 || filepath.Base(opened[0]) != "chosen" || !strings.HasPrefix(opened[0], atts.openDir) {
		t.Fatalf("opened %v", opened)
	}
	got, err := os.ReadFile(opened[0])
	if err != nil || !bytes.Equal(got, data) {
		t.Fatalf("the opened copy: %d bytes, %v", len(got), err)
	}
	if fi, _ := os.Stat(opened[0]); fi.Mode().Perm() != 0o400 {
		t.Fatalf("the opened copy's mode is %v, want read-only for its owner", fi.Mode().Perm())
	}
	saved, err := atts.SaveAs(v.Hash)
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(saved); !bytes.Equal(got, data) {
		t.Fatal("the saved copy differs")
	}
	// The window gets images only: a PDF is not served to it.
	w := httptest.NewRecorder()
	AttachmentHandler(db).ServeHTTP(w, httptest.NewRequest("GET", "/attachments/"+v.Hash, nil))
	if w.Code != 404 || bytes.Contains(w.Body.Bytes(), []byte("PDF")) {
		t.Fatalf("GET of a PDF = %d %q", w.Code, w.Body.String())
	}
	st, err := atts.Status(v.Hash)
	if err != nil || !st.Complete || st.Parts != 3 || st.Have != 3 {
		t.Fatalf("Status = %+v, %v", st, err)
	}
	if st, err := atts.Status(store.HashAttachment([]byte("not here"))); err != nil || st.Known {
		t.Fatalf("Status of a file not here = %+v, %v", st, err)
	}
}

// Programs, scripts and launchers are never opened from Longhand, whatever
// their name says; HTML and SVG never reach the window.
func TestProgramsAreNotOpened(t *testing.T) {
	_, atts, _, _ := newTransfer(t)
	atts.openDir = t.TempDir()
	atts.open = func(p string) error { t.Fatalf("%s was opened", p); return nil }
	for name, data := range map[string]string{
		"install.sh":     "echo hi",
		"notes.txt":      "#!/bin/sh\nrm -rf ~\n", // a script under a harmless name
		"Launch.desktop": "[Desktop Entry]\nExec=evil\n",
		"tool":           "\x7fELF\x02\x01\x01",
		"report.pdf.exe": "MZ",
		"../../.bashrc":  "#!/bin/bash",
	} {
		v, err := atts.CreateFile(name, base64.StdEncoding.EncodeToString([]byte(data)))
		if err != nil {
			t.Fatal(err)
		}
		if err := atts.Open(v.Hash); store.ErrorCode(err) != store.EFORBIDDEN {
			t.Errorf("Open(%s) = %v, want it refused", name, err)
		}
	}
	for _, data := range []string{"<html><script>alert(1)</script></html>", "<svg onload=alert(1)>"} {
		v, err := atts.CreateFile("page.html", base64.StdEncoding.EncodeToString([]byte(data)))
		if err != nil {
			t.Fatal(err)
		}
		w := httptest.NewRecorder()
		AttachmentHandler(atts.store).ServeHTTP(w, httptest.NewRequest("GET", "/attachments/"+v.Hash, nil))
		if w.Code != 404 || strings.Contains(w.Body.String(), "<") {
			t.Errorf("GET of %q = %d %q", data, w.Code, w.Body.String())
		}
	}
}

func TestSafeFileName(t *testing.T) {
	h := strings.Repeat("ab", 32)
	for in, want := range map[string]string{
		"report.pdf":          "report.pdf",
		"../../etc/passwd":    "passwd",
		".bashrc":             "bashrc",
		"C:\\Users\\a\\x.doc": "x.doc",
		"":                    "attachment-abababababab.png",
		"a\x00b\x1fc.txt":     "abc.txt",
	} {
		if got := safeFileName(in, h, "image/png"); got != want {
			t.Errorf("safeFileName(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestFileSettings(t *testing.T) {
	_, atts, _, _ := newTransfer(t)
	v, err := atts.Settings()
	if err != nil || v.MaxFileMB != 200 || !v.FetchAll || v.DroppedMB != 25 {
		t.Fatalf("default settings = %+v, %v", v, err)
	}
	v.MaxFileMB, v.FetchAll = 50, false
	if v, err = atts.SetSettings(v); err != nil || v.MaxFileMB != 50 || v.FetchAll {
		t.Fatalf("SetSettings = %+v, %v", v, err)
	}
	big := base64.StdEncoding.EncodeToString(make([]byte, 1<<20))
	v.MaxFileMB = 1
	if _, err := atts.SetSettings(v); err != nil {
		t.Fatal(err)
	}
	if _, err := atts.CreateFile("big.bin", big+"AAAA"); store.ErrorCode(err) != store.EINVALID {
		t.Fatalf("a file over the limit: %v", err)
	}
	v.MaxFileMB = 0
	if _, err := atts.SetSettings(v); store.ErrorCode(err) != store.EINVALID {
		t.Fatalf("a limit of 0 MB: %v", err)
	}
}
