package crdt_test

import (
	"testing"
	"time"

	"github.com/longhand/longhand/store"
	"github.com/longhand/longhand/store/crdt"
)

// Two people replying and reacting with the same emoji on devices that had
// not seen each other's change, while the author edits the body: every
// reply, every reaction and the edit survive the merge.
func TestConcurrentRepliesAndReactionsMerge(t *testing.T) {
	now := time.Unix(1700000000, 0)
	ada, bo, cy := store.NewDocID(), store.NewDocID(), store.NewDocID()
	d, err := crdt.NewPost(store.Post{Channel: store.NewDocID(), Title: "Offsite", Body: "Where shall we go?", Author: ada, CreatedAt: now})
	if err != nil {
		t.Fatal(err)
	}
	d.AddPostReply(store.PostReply{ID: "r0", Author: ada, Body: "Ideas welcome", CreatedAt: now})
	if _, err := d.Commit("", now); err != nil {
		t.Fatal(err)
	}
	base := d.Heads()
	d.SetReplyReaction("r0", bo, "👀", true)

	d.AddPostReply(store.PostReply{ID: "r1", Author: bo, Body: "Lisbon!", CreatedAt: now.Add(time.Second)})
	d.SetReaction(bo, "🎉", true)
	d.SetPostText("Offsite", "Where shall we go in May?", nil, now.Add(time.Second))
	if _, err := d.Commit("", now); err != nil {
		t.Fatal(err)
	}
	_, err = d.ChangeAt(base, "", now.Add(2*time.Second), func(peer *crdt.Doc) error {
		if err := peer.AddPostReply(store.PostReply{ID: "r2", Author: cy, Body: "Porto", CreatedAt: now.Add(2 * time.Second)}); err != nil {
			return err
		}
		if err := peer.SetReaction(cy, "🎉", true); err != nil {
			return err
		}
		if err := peer.SetReplyReaction("r0", cy, "👀", true); err != nil {
			return err
		}
		return peer.Acknowledge(cy, now)
	})
	if err != nil {
		t.Fatal(err)
	}
	for name, doc := range map[string]*crdt.Doc{"live": d, "loaded": reload(t, d)} {
		p, err := doc.Post()
		if err != nil {
			t.Fatal(err)
		}
		if len(p.Replies) != 3 || p.Replies[1].Body != "Lisbon!" || p.Replies[2].Body != "Porto" {
			t.Errorf("%s: replies = %+v, want all, oldest first", name, p.Replies)
		} else if rs := p.Replies[0].Reactions; len(rs) != 1 || rs[0].Emoji != "👀" || len(rs[0].Members) != 2 {
			t.Errorf("%s: reactions on the first reply = %+v, want 👀 by both", name, rs)
		}
		if len(p.Reactions) != 1 || p.Reactions[0].Emoji != "🎉" || len(p.Reactions[0].Members) != 2 {
			t.Errorf("%s: reactions = %+v, want 🎉 by both", name, p.Reactions)
		}
		if p.Body != "Where shall we go in May?" {
			t.Errorf("%s: Body = %q", name, p.Body)
		}
		if len(p.Acks) != 1 || p.Acks[0].Member != cy {
			t.Errorf("%s: acks = %+v", name, p.Acks)
		}
		if !p.LastActivity.Equal(now.Add(2 * time.Second)) {
			t.Errorf("%s: LastActivity = %v", name, p.LastActivity)
		}
	}
}

// Taking a reaction away on one device while another adds a different one
// keeps the other; deleting the post keeps its replies.
func TestReactionRemovalAndTombstone(t *testing.T) {
	now := time.Unix(1700000000, 0)
	ada, bo := store.NewDocID(), store.NewDocID()
	d, _ := crdt.NewPost(store.Post{Title: "T", Body: "B", Author: ada, CreatedAt: now})
	d.SetReaction(ada, "👍", true)
	d.AddPostReply(store.PostReply{ID: "r1", Author: bo, Body: "hi", CreatedAt: now})
	d.Commit("", now)
	base := d.Heads()
	d.SetReaction(ada, "👍", false)
	d.DeletePostBody(now)
	d.Commit("", now)
	d.ChangeAt(base, "", now, func(peer *crdt.Doc) error { return peer.SetReaction(bo, "👀", true) })
	p, err := d.Post()
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Reactions) != 1 || p.Reactions[0].Emoji != "👀" {
		t.Errorf("reactions = %+v, want only 👀", p.Reactions)
	}
	if !p.Deleted() || p.Body != "" || p.Title != "" || len(p.Replies) != 1 {
		t.Errorf("after delete: %+v", p)
	}
}

func reload(t *testing.T, d *crdt.Doc) *crdt.Doc {
	t.Helper()
	l, err := crdt.Load(d.Save(), nil)
	if err != nil {
		t.Fatal(err)
	}
	return l
}
