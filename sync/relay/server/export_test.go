package server

import (
	"context"
	"slices"
	"strings"
)

// Streams counts the workspace streams, for tests.
func (s *Server) Streams(ctx context.Context) int {
	n := 0
	for name := range s.js.StreamNames(ctx).Name() {
		if strings.HasPrefix(name, "LH_") {
			n++
		}
	}
	return n
}

// Kept is what a relay keeps, for tests: the workspace streams in
// JetStream, the consumers on them, the keys of its buckets, and the workspaces it holds
// in memory.
type Kept struct {
	Streams   []string
	Consumers int
	Keys      []string
	InMemory  int
}

func (s *Server) Kept(ctx context.Context) (Kept, error) {
	var k Kept
	l := s.js.ListStreams(ctx)
	for info := range l.Info() {
		if strings.HasPrefix(info.Config.Name, "LH_") { // not the buckets' KV_ streams
			k.Streams = append(k.Streams, info.Config.Name)
			k.Consumers += info.State.Consumers
		}
	}
	if err := l.Err(); err != nil {
		return k, err
	}
	for _, b := range []string{"LH_USAGE", "LH_RATE"} {
		kv, err := s.js.KeyValue(ctx, b)
		if err != nil {
			return k, err
		}
		keys, err := kv.ListKeys(ctx)
		if err != nil {
			return k, err
		}
		for key := range keys.Keys() {
			k.Keys = append(k.Keys, b+":"+key)
		}
	}
	slices.Sort(k.Streams)
	s.mu.Lock()
	k.InMemory = len(s.spaces)
	s.mu.Unlock()
	return k, nil
}
