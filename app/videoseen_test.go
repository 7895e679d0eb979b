package app

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/base64"
	"image"
	"image/color"
	"image/jpeg"
	"net/http/httptest"
	"path/filepath"
	"testing"

	"github.com/longhand/longhand/store"
	"github.com/longhand/longhand/store/sqlite"
	"github.com/longhand/longhand/store/video/videotest"
	"github.com/longhand/longhand/sync/crypto"
)

func jpegOf(t *testing.T, w, h int) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for i := range img.Pix {
		img.Pix[i] = 0x80
	}
	img.Set(0, 0, color.RGBA{255, 0, 0, 255})
	var b bytes.Buffer
	if err := jpeg.Encode(&b, img, nil); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// signedVideos is the video service of a workspace whose creating device
// has a key, with one video stored.
func signedVideos(t *testing.T) (*Videos, *sqlite.DB, VideoView) {
	t.Helper()
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), DatabaseFile))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	id := crypto.NewIdentity(priv)
	db.Signer = id
	if _, err := db.CreateWorkspace(ctx, "Acme", "Ada Lovelace", "UTC"); err != nil {
		t.Fatal(err)
	}
	v := NewVideos(ctx, db, filepath.Join(t.TempDir(), "recordings"))
	v.seen, v.key = db, id
	rv, err := v.StartRecording()
	if err != nil {
		t.Fatal(err)
	}
	record(t, v, rv, videotest.Encode(t, videotest.Encoding{Seconds: 2, Mux: "webm-live"}))
	vv, err := v.UseTake(rv.ID, 1, "The launch moves to May")
	if err != nil {
		t.Fatal(err)
	}
	return v, db, vv
}

// A poster is a JPEG that decodes whole, within bounds, of a video stored
// here; it is served from /posters/ and nothing else is.
func TestAPosterIsAJPEGThatDecodes(t *testing.T) {
	v, _, vv := signedVideos(t)
	good := jpegOf(t, 320, 180)
	p, err := v.CreatePoster(vv.Hash, base64.StdEncoding.EncodeToString(good))
	if err != nil {
		t.Fatalf("CreatePoster: %v", err)
	}
	if p.Hash != store.HashAttachment(good) || p.Ref != "attachment:"+p.Hash {
		t.Errorf("CreatePoster=%+v", p)
	}
	png := onePixelPNG
	cut := good[:len(good)/2]
	tests := []struct {
		name  string
		video string
		data  []byte
	}{
		{"a PNG", vv.Hash, png},
		{"SVG", vv.Hash, []byte(`<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>`)},
		{"HTML behind JPEG's magic", vv.Hash, append([]byte("\xff\xd8\xff"), "<script>alert(1)</script>"...)},
		{"a JPEG cut short", vv.Hash, cut},
		{"too large a picture", vv.Hash, jpegOf(t, 1600, 900)},
		{"nothing", vv.Hash, nil},
		{"no such video", store.HashAttachment([]byte("x")), good},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := v.CreatePoster(tt.video, base64.StdEncoding.EncodeToString(tt.data))
			if c := store.ErrorCode(err); c != store.EINVALID && c != store.ENOTFOUND {
				t.Errorf("CreatePoster=%v, want it refused", err)
			}
		})
	}

	serve := func(hash string) *httptest.ResponseRecorder {
		w := httptest.NewRecorder()
		MediaHandler(v.store.(store.AttachmentService), v).ServeHTTP(w, httptest.NewRequest("GET", PosterPath+hash, nil))
		return w
	}
	w := serve(p.Hash)
	if w.Code != 200 || w.Header().Get("Content-Type") != "image/jpeg" || w.Header().Get("X-Content-Type-Options") != "nosniff" || !bytes.Equal(w.Body.Bytes(), good) {
		t.Errorf("GET the poster = %d %q", w.Code, w.Header().Get("Content-Type"))
	}
	// An image attached otherwise (a PNG) is no poster; nor is a video.
	a, err := v.store.CreateAttachment(context.Background(), "x.png", png)
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range []string{a.Hash, vv.Hash, "../" + p.Hash} {
		if w := serve(h); w.Code == 200 || w.Body.Len() > 0 && w.Header().Get("Content-Type") == "image/jpeg" {
			t.Errorf("GET %s from /posters/ = %d %q, want it not served", h[:min(12, len(h))], w.Code, w.Header().Get("Content-Type"))
		}
	}
}

// Watching a video on a page marks me as having seen it, once.
func TestMarkSeenSignsForMe(t *testing.T) {
	v, db, vv := signedVideos(t)
	ctx := context.Background()
	spaces, err := db.FindSpaces(ctx)
	if err != nil || len(spaces) == 0 {
		t.Fatalf("FindSpaces=%v, %v", spaces, err)
	}
	if _, err := db.CreatePage(ctx, store.NewPage{Title: "Videos", Body: "[▶ The launch (0:02)](" + vv.Ref + ")", Space: spaces[0].ID}); err != nil {
		t.Fatal(err)
	}
	s, err := v.Seen(vv.Hash)
	if err != nil || s.Audience != 1 || len(s.Seen) != 0 || s.AfterMs != 3000 {
		t.Fatalf("Seen before watching=%+v, %v; want 1 person, none yet", s, err)
	}
	if err := v.MarkSeen(vv.Hash); err != nil {
		t.Fatalf("MarkSeen: %v", err)
	}
	s, err = v.Seen(vv.Hash)
	if err != nil || s.Audience != 1 || len(s.Seen) != 1 || s.Seen[0].Name != "Ada Lovelace" {
		t.Errorf("Seen after watching=%+v, %v; want Ada, 1 of 1", s, err)
	}
	// Without a key, nothing is marked.
	v.key = nil
	if err := v.MarkSeen(vv.Hash); store.ErrorCode(err) != store.EUNAVAILABLE {
		t.Errorf("MarkSeen without a key=%v, want EUNAVAILABLE", err)
	}
}
