package peer_test

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/longhand/longhand/store"
	"github.com/longhand/longhand/sync/peer"
)

var seeds = flag.Int("partition.seeds", 20, "seeds the partition test runs (make soak runs 500)")

// The partition test: three devices edit pages, posts, chats and profiles
// while links between them are cut mid-session at random, sessions are
// repeated (so messages arrive twice), and devices restart. When the links
// heal, every device holds the same heads and the same rows, and every
// edit a device acknowledged is there.
func TestPartition(t *testing.T) {
	for seed := range *seeds {
		t.Run(fmt.Sprint(seed), func(t *testing.T) { partition(t, uint64(seed)) })
	}
}

// ack is an edit a device acknowledged, by a token only it wrote.
type ack struct {
	kind  string // page, post, chat
	id    store.DocID
	token string
}

func partition(t *testing.T, seed uint64) {
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(seed, 0x5eed))
	dir := t.TempDir()
	a := newWorkspace(t, dir, "ada")
	b := join(t, a, dir, "bo")
	c := join(t, a, dir, "cy")
	devs := []*device{a, b, c}
	defer func() {
		for _, d := range devs {
			d.close(t)
		}
	}()
	syncPair(t, a, b)
	syncPair(t, a, c)
	syncPair(t, b, c)
	spaces, err := a.db.FindSpaces(ctx)
	if err != nil {
		t.Fatal(err)
	}
	page, err := a.db.CreatePage(ctx, store.NewPage{Title: "Shared", Body: "start\n", Space: spaces[0].ID})
	if err != nil {
		t.Fatal(err)
	}
	channels, err := a.db.FindChannels(ctx)
	if err != nil {
		t.Fatal(err)
	}
	conv, err := a.db.StartConversation(ctx, []store.DocID{b.me})
	if err != nil {
		t.Fatal(err)
	}
	syncPair(t, a, b)
	syncPair(t, a, c)

	var acks []ack
	var files []*store.Blob
	n := 0
	token := func(d *device) string { n++; return fmt.Sprintf("<%s-%d>", d.name, n) }
	for step := 0; step < 40; step++ {
		d := devs[rng.IntN(len(devs))]
		switch r := rng.IntN(10); {
		case r < 4: // type into the shared page, or a page of one's own
			id := page.ID
			if rng.IntN(3) == 0 {
				p, err := d.db.CreatePage(ctx, store.NewPage{Title: "Notes " + token(d), Space: spaces[0].ID})
				if err != nil {
					t.Fatal(err)
				}
				id = p.ID
			}
			cur, err := d.db.FindPage(ctx, id)
			if err != nil {
				continue // not here yet
			}
			tok := token(d)
			pos := rng.IntN(len([]rune(cur.Body)) + 1)
			// Insert between tokens only: never split another edit's token.
			if i := strings.LastIndex(string([]rune(cur.Body)[:pos]), "<"); i >= 0 && !strings.Contains(string([]rune(cur.Body)[:pos])[i:], ">") {
				pos = len([]rune(cur.Body))
			}
			if _, err := d.db.EditPage(ctx, id, store.Edit{Splices: []store.Splice{{Pos: pos, Ins: tok}}}); err != nil {
				t.Fatalf("edit: %v", err)
			}
			acks = append(acks, ack{"page", id, tok})
		case r < 6:
			tok := token(d)
			body := tok
			if rng.IntN(3) == 0 { // with a file of up to two chunks
				f, err := d.db.CreateBlob(ctx, "file"+tok, bigFile(uint64(n), 1+rng.Int64N(2*store.ChunkSize)), store.DefaultMaxFileSize)
				if err != nil {
					t.Fatal(err)
				}
				files = append(files, f)
				body += " [file](attachment:" + f.Hash + ")"
			}
			p, err := d.db.CreatePost(ctx, store.NewPost{Channel: channels[0].ID, Title: "Post " + tok, Body: body})
			if err != nil {
				t.Fatal(err)
			}
			acks = append(acks, ack{"post", p.ID, tok})
		case r < 7 && d.name != "cy":
			tok := token(d)
			if _, err := d.db.SendMessage(ctx, conv.ID, tok); err == nil {
				acks = append(acks, ack{"chat", conv.ID, tok})
			}
		case r < 8:
			team := token(d)
			if _, err := d.db.UpdateMember(ctx, d.me, store.MemberUpdate{Team: &team}); err != nil {
				t.Fatal(err)
			}
		case r < 9: // a restart
			i := indexOf(devs, d)
			d.close(t)
			devs[i] = openDevice(t, d.name, d.path, d.id)
		default: // a session over a link that may be cut, maybe twice
			x, y := pair(rng, devs)
			cut := -1
			if rng.IntN(2) == 0 {
				cut = rng.IntN(4000)
			}
			for range 1 + rng.IntN(2) {
				_, _, err := syncFaulty(x, y, cut)
				if cut < 0 && err != nil {
					t.Fatalf("session %s→%s on a sound link: %v", x.name, y.name, err)
				}
			}
		}
	}
	// Heal: every pair syncs until nothing moves.
	for round := 0; ; round++ {
		moved := false
		for i := range devs {
			for j := i + 1; j < len(devs); j++ {
				ra, _ := syncPair(t, devs[i], devs[j])
				if len(ra.Diff.Both)+len(ra.Diff.OnlyMine)+len(ra.Diff.OnlyTheirs) > 0 || ra.LogSynced {
					moved = true
				}
			}
		}
		if !moved {
			break
		}
		if round > 5 {
			t.Fatal("sessions still move documents after 5 rounds")
		}
	}
	converged(t, devs...)
	// Every file a post names reached every device whole.
	t.Logf("%d acknowledged edits, %d files", len(acks), len(files))
	for _, d := range devs {
		for _, f := range files {
			got, err := d.db.FindBlob(ctx, f.Hash)
			if err != nil || !got.Complete || got.Size != f.Size {
				t.Errorf("%s holds %s as %+v, %v", d.name, f.Name, got, err)
			}
		}
	}
	for _, d := range devs {
		for _, k := range acks {
			var text string
			switch k.kind {
			case "page":
				p, err := d.db.FindPage(ctx, k.id)
				if err != nil {
					t.Fatal(err)
				}
				text = p.Body
			case "post":
				p, err := d.db.FindPost(ctx, k.id)
				if err != nil {
					t.Fatalf("%s lacks post %s: %v", d.name, k.token, err)
				}
				text = p.Body
			case "chat":
				if d.name == "cy" {
					continue // not a member of the chat; it still holds its documents
				}
				ms, err := d.db.FindMessages(ctx, k.id, time.Time{}, 1000)
				if err != nil {
					t.Fatal(err)
				}
				for _, m := range ms {
					text += m.Body
				}
			}
			if !strings.Contains(text, k.token) {
				t.Errorf("%s lost the acknowledged %s edit %s", d.name, k.kind, k.token)
			}
		}
	}
}

func indexOf(devs []*device, d *device) int {
	for i, x := range devs {
		if x == d {
			return i
		}
	}
	panic("unknown device")
}

func pair(rng *rand.Rand, devs []*device) (*device, *device) {
	i := rng.IntN(len(devs))
	j := (i + 1 + rng.IntN(len(devs)-1)) % len(devs)
	return devs[i], devs[j]
}

// syncFaulty runs a session over a link that breaks after cut bytes
// written by the dialing side (never, when cut < 0).
func syncFaulty(a, b *device, cut int) (*peer.Result, *peer.Result, error) {
	if cut < 0 {
		return trySync(a, b)
	}
	return runOver(a, b, peer.Options{}, peer.Options{}, func(c net.Conn) io.ReadWriter { return &cutConn{Conn: c, left: cut} })
}

// cutConn is a connection that is cut after some bytes.
type cutConn struct {
	net.Conn
	left int
}

func (c *cutConn) Write(p []byte) (int, error) {
	if len(p) > c.left {
		c.Conn.Close()
		return 0, errors.New("link cut")
	}
	c.left -= len(p)
	return c.Conn.Write(p)
}
