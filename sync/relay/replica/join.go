package replica

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"slices"

	"github.com/longhand/longhand/store"
	"github.com/longhand/longhand/store/membership"
	"github.com/longhand/longhand/sync/crypto"
	"github.com/longhand/longhand/sync/relay"
	"github.com/longhand/longhand/sync/seal"
)

const joinVersion = 1

// EncodeJoinRequest writes a join request for sealing.
func EncodeJoinRequest(r *crypto.JoinRequest) []byte {
	var b bytes.Buffer
	b.WriteByte(joinVersion)
	b.WriteByte(byte(len(r.Workspace)))
	b.WriteString(string(r.Workspace))
	b.Write(r.Invite[:])
	b.Write(r.Secret[:])
	b.WriteByte(byte(len(r.Member)))
	b.WriteString(string(r.Member))
	b.Write(r.Device)
	b.Write(r.DeviceSig)
	return b.Bytes()
}

// DecodeJoinRequest reads a join request strictly.
func DecodeJoinRequest(b []byte) (*crypto.JoinRequest, error) {
	bad := store.Errorf(store.EINVALID, "The join request is malformed.")
	take := func(n int) []byte {
		if len(b) < n {
			b = nil
			return nil
		}
		out := b[:n]
		b = b[n:]
		return out
	}
	v := take(1)
	if v == nil || v[0] != joinVersion {
		return nil, bad
	}
	str := func() string {
		n := take(1)
		if n == nil {
			return ""
		}
		return string(take(int(n[0])))
	}
	r := &crypto.JoinRequest{Workspace: store.DocID(str())}
	inv, sec := take(16), take(16)
	r.Member = store.DocID(str())
	dev, sig := take(ed25519.PublicKeySize), take(ed25519.SignatureSize)
	if inv == nil || sec == nil || dev == nil || sig == nil || len(b) != 0 || r.Workspace.Validate() != nil || r.Member.Validate() != nil {
		return nil, bad
	}
	r.Invite, r.Secret = membership.InviteID(inv), [16]byte(sec)
	r.Device, r.DeviceSig = slices.Clone(dev), slices.Clone(sig)
	if !ed25519.Verify(r.Device, membership.JoinMessage(r.Workspace, r.Invite, r.Member, r.Device), r.DeviceSig) {
		return nil, store.Errorf(store.EINVALID, "The joining device did not prove it holds its key.")
	}
	return r, nil
}

// RequestJoin leaves this device's join request at the relay, for any
// admin's or member's device to admit while the inviter is offline. The
// membership log the relay hands over is checked against the workspace
// ID in the invitation (which binds the creator's key), and the request is
// sealed to the admin and member devices it lists, so the relay cannot
// read the invitation's secret.
func RequestJoin(ctx context.Context, d relay.Dialer, url string, inv *crypto.Invite, req *crypto.JoinRequest) error {
	return d.Join(ctx, url, inv.Workspace, inv.ID, func(log [][]byte) ([]byte, error) {
		var es []*membership.Entry
		for _, raw := range log {
			e, err := membership.Decode(raw)
			if err != nil {
				return nil, err
			}
			es = append(es, e)
		}
		st, _ := membership.Fold(es)
		if st.Workspace != inv.Workspace {
			return nil, store.Errorf(store.EINVALID, "The relay sent the membership of another workspace.")
		}
		if st.Invites[inv.ID] == nil {
			return nil, crypto.ErrInviteUnknown
		}
		var to []ed25519.PublicKey
		for _, dev := range st.Devices {
			if role := st.RoleOf(dev.ID); role == membership.RoleAdmin || role == membership.RoleMember {
				to = append(to, dev.Key)
			}
		}
		slices.SortFunc(to, func(a, b ed25519.PublicKey) int { return bytes.Compare(a, b) })
		if len(to) > seal.MaxJoinRecipients {
			to = to[:seal.MaxJoinRecipients]
		}
		return seal.SealJoin(inv.ID, EncodeJoinRequest(req), to)
	})
}

// Joins returns the join requests the relay held at the last connection
// that this device could open: for the app to admit with
// crypto.AdmitJoin and hand the entry to the relay with the next sync.
func (r *Replica) Joins() []*crypto.JoinRequest {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.joins)
}

// openJoins opens the sealed join requests for this workspace.
func (r *Replica) openJoins(sealed [][]byte) []*crypto.JoinRequest {
	var out []*crypto.JoinRequest
	for _, s := range sealed {
		body, err := seal.OpenJoin(r.cfg.Device.PrivateKey(), s)
		if err != nil {
			continue
		}
		req, err := DecodeJoinRequest(body)
		if err != nil || req.Workspace != r.cfg.Workspace {
			continue
		}
		out = append(out, req)
	}
	return out
}
