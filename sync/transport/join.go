package transport

import (
	"bufio"
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/tls"
	"encoding/hex"
	"errors"
	"fmt"
	"time"

	"github.com/longhand/longhand/store"
	"github.com/longhand/longhand/store/membership"
	"github.com/longhand/longhand/sync/crypto"
	"github.com/longhand/longhand/sync/wire"
)

// DefaultJoinTimeout bounds a Join whose context has no deadline.
const DefaultJoinTimeout = 30 * time.Second

// errNoJoins is the answer of a listener that admits no one.
var errNoJoins = store.Errorf(store.EUNAVAILABLE, "This device does not admit new devices. Try another member's device.")

// serveJoin answers one join: it reads one request, whose key must be the
// certificate's, asks Admit, and answers with the log or the refusal. The
// joiner gets nothing else, whatever it sends.
func (l *Listener) serveJoin(ctx context.Context, tc *tls.Conn, key ed25519.PublicKey) error {
	f, err := readFrame(bufio.NewReaderSize(tc, 256), 256)
	if err != nil && isTimeout(err) {
		return store.Errorf(store.EUNAVAILABLE, "The joining device did not send its request within %v.", l.cfg.HandshakeTimeout)
	}
	if err != nil || f.Type != wire.TypeJoinRequest {
		if err == nil {
			err = fmt.Errorf("a frame of type %d", f.Type)
		}
		refuse(tc, store.Errorf(store.EINVALID, "The join request was malformed."))
		return fmt.Errorf("join: %w", err)
	}
	wr, err := wire.DecodeJoinRequest(f.Payload)
	if err != nil {
		refuse(tc, store.Errorf(store.EINVALID, "The join request was malformed."))
		return fmt.Errorf("join: %w", err)
	}
	if !bytes.Equal(wr.Device[:], key) {
		err := store.Errorf(store.EINVALID, "The join request names a device key other than the connection's.")
		refuse(tc, err)
		return err
	}
	if l.cfg.Admit == nil {
		refuse(tc, errNoJoins)
		return errNoJoins
	}
	req := &crypto.JoinRequest{Workspace: store.DocID(hex.EncodeToString(wr.Workspace[:])), Invite: wr.Invite,
		Secret: wr.Secret, Member: store.DocID(hex.EncodeToString(wr.Member[:])),
		Device: ed25519.PublicKey(wr.Device[:]), DeviceSig: wr.DeviceSig[:]}
	log, err := l.cfg.Admit(ctx, req)
	if err != nil {
		refuse(tc, err)
		return fmt.Errorf("join of device %s: %w", membership.DeviceIDOf(key).String()[:12], err)
	}
	p, err := wire.EncodeLog(log)
	if err != nil {
		refuse(tc, store.Errorf(store.EINTERNAL, "The member's device could not send the workspace's membership."))
		return fmt.Errorf("join: %w", err)
	}
	return wire.WriteFrame(tc, wire.Frame{Type: wire.TypeJoinAccepted, Payload: p})
}

// inviteErrors are the refusals a joiner may get back as the very values
// sync/crypto defines, so that errors.Is works across the network.
var inviteErrors = []error{crypto.ErrInviteUnknown, crypto.ErrInviteWrong, crypto.ErrInviteExpired,
	crypto.ErrInviteUsed, crypto.ErrInviteRevoked}

// Join sends the join request req, made with identity id, to the member's
// device at addr, and returns the workspace's whole signed membership log
// as raw entries. Before returning it checks the log: every entry decodes
// and verifies, it is the invitation's workspace, this device is in it,
// and so is the device that answered. A refusal comes back as the
// listener's sentence; the invitation errors are sync/crypto's own values.
func Join(ctx context.Context, addr string, id *crypto.Identity, req *crypto.JoinRequest) ([][]byte, error) {
	ws, err1 := hex.DecodeString(string(req.Workspace))
	mem, err2 := hex.DecodeString(string(req.Member))
	if err1 != nil || err2 != nil || len(ws) != 16 || len(mem) != 16 || len(req.DeviceSig) != ed25519.SignatureSize ||
		!bytes.Equal(req.Device, id.PublicKey()) {
		return nil, store.Errorf(store.EINVALID, "The join request is not one this device made.")
	}
	var wr wire.JoinRequest
	copy(wr.Workspace[:], ws)
	copy(wr.Member[:], mem)
	wr.Invite, wr.Secret = req.Invite, req.Secret
	copy(wr.Device[:], req.Device)
	copy(wr.DeviceSig[:], req.DeviceSig)

	if _, ok := ctx.Deadline(); !ok {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, DefaultJoinTimeout)
		defer cancel()
	}
	tc, key, err := dial(ctx, addr, Config{Identity: id}, ALPNJoin, nil)
	if err != nil {
		return nil, err
	}
	defer tc.Close()
	if err := wire.WriteFrame(tc, wire.Frame{Type: wire.TypeJoinRequest, Payload: wire.EncodeJoinRequest(wr)}); err != nil {
		return nil, store.Errorf(store.EUNAVAILABLE, "The device at %s closed the connection: %v.", addr, err)
	}
	f, err := readFrame(bufio.NewReader(tc), wire.MaxFrame)
	if err != nil {
		if isTimeout(err) {
			return nil, store.Errorf(store.EUNAVAILABLE, "The device at %s did not answer the join in time.", addr)
		}
		return nil, store.Errorf(store.EUNAVAILABLE, "The device at %s closed the connection without answering the join: %v.", addr, err)
	}
	switch f.Type {
	case wire.TypeRefused:
		err := refusal(addr, f.Payload)
		for _, known := range inviteErrors {
			if store.ErrorMessage(err) == store.ErrorMessage(known) && store.ErrorCode(err) == store.ErrorCode(known) {
				return nil, known
			}
		}
		return nil, err
	case wire.TypeJoinAccepted:
	default:
		return nil, store.Errorf(store.EINVALID, "The device at %s answered the join with a frame of type %d.", addr, f.Type)
	}
	raw, err := wire.DecodeLog(f.Payload)
	if err != nil {
		return nil, store.Errorf(store.EINVALID, "The device at %s sent a malformed membership log (%v).", addr, err)
	}
	if err := checkJoinedLog(raw, req, key); err != nil {
		return nil, store.Errorf(store.EINVALID, "The device at %s sent a membership log this device cannot trust: %s", addr, err)
	}
	return raw, nil
}

// checkJoinedLog checks the log a joiner was given.
func checkJoinedLog(raw [][]byte, req *crypto.JoinRequest, answerer ed25519.PublicKey) error {
	entries := make([]*membership.Entry, 0, len(raw))
	for i, b := range raw {
		e, err := membership.Decode(b)
		if err != nil {
			return fmt.Errorf("entry %d: %s", i, store.ErrorMessage(err))
		}
		entries = append(entries, e)
	}
	st, missing := membership.Fold(entries)
	switch {
	case len(missing) > 0:
		return errors.New("entries are missing from it.")
	case st.Workspace != req.Workspace:
		return errors.New("it is another workspace's.")
	case st.Devices[membership.DeviceIDOf(req.Device)] == nil:
		return errors.New("it does not add this device.")
	case st.Devices[membership.DeviceIDOf(answerer)] == nil:
		return errors.New("the device that sent it is not in it.")
	}
	return nil
}
