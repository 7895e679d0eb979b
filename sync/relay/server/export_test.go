package server

import "context"

// Streams counts the workspace streams, for tests.
func (s *Server) Streams(ctx context.Context) int {
	n := 0
	for name := range s.js.StreamNames(ctx).Name() {
		if len(name) > 3 && name[:3] == "LH_" && name != "LH_USAGE" {
			n++
		}
	}
	return n
}
