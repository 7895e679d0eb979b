package peer_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/longhand/longhand/store"
	"github.com/longhand/longhand/store/crdt"
	"github.com/longhand/longhand/store/video"
	"github.com/longhand/longhand/store/video/videotest"
	"github.com/longhand/longhand/sync/crypto"
)

func spoken(text string) []store.TranscriptWord {
	var ws []store.TranscriptWord
	for i, w := range strings.Fields(text) {
		ws = append(ws, store.TranscriptWord{Text: w, Start: int64(i) * 400, End: int64(i)*400 + 300})
	}
	return ws
}

func transcriptText(t *testing.T, d *device, hash string) string {
	t.Helper()
	tr, err := d.db.FindTranscript(context.Background(), hash)
	if err != nil {
		t.Fatalf("%s: FindTranscript: %v", d.name, err)
	}
	return tr.Text()
}

// A video's transcript travels with it to a teammate's device, and so do
// its author's corrections; the teammate may not change it, here or by
// writing into the document and syncing it back.
func TestATranscriptSyncsAndOnlyItsAuthorCorrectsIt(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	loader(t)
	a := newWorkspace(t, dir, "ada")
	defer a.close(t)
	b := join(t, a, dir, "bo")
	defer b.close(t)

	clip := videotest.Encode(t, videotest.Encoding{Seconds: 2, Mux: "webm-live", Audio: true})
	stamp, err := video.Stamp("video/webm", store.VideoMeta{Take: 1, Summary: "Launch status", Author: a.me})
	if err != nil {
		t.Fatal(err)
	}
	vid := attach(t, a, "launch.webm", bytes.NewReader(append(clip, stamp...)))
	if _, err := a.db.SaveTranscript(ctx, vid.Hash, spoken("the cult of the launch"), false); err != nil {
		t.Fatalf("SaveTranscript: %v", err)
	}

	syncPair(t, b, a)
	if got := transcriptText(t, b, vid.Hash); got != "the cult of the launch" {
		t.Fatalf("bo's transcript=%q, want ada's", got)
	}

	// Bo may not correct Ada's video here…
	if _, err := b.db.SaveTranscript(ctx, vid.Hash, spoken("bo was here"), true); store.ErrorCode(err) != store.EFORBIDDEN {
		t.Errorf("bo's SaveTranscript: %v, want EFORBIDDEN", err)
	}
	// …nor by writing an entry signed by his device into the document,
	// claiming to be Ada, which a modified Longhand could sync.
	id := store.TranscriptDocID(vid.Hash)
	d, _, err := b.db.SyncOpen(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if err := d.AddTranscriptEntry(forged(t, b.id, vid.Hash, a.me, "bo was here"), nil); err != nil {
		t.Fatal(err)
	}
	change, err := d.Commit("edit by bo", time.Now())
	if err != nil || change == nil {
		t.Fatalf("Commit: %v", err)
	}
	if err := b.db.SyncMerge(ctx, id, [][]byte{change}); err != nil {
		t.Fatalf("SyncMerge: %v", err)
	}
	syncPair(t, a, b)
	for _, dev := range []*device{a, b} {
		if got := transcriptText(t, dev, vid.Hash); got != "the cult of the launch" {
			t.Errorf("%s's transcript after bo's edit=%q, want ada's", dev.name, got)
		}
	}

	// Ada's correction reaches Bo, and his search finds the video by it.
	fixed, err := store.CorrectWords(spoken("the cult of the launch"), "the quarterly launch")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.db.SaveTranscript(ctx, vid.Hash, fixed, true); err != nil {
		t.Fatal(err)
	}
	syncPair(t, b, a)
	if got := transcriptText(t, b, vid.Hash); got != "the quarterly launch" {
		t.Errorf("bo's transcript after ada's correction=%q", got)
	}
	hits, err := b.db.Search(ctx, "quarterly", 10)
	found := false
	for _, h := range hits {
		found = found || h.Kind == store.KindVideo && string(h.ID) == vid.Hash
	}
	if err != nil || !found {
		t.Errorf("bo's Search(quarterly)=%+v, %v; want the video", hits, err)
	}
	converged(t, a, b)
}

// forged is an entry signed by a device, naming author, as
// store/sqlite/transcripts.go signs them.
func forged(t *testing.T, id *crypto.Identity, hash string, author store.DocID, text string) crdt.TranscriptEntry {
	t.Helper()
	body, err := json.Marshal(map[string]any{"video": hash, "author": author, "words": spoken(text), "corrected": true,
		"at": time.Now().Add(time.Hour).UnixMilli()})
	if err != nil {
		t.Fatal(err)
	}
	sig := id.Sign(append([]byte("longhand transcript v1\x00"), body...))
	key := sha256.Sum256(body)
	return crdt.TranscriptEntry{Key: hex.EncodeToString(key[:16]), Device: hex.EncodeToString(id.PublicKey()),
		Body: string(body), Sig: hex.EncodeToString(sig)}
}
