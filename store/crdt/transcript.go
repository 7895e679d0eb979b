package crdt

import (
	"fmt"
	"sort"

	"github.com/automerge/automerge-go"
	"github.com/longhand/longhand/store"
)

// A transcript document's root map, one per video:
//
//	kind      "transcript"
//	video     the video's blob hash
//	entries   map of entry key to {device, body, sig}: each a whole
//	          transcript as its author's device signed it (see
//	          store/sqlite/transcripts.go). Concurrent entries all stay;
//	          the reader picks the newest valid one.
//
// The text is not an Automerge Text: what matters is who wrote it, and a
// signature covers a whole text, not a merge of two. A transcript has one
// author, so the last version they signed is the transcript.

// TranscriptEntry is one signed version of a transcript as the document
// holds it; nothing in it is checked here.
type TranscriptEntry struct {
	Key    string
	Device string // hex Ed25519 public key of the device that signed it
	Body   string // JSON of store/sqlite's signed transcript
	Sig    string // hex signature
}

// NewTranscript creates the transcript document of a video.
func NewTranscript(video string) (*Doc, error) {
	return newMap(map[string]any{"kind": string(store.KindTranscript), "video": video, "entries": map[string]any{}})
}

// AddTranscriptEntry adds a signed version and drops the ones it replaces.
func (d *Doc) AddTranscriptEntry(e TranscriptEntry, replaces []string) error {
	entries := d.am.Path("entries").Map()
	for _, k := range replaces {
		if err := entries.Delete(k); err != nil {
			return fmt.Errorf("drop transcript entry: %w", err)
		}
	}
	return d.am.Path("entries", e.Key).Set(map[string]any{"device": e.Device, "body": e.Body, "sig": e.Sig})
}

// Transcript reads the video a transcript document is of and its entries,
// sorted by key.
func (d *Doc) Transcript() (string, []TranscriptEntry, error) {
	video, err := d.str("video")
	if err != nil {
		return "", nil, fmt.Errorf("transcript video: %w", err)
	}
	type fields struct {
		Device string `automerge:"device"`
		Body   string `automerge:"body"`
		Sig    string `automerge:"sig"`
	}
	v, err := d.am.RootMap().Get("entries")
	if err != nil {
		return "", nil, err
	}
	if v.Kind() != automerge.KindMap {
		return video, nil, nil
	}
	m, err := automerge.As[map[string]fields](v)
	if err != nil {
		return "", nil, fmt.Errorf("transcript entries: %w", err)
	}
	out := make([]TranscriptEntry, 0, len(m))
	for k, f := range m {
		out = append(out, TranscriptEntry{Key: k, Device: f.Device, Body: f.Body, Sig: f.Sig})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Key < out[j].Key })
	return video, out, nil
}
