package server

import (
	"bytes"
	"context"
	"encoding/hex"
	"errors"
	"fmt"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/longhand/longhand/store"
	"github.com/longhand/longhand/sync/relay"
	"github.com/longhand/longhand/sync/seal"
)

// Sealed objects (the chunks and manifests of files) live in a JetStream
// stream of their own per workspace, one message per blinded name: the
// stream keeps one message per subject, and a put names the sequence it
// expects the subject to be at (none), so the same chunk put twice, even
// by two relays at once, is stored and counted once. We chose a stream
// over the key-value or object store because a KV bucket is one stream
// for every workspace (a workspace's objects could not be listed or
// dropped apart from the others', and bucket-wide limits would bind every
// team), and the object store splits what is already at most 1 MiB into
// parts and keeps metadata we do not need. It is apart from the workspace
// stream so that the positions devices count and catch up on stay those
// of envelopes.

func objectStreamName(ws store.DocID) string { return "LHB_" + string(ws) }
func objectSubject(ws store.DocID, name []byte) string {
	return "lhb." + string(ws) + "." + hex.EncodeToString(name)
}

// objectStream returns the workspace's object stream, creating it the
// first time.
func (s *Server) objectStream(ctx context.Context, w *workspace) (jetstream.Stream, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.objects != nil {
		return w.objects, nil
	}
	st, err := s.js.CreateOrUpdateStream(ctx, jetstream.StreamConfig{
		Name: objectStreamName(w.id), Subjects: []string{"lhb." + string(w.id) + ".>"}, Storage: jetstream.FileStorage,
		Replicas: s.cfg.Replicas, MaxMsgSize: int32(seal.MaxObject + 1024), MaxMsgsPerSubject: 1,
		// Objects are read by direct get, which answers with the message
		// as it is stored: the JSON API's reply carries it in base64
		// inside JSON, and decoding that was most of the relay's CPU in
		// a file's fetch (BENCHMARKS.md). A direct get may be answered by
		// a replica that lags; an object not there yet is asked for
		// again at the device's next pass, as one not put yet is.
		AllowDirect: true,
	})
	if err != nil {
		return nil, fmt.Errorf("object stream for %s: %w", w.id, err)
	}
	w.objects = st
	return st, nil
}

// holds reports whether the stream holds an object under subj, without
// reading it.
func holds(ctx context.Context, st jetstream.Stream, subj string) (bool, error) {
	info, err := st.Info(ctx, jetstream.WithSubjectFilter(subj))
	if err != nil {
		return false, fmt.Errorf("look for an object: %w", err)
	}
	return info.State.Subjects[subj] > 0, nil
}

// putObject checks a sealed object's header and signature and stores it
// under its name, counting its bytes against the device's quota, unless
// the relay holds an object of that name already.
func (c *session) putObject(ctx context.Context, name, obj []byte) error {
	h, err := seal.ParseObject(obj)
	if err != nil {
		if store.ErrorCode(err) == store.EINTERNAL {
			return store.Errorf(store.EINVALID, "The sealed object is malformed: %v.", err)
		}
		return err
	}
	if !bytes.Equal(h.Sender, c.pub) {
		return store.Errorf(store.EFORBIDDEN, "The object is signed by another device than this connection's.")
	}
	if !bytes.Equal(h.Name[:], name) {
		return store.Errorf(store.EINVALID, "The object's header names another object than the request.")
	}
	w := c.w
	st, err := c.s.objectStream(ctx, w)
	if err != nil {
		return err
	}
	subj := objectSubject(w.id, name)
	if held, err := holds(ctx, st, subj); err != nil || held {
		return err
	}
	w.mu.Lock()
	u := w.usageOf(c.device)
	w.mu.Unlock()
	n := int64(len(obj))
	if _, err := c.s.addUsage(ctx, c.key, u, n, c.s.cfg.DeviceQuota); err != nil {
		return err
	}
	_, err = c.s.js.Publish(ctx, subj, obj, jetstream.WithExpectLastSequencePerSubject(0))
	var apiErr *jetstream.APIError
	if errors.As(err, &apiErr) && (apiErr.ErrorCode == jetstream.JSErrCodeStreamWrongLastSequence ||
		apiErr.ErrorCode == jetstream.JSErrCodeStreamWrongLastSequenceConstant) {
		c.s.giveBack(c.key, u, n) // another put stored it meanwhile: counted then
		return nil
	}
	if err != nil {
		c.s.giveBack(c.key, u, n)
		return fmt.Errorf("store object: %w", err)
	}
	return nil
}

// hasObjects answers which of the names asked about the relay holds.
func (c *session) hasObjects(ctx context.Context, id uint64, names [][]byte) error {
	st, err := c.s.objectStream(ctx, c.w)
	if err != nil {
		return err
	}
	var held [][]byte
	for _, name := range names {
		ok, err := holds(ctx, st, objectSubject(c.w.id, name))
		if err != nil {
			return err
		}
		if ok {
			held = append(held, name)
		}
	}
	return c.send(relay.Request{Type: relay.THeld, ID: id, Items: held}.Frame())
}

// getObjects sends the objects the relay holds of the names asked for,
// one frame each, then an acknowledgement carrying how many were sent.
func (c *session) getObjects(ctx context.Context, id uint64, names [][]byte) error {
	st, err := c.s.objectStream(ctx, c.w)
	if err != nil {
		return err
	}
	sent := 0
	for _, name := range names {
		// Each object has its own time to be read: sending those before
		// it waits for the device to take them, and a batch of 16 MiB to
		// a device downloading at 1 MB/s takes longer than the request's.
		octx, cancel := context.WithTimeout(c.ctx, natsTimeout)
		m, err := st.GetLastMsgForSubject(octx, objectSubject(c.w.id, name))
		cancel()
		if errors.Is(err, jetstream.ErrMsgNotFound) {
			continue
		}
		if err != nil {
			return fmt.Errorf("read object: %w", err)
		}
		if err := c.send(relay.Request{Type: relay.TObject, ID: id, Items: [][]byte{name, m.Data}}.Frame()); err != nil {
			return err
		}
		sent++
	}
	return c.send(relay.Positioned{Type: relay.TAck, ID: id, Position: uint64(sent)}.Frame())
}
