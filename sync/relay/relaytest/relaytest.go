// Package relaytest starts relays on loopback and builds workspaces with a
// signed membership log, for the tests and benchmarks of the relay and of
// its clients. It is pure Go.
package relaytest

import (
	"crypto/ed25519"
	"crypto/rand"
	"crypto/sha256"
	"crypto/tls"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/longhand/longhand/store"
	"github.com/longhand/longhand/store/membership"
	"github.com/longhand/longhand/sync/relay"
	"github.com/longhand/longhand/sync/relay/server"
	"github.com/longhand/longhand/sync/seal"
)

// Device is a device key.
type Device struct {
	Priv   ed25519.PrivateKey
	Member store.DocID
}

// NewDevice returns a device of member with a fresh key.
func NewDevice(member store.DocID) *Device {
	_, priv, _ := ed25519.GenerateKey(rand.Reader)
	return &Device{Priv: priv, Member: member}
}

func (d *Device) PublicKey() ed25519.PublicKey { return d.Priv.Public().(ed25519.PublicKey) }
func (d *Device) Sign(m []byte) []byte         { return ed25519.Sign(d.Priv, m) }
func (d *Device) ID() membership.DeviceID      { return membership.DeviceIDOf(d.PublicKey()) }

// Team is a workspace with its log and first epoch key.
type Team struct {
	WS    store.DocID
	Admin *Device
	Log   []*membership.Entry
	Key   *seal.EpochKey
	now   time.Time
}

// NewTeam creates a workspace whose admin is a new device.
func NewTeam(t testing.TB) *Team {
	t.Helper()
	admin := NewDevice(store.NewDocID())
	tm := &Team{Admin: admin, WS: membership.WorkspaceID(admin.PublicKey(), admin.Member), Key: seal.NewEpochKey(1),
		now: time.Now().Add(-time.Hour).UTC().Truncate(time.Millisecond)}
	tm.sign(t, admin, &membership.Entry{Kind: membership.KindCreate, Name: "Acme", Member: admin.Member})
	return tm
}

func (tm *Team) heads() []membership.Hash {
	st, _ := membership.Fold(tm.Log)
	return st.Heads
}

