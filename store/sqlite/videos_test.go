package sqlite_test

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/longhand/longhand/store"
	"github.com/longhand/longhand/store/sqlite"
	"github.com/longhand/longhand/store/video"
	"github.com/longhand/longhand/store/video/videotest"
)

func stamped(t *testing.T, b []byte, take int, summary string) []byte {
	t.Helper()
	s, err := video.Stamp("video/webm", store.VideoMeta{Take: take, Summary: summary})
	if err != nil {
		t.Fatal(err)
	}
	return append(bytes.Clone(b), s...)
}

// A video attached or recorded here is read from its bytes: kept with its
// length, take and summary when it keeps the rules, refused when not.
func TestAVideoIsHeldToTheRulesWhenStored(t *testing.T) {
	ctx := context.Background()
	db, _ := openDB(t)
	short := stamped(t, videotest.Encode(t, videotest.Encoding{Seconds: 4, Mux: "webm-live", Audio: true}), 2, "The launch moves to May")
	b, err := db.CreateBlob(ctx, "check-in.webm", bytes.NewReader(short), store.DefaultMaxFileSize)
	if err != nil {
		t.Fatalf("CreateBlob of a 0:04 video: %v", err)
	}
	if b.Mime != "video/webm" {
		t.Errorf("Mime=%q, want video/webm", b.Mime)
	}
	v, err := db.FindVideo(ctx, b.Hash)
	if err != nil {
		t.Fatalf("FindVideo: %v", err)
	}
	if v.Length < 3*time.Second || v.Length > 5*time.Second || v.Meta == nil || v.Meta.Take != 2 || v.Meta.Summary != "The launch moves to May" {
		t.Errorf("FindVideo=%+v (meta %+v), want 0:04, take 2 and its summary", v, v.Meta)
	}

	long := videotest.Encode(t, videotest.Encoding{Seconds: 181, Mux: "webm-live", Audio: true})
	_, err = db.CreateBlob(ctx, "long.webm", bytes.NewReader(long), store.DefaultMaxFileSize)
	if store.ErrorCode(err) != store.EINVALID || !strings.Contains(store.ErrorMessage(err), "3:01") {
		t.Errorf("CreateBlob of a 3:01 video: %v, want EINVALID naming 3:01", err)
	}
	if _, err := db.FindBlob(ctx, store.HashAttachment(long)); store.ErrorCode(err) != store.ENOTFOUND {
		t.Errorf("the refused video was kept: %v", err)
	}

	// Not a video Longhand plays (Matroska): a file like any other.
	mkv := videotest.Encode(t, videotest.Encoding{Seconds: 2, Matroska: true})
	f, err := db.CreateBlob(ctx, "clip.mkv", bytes.NewReader(mkv), store.DefaultMaxFileSize)
	if err != nil {
		t.Fatalf("CreateBlob of a Matroska file: %v", err)
	}
	if _, err := db.FindVideo(ctx, f.Hash); store.ErrorCode(err) != store.ENOTFOUND {
		t.Errorf("FindVideo of a Matroska file: %v, want ENOTFOUND", err)
	}
}

// peerSends plays a peer that holds data: the page naming it arrives,
// then its manifest and its chunks, as sync brings them.
func peerSends(t *testing.T, to *sqlite.DB, data []byte) string {
	t.Helper()
	ctx := context.Background()
	m := store.BlobManifest{Hash: store.HashAttachment(data), Size: int64(len(data)), Mime: "application/pdf", Name: "notes.webm"}
	var chunks [][]byte
	for off := 0; off < len(data); off += store.ChunkSize {
		c := data[off:min(off+store.ChunkSize, len(data))]
		chunks = append(chunks, c)
		m.Chunks = append(m.Chunks, store.HashAttachment(c))
	}
	pageNaming(t, to, m.Hash)
	wants, err := to.BlobWants(ctx, 10)
	if err != nil || len(wants) != 1 {
		t.Fatalf("BlobWants=%v, %v; want the one file", wants, err)
	}
	if _, err := to.AddBlobManifest(ctx, m); err != nil {
		t.Fatalf("AddBlobManifest: %v", err)
	}
	for i, c := range chunks {
		if err := to.TakeChunk(ctx, m.Chunks[i], c); err != nil {
			t.Fatalf("TakeChunk %d: %v", i, err)
		}
	}
	return m.Hash
}

// A video from a peer is read again when it is whole, whatever type the
// peer said it was: one over 3:00, or a third take, is dropped, reported,
// and never asked for again; one within the rules is kept as a video.
func TestAVideoFromAPeerIsHeldToTheRules(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name   string
		data   []byte
		reason string // "" when it is kept
	}{
		{"a 0:04 take", stamped(t, videotest.Encode(t, videotest.Encoding{Seconds: 4, Mux: "webm", Audio: true}), 1, "Hello"), ""},
		{"a 3:01 video", videotest.Encode(t, videotest.Encoding{Seconds: 181, Mux: "webm-live", Audio: true}), "3:01"},
		{"a third take", stampedByHand(videotest.Encode(t, videotest.Encoding{Seconds: 3, Mux: "webm-live", Audio: true}), 3), "take 3"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db, _ := openDB(t)
			var refused []string
			db.OnBlobRefused = func(hash, reason string) { refused = append(refused, reason) }
			hash := peerSends(t, db, tt.data)
			reason, err := db.BlobRefusal(ctx, hash)
			if err != nil {
				t.Fatal(err)
			}
			if tt.reason == "" {
				if reason != "" || len(refused) != 0 {
					t.Fatalf("refused: %q", reason)
				}
				b, err := db.FindBlob(ctx, hash)
				if err != nil || !b.Complete || b.Mime != "video/webm" {
					t.Fatalf("FindBlob=%+v, %v; want a whole video/webm", b, err)
				}
				if _, err := db.FindVideo(ctx, hash); err != nil {
					t.Fatalf("FindVideo: %v", err)
				}
				return
			}
			if !strings.Contains(reason, tt.reason) || len(refused) != 1 || refused[0] != reason {
				t.Fatalf("BlobRefusal=%q, reported %q; want one naming %q", reason, refused, tt.reason)
			}
			if _, err := db.FindBlob(ctx, hash); store.ErrorCode(err) != store.ENOTFOUND {
				t.Errorf("the refused video was kept: %v", err)
			}
			if wants, err := db.BlobWants(ctx, 10); err != nil || len(wants) != 0 {
				t.Errorf("BlobWants=%v, %v; a refused file is not asked for again", wants, err)
			}
			if err := db.WantBlob(hash); err != nil {
				t.Fatal(err)
			}
			if wants, err := db.BlobWants(ctx, 10); err != nil || len(wants) != 0 {
				t.Errorf("BlobWants=%v, %v after opening it; a refused file is not asked for again", wants, err)
			}
		})
	}
}

// stampedByHand stamps a take Stamp would refuse, as another program might.
func stampedByHand(b []byte, take int) []byte {
	payload := []byte("longhand-video\n" + `{"take":` + string(rune('0'+take)) + `,"summary":"once more"}`)
	return append(bytes.Clone(b), append([]byte{0xec, 0x80 | byte(len(payload))}, payload...)...)
}
