package seal_test

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/longhand/longhand/store"
	"github.com/longhand/longhand/sync/seal"
)

func hexHash(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}

// A list of snapshot chunks travels sealed as an envelope of its own kind,
// with a covered position as a snapshot's, and opens to the same list.
func TestChunkListRoundTrip(t *testing.T) {
	k := seal.NewEpochKey(1)
	a := newDev(t)
	doc := store.NewDocID()
	want := &seal.ChunkList{Size: 3<<20 + 5, Hash: hexHash("whole"), Chunks: []string{hexHash("a"), hexHash("b"), hexHash("c"), hexHash("a")}}
	c, err := want.Content(doc, store.KindPage)
	if err != nil {
		t.Fatal(err)
	}
	env, err := seal.Seal(k, a, seal.KindSnapshotChunks, 42, c)
	if err != nil {
		t.Fatal(err)
	}
	h, got, err := seal.Open(seal.Ring{k.ID: k}, env)
	if err != nil {
		t.Fatal(err)
	}
	if h.Kind != seal.KindSnapshotChunks || h.Covers != 42 || !h.Kind.Compacts() || got.Doc != doc || got.DocKind != store.KindPage {
		t.Fatalf("header %+v, document %s (%s); want a list of snapshot chunks covering 42 of %s", h, got.Doc, got.DocKind, doc)
	}
	l, err := seal.ChunkListOf(got)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(l, want) {
		t.Errorf("ChunkListOf = %+v, want %+v", l, want)
	}
	if seal.KindChanges.Compacts() {
		t.Error("an envelope of changes compacts its document")
	}
}

// A list that does not describe a snapshot is neither sealed nor opened.
func TestMalformedChunkListIsRefused(t *testing.T) {
	k := seal.NewEpochKey(1)
	a := newDev(t)
	doc := store.NewDocID()
	for _, tc := range []struct {
		name string
		list seal.ChunkList
	}{
		{"no chunks", seal.ChunkList{Size: 10, Hash: hexHash("x")}},
		{"more chunks than bytes", seal.ChunkList{Size: 1, Hash: hexHash("x"), Chunks: []string{hexHash("a"), hexHash("b")}}},
		{"empty", seal.ChunkList{Size: 0, Hash: hexHash("x"), Chunks: []string{hexHash("a")}}},
		{"not a hash", seal.ChunkList{Size: 10, Hash: "abc", Chunks: []string{hexHash("a")}}},
		{"a chunk not a hash", seal.ChunkList{Size: 10, Hash: hexHash("x"), Chunks: []string{"zz"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := tc.list.Content(doc, store.KindPage); err == nil {
				t.Error("Content accepted the list")
			}
		})
	}
	// Content that is no list, sealed as if it were: Seal refuses it, and
	// an envelope a sender forced through anyway does not open.
	raw := &seal.Content{Doc: doc, DocKind: store.KindPage, Data: [][]byte{[]byte("a whole snapshot")}}
	if _, err := seal.Seal(k, a, seal.KindSnapshotChunks, 0, raw); err == nil {
		t.Error("Seal sealed a snapshot as a list of chunks")
	}
	c, _ := (&seal.ChunkList{Size: 10, Hash: hexHash("x"), Chunks: []string{hexHash("a")}}).Content(doc, store.KindPage)
	c.Data[1] = c.Data[1][:31]
	if _, err := seal.ChunkListOf(c); !errors.Is(err, seal.ErrForged) || !strings.Contains(err.Error(), "chunks") {
		t.Errorf("ChunkListOf a cut hash: %v, want ErrForged naming the chunks", err)
	}
}

// FuzzChunkListOf reads lists the way Open does after decrypting.
func FuzzChunkListOf(f *testing.F) {
	c, _ := (&seal.ChunkList{Size: 5, Hash: hexHash("x"), Chunks: []string{hexHash("a"), hexHash("b")}}).Content(store.NewDocID(), store.KindPage)
	f.Add(c.Data[0], c.Data[1], c.Data[2])
	f.Add([]byte{}, []byte{1}, []byte{})
	f.Fuzz(func(t *testing.T, first, a, b []byte) {
		in := &seal.Content{Doc: c.Doc, DocKind: c.DocKind, Data: [][]byte{first, a, b}}
		l, err := seal.ChunkListOf(in)
		if err != nil {
			return
		}
		again, err := l.Content(in.Doc, in.DocKind)
		if err != nil {
			t.Fatalf("a list ChunkListOf read does not encode: %v", err)
		}
		if !reflect.DeepEqual(again.Data, in.Data) {
			t.Fatal("the list is not canonical")
		}
	})
}