func (tm *Team) sign(t testing.TB, s *Device, e *membership.Entry) *membership.Entry {
	t.Helper()
	tm.now = tm.now.Add(time.Second)
	e.Workspace, e.Time = tm.WS, tm.now
	if e.Kind != membership.KindCreate {
		e.Parents = tm.heads()
	}
	if err := e.Sign(s); err != nil {
		t.Fatal(err)
	}
	d, err := membership.Decode(e.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	if why := membership.Authorize(tm.Log, d); why != "" {
		t.Fatalf("%v: %s", e.Kind, why)
	}
	tm.Log = append(tm.Log, d)
	return d
}

// Invite opens an invitation for a new member, signed by the admin.
func (tm *Team) Invite(t testing.TB, role membership.Role) (membership.InviteID, [16]byte) {
	var id membership.InviteID
	var secret [16]byte
	rand.Read(id[:])
	rand.Read(secret[:])
	tm.sign(t, tm.Admin, &membership.Entry{Kind: membership.KindInvite, Invite: id, SecretHash: sha256.Sum256(secret[:]),
		Role: role, Expires: time.Now().Add(24 * time.Hour)})
	return id, secret
}

// Admit adds d through the invitation, admitted by the admin.
func (tm *Team) Admit(t testing.TB, id membership.InviteID, secret [16]byte, d *Device) {
	tm.sign(t, tm.Admin, &membership.Entry{Kind: membership.KindJoin, Invite: id, Secret: secret, Member: d.Member,
		Device: d.PublicKey(), DeviceSig: d.Sign(membership.JoinMessage(tm.WS, id, d.Member, d.PublicKey()))})
}

// AddMember adds a new member with one device and returns the device.
func (tm *Team) AddMember(t testing.TB, role membership.Role) *Device {
	id, secret := tm.Invite(t, role)
	d := NewDevice(store.NewDocID())
	tm.Admit(t, id, secret, d)
	return d
}

// RemoveMember removes d's member and rotates the key; it returns the
// new key, which the caller grants to the devices that remain.
func (tm *Team) RemoveMember(t testing.TB, d *Device) *seal.EpochKey {
	tm.sign(t, tm.Admin, &membership.Entry{Kind: membership.KindRemoveMember, Member: d.Member})
	k := seal.NewEpochKey(tm.Key.Epoch + 1)
	tm.sign(t, tm.Admin, &membership.Entry{Kind: membership.KindRotateKey, KeyID: k.ID})
	tm.Key = k
	return k
}

// RemoveMemberRotating removes d's member and names k, made by an admin's
// replica, as the next epoch's key.
func (tm *Team) RemoveMemberRotating(t testing.TB, d *Device, k *seal.EpochKey) {
	tm.sign(t, tm.Admin, &membership.Entry{Kind: membership.KindRemoveMember, Member: d.Member})
	tm.sign(t, tm.Admin, &membership.Entry{Kind: membership.KindRotateKey, KeyID: k.ID})
	tm.Key = k
}

// AddMembers adds n members with one device each, quickly: each entry
// follows the last, and the log is not checked entry by entry (the relay
// checks it when it is handed over). For benchmarks.
func (tm *Team) AddMembers(t testing.TB, n int) []*Device {
	t.Helper()
	var out []*Device
	last := tm.Log[len(tm.Log)-1].Hash()
	for range n {
		var id membership.InviteID
		var secret [16]byte
		rand.Read(id[:])
		rand.Read(secret[:])
		d := NewDevice(store.NewDocID())
		for _, e := range []*membership.Entry{
			{Kind: membership.KindInvite, Invite: id, SecretHash: sha256.Sum256(secret[:]), Role: membership.RoleMember,
				Expires: time.Now().Add(24 * time.Hour)},
			{Kind: membership.KindJoin, Invite: id, Secret: secret, Member: d.Member, Device: d.PublicKey(),
				DeviceSig: d.Sign(membership.JoinMessage(tm.WS, id, d.Member, d.PublicKey()))},
		} {
			tm.now = tm.now.Add(time.Millisecond)
			e.Workspace, e.Time, e.Parents = tm.WS, tm.now, []membership.Hash{last}
			if err := e.Sign(tm.Admin); err != nil {
				t.Fatal(err)
			}
			de, err := membership.Decode(e.Bytes())
			if err != nil {
				t.Fatal(err)
			}
			tm.Log = append(tm.Log, de)
			last = de.Hash()
		}
		out = append(out, d)
	}
	return out
}

// Raw returns the log's entries, parents first.
func (tm *Team) Raw() [][]byte {
	out := make([][]byte, len(tm.Log))
	for i, e := range tm.Log {
		out[i] = e.Bytes()
	}
	return out
}

// Relay is a relay serving TLS WebSockets on loopback.
type Relay struct {
	*server.Server
	// URL is the address devices are given: with the admission secret,
	// when the relay has one (?admit=SECRET).
	URL string
	// Addr is the address without the secret.
	Addr   string
	Dialer relay.Dialer
	HTTP   *httptest.Server
	once   sync.Once
}

// Secret is the admission secret Start gives a relay configured without
// one or an allow-list.
const Secret = "relaytest-admission-secret"

// Start starts a relay on 127.0.0.1 with cfg; the test's cleanup stops it.
// A cfg that admits nothing is given Secret, and URL carries it, so that
// any team can bring its workspace; StartAsConfigured keeps cfg as it is.
func Start(t testing.TB, cfg server.Config) *Relay {
	t.Helper()
	if cfg.AdmissionSecret == "" && len(cfg.AllowWorkspaces) == 0 {
		cfg.AdmissionSecret = Secret
	}
	return StartAsConfigured(t, cfg)
}

// StartAsConfigured starts a relay with cfg as it is: without a secret or
// allow-list, it admits nothing.
func StartAsConfigured(t testing.TB, cfg server.Config) *Relay {
	t.Helper()
	if cfg.DataDir == "" && cfg.NATSURL == "" {
		cfg.DataDir = t.TempDir()
	}
	srv, err := server.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewUnstartedServer(srv)
	ts.Config.ErrorLog = nil
	ts.StartTLS()
	r := &Relay{Server: srv, HTTP: ts, Addr: "wss" + strings.TrimPrefix(ts.URL, "https") + "/v1",
		Dialer: relay.Dialer{TLS: ts.Client().Transport.(*http.Transport).TLSClientConfig.Clone()}}
	r.URL = r.Addr
	if cfg.AdmissionSecret != "" {
		r.URL += "?admit=" + url.QueryEscape(cfg.AdmissionSecret)
	}
	r.Dialer.TLS.MinVersion = tls.VersionTLS13
	t.Cleanup(r.Stop)
	return r
}

// Stop stops the relay; its data stays.
func (r *Relay) Stop() {
	r.once.Do(func() {
		r.HTTP.CloseClientConnections()
		r.Server.Close()
		r.HTTP.Close()
	})
}
