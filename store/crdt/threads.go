package crdt

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/automerge/automerge-go"
	"github.com/longhand/longhand/store"
)

// A page's comment threads live under "threads", a map of thread ID to
//
//	quote, prefix, suffix  the anchored text and its context when started
//	hint                   int64, where it started, in code points
//	author, createdAt      who started it, when (Unix ms)
//	resolved               bool; resolvedBy, resolvedAt
//	replies                map of reply ID to {author, body, mentions, createdAt}
//
// Maps, not lists, so that replies made concurrently on two devices both
// stay. The anchor's current position is not here: it is tracked as the
// text changes and kept in the store's rows.

// ThreadAnchor is what a thread keeps to find its text again.
type ThreadAnchor struct {
	Quote, Prefix, Suffix string
	Hint                  int
}

// AddThread starts a thread with its first reply.
func (d *Doc) AddThread(id string, a ThreadAnchor, first store.Reply) error {
	err := d.am.Path("threads", id).Set(map[string]any{
		"quote": a.Quote, "prefix": a.Prefix, "suffix": a.Suffix, "hint": int64(a.Hint),
		"author": string(first.Author), "createdAt": store.UnixMillis(first.CreatedAt),
		"resolved": false, "resolvedBy": "", "resolvedAt": int64(0),
		"replies": map[string]any{},
	})
	if err != nil {
		return fmt.Errorf("add thread: %w", err)
	}
	return d.AddReply(id, first)
}

// AddReply adds a reply to a thread.
func (d *Doc) AddReply(thread string, r store.Reply) error {
	mentions := make([]string, len(r.Mentions))
	for i, m := range r.Mentions {
		mentions[i] = string(m)
	}
	err := d.am.Path("threads", thread, "replies", r.ID).Set(map[string]any{
		"author": string(r.Author), "body": r.Body, "mentions": strings.Join(mentions, ","),
		"createdAt": store.UnixMillis(r.CreatedAt),
	})
	if err != nil {
		return fmt.Errorf("add reply: %w", err)
	}
	return nil
}

// SetResolved resolves or reopens a thread.
func (d *Doc) SetResolved(thread string, resolved bool, by store.DocID, at time.Time) error {
	m := d.am.Path("threads", thread).Map()
	for k, v := range map[string]any{"resolved": resolved, "resolvedBy": string(by), "resolvedAt": store.UnixMillis(at)} {
		if err := m.Set(k, v); err != nil {
			return fmt.Errorf("resolve thread: %w", err)
		}
	}
	return nil
}

type threadFields struct {
	Quote      string                 `automerge:"quote"`
	Prefix     string                 `automerge:"prefix"`
	Suffix     string                 `automerge:"suffix"`
	Hint       int64                  `automerge:"hint"`
	Author     string                 `automerge:"author"`
	CreatedAt  int64                  `automerge:"createdAt"`
	Resolved   bool                   `automerge:"resolved"`
	ResolvedBy string                 `automerge:"resolvedBy"`
	ResolvedAt int64                  `automerge:"resolvedAt"`
	Replies    map[string]replyFields `automerge:"replies"`
}

type replyFields struct {
	Author    string `automerge:"author"`
	Body      string `automerge:"body"`
	Mentions  string `automerge:"mentions"`
	CreatedAt int64  `automerge:"createdAt"`
}

// Threads reads a page's threads, oldest first, with their anchors.
// Positions are left for the caller.
func (d *Doc) Threads() ([]store.Thread, map[string]ThreadAnchor, error) {
	v, err := d.am.RootMap().Get("threads")
	if err != nil || v.Kind() == automerge.KindVoid {
		return nil, nil, err
	}
	m, err := automerge.As[map[string]threadFields](v)
	if err != nil {
		return nil, nil, fmt.Errorf("threads: %w", err)
	}
	out := make([]store.Thread, 0, len(m))
	anchors := make(map[string]ThreadAnchor, len(m))
	for id, f := range m {
		t := store.Thread{ID: id, Quote: f.Quote, Resolved: f.Resolved, ResolvedBy: store.DocID(f.ResolvedBy),
			ResolvedAt: store.FromUnixMillis(f.ResolvedAt), Author: store.DocID(f.Author), CreatedAt: store.FromUnixMillis(f.CreatedAt)}
		for rid, r := range f.Replies {
			var mentions []store.DocID
			for _, m := range strings.Split(r.Mentions, ",") {
				if m != "" {
					mentions = append(mentions, store.DocID(m))
				}
			}
			t.Replies = append(t.Replies, store.Reply{ID: rid, Author: store.DocID(r.Author), Body: r.Body,
				Mentions: mentions, CreatedAt: store.FromUnixMillis(r.CreatedAt)})
		}
		sort.Slice(t.Replies, func(i, j int) bool {
			a, b := t.Replies[i], t.Replies[j]
			return a.CreatedAt.Before(b.CreatedAt) || a.CreatedAt.Equal(b.CreatedAt) && a.ID < b.ID
		})
		out = append(out, t)
		anchors[id] = ThreadAnchor{Quote: f.Quote, Prefix: f.Prefix, Suffix: f.Suffix, Hint: int(f.Hint)}
	}
	sort.Slice(out, func(i, j int) bool {
		return out[i].CreatedAt.Before(out[j].CreatedAt) || out[i].CreatedAt.Equal(out[j].CreatedAt) && out[i].ID < out[j].ID
	})
	return out, anchors, nil
}

// HasThread reports whether the page has a thread with that ID.
func (d *Doc) HasThread(id string) bool {
	v, err := d.am.Path("threads", id).Get()
	return err == nil && v.Kind() == automerge.KindMap
}
