package peer_test

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"database/sql"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	_ "github.com/mattn/go-sqlite3"

	"github.com/longhand/longhand/store"
	"github.com/longhand/longhand/store/membership"
	"github.com/longhand/longhand/store/sandbox"
	"github.com/longhand/longhand/store/sqlite"
	"github.com/longhand/longhand/sync/crypto"
	"github.com/longhand/longhand/sync/peer"
)

func TestMain(m *testing.M) {
	if os.Getenv(sandbox.EnvWorker) != "" {
		os.Exit(sandbox.ServeMain())
	}
	os.Exit(m.Run())
}

// device is one device's data folder, open.
type device struct {
	name string
	path string
	db   *sqlite.DB
	id   *crypto.Identity
	me   store.DocID
}

var checker *sandbox.Loader

func loader(t testing.TB) *sandbox.Loader {
	if checker == nil {
		exe, err := os.Executable()
		if err != nil {
			t.Fatal(err)
		}
		checker = sandbox.NewLoader(exe)
	}
	return checker
}

func openDevice(t testing.TB, name, path string, id *crypto.Identity) *device {
	t.Helper()
	db, err := sqlite.Open(context.Background(), path)
	if err != nil {
		t.Fatalf("open %s: %v", name, err)
	}
	db.Signer = id
	db.Sandbox = loader(t)
	db.Logf = func(format string, args ...any) { t.Logf(name+": "+format, args...) }
	d := &device{name: name, path: path, db: db, id: id}
	if sess, err := db.FindSession(context.Background()); err == nil && sess.Me != nil {
		d.me = sess.Me.ID
	}
	return d
}

func (d *device) close(t testing.TB) {
	if err := d.db.Close(); err != nil {
		t.Errorf("close %s: %v", d.name, err)
	}
}

func newIdentity(t testing.TB) *crypto.Identity {
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	return crypto.NewIdentity(priv)
}

// newWorkspace sets up a workspace on a new device.
func newWorkspace(t testing.TB, dir, name string) *device {
	t.Helper()
	d := openDevice(t, name, filepath.Join(dir, name+".db"), newIdentity(t))
	sess, err := d.db.CreateWorkspace(context.Background(), "Acme", name, "Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	d.me = sess.Me.ID
	return d
}

// join invites a new person on admin's device and sets up their device
// from the admitted log, as joining over the network does.
func join(t testing.TB, admin *device, dir, name string) *device {
	t.Helper()
	return joinAs(t, admin, dir, name, membership.RoleMember, nil)
}

// joinAs is join with a role, and for a guest the spaces they may see.
func joinAs(t testing.TB, admin *device, dir, name string, role membership.Role, spaces []string) *device {
	t.Helper()
	ctx := context.Background()
	st, err := admin.db.MembershipState(ctx)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	inv, entry, err := crypto.CreateInvite(st, admin.id, admin.name, role, spaces, "", 0, now)
	if err != nil {
		t.Fatal(err)
	}
	if err := admin.db.AppendMembership(ctx, entry); err != nil {
		t.Fatal(err)
	}
	d := openDevice(t, name, filepath.Join(dir, name+".db"), newIdentity(t))
	member := store.NewDocID()
	req, err := crypto.AcceptInvite(inv, d.id, member, now)
	if err != nil {
		t.Fatal(err)
	}
	if st, err = admin.db.MembershipState(ctx); err != nil {
		t.Fatal(err)
	}
	admit, err := crypto.AdmitJoin(st, admin.id, req, now)
	if err != nil {
		t.Fatal(err)
	}
	if err := admin.db.AppendMembership(ctx, admit); err != nil {
		t.Fatal(err)
	}
	log, err := admin.db.FindMembershipEntries(ctx)
	if err != nil {
		t.Fatal(err)
	}
	sess, err := d.db.JoinWorkspace(ctx, inv.Workspace, log, member, name, "America/New_York")
	if err != nil {
		t.Fatalf("JoinWorkspace: %v", err)
	}
	d.me = sess.Me.ID
	return d
}

// syncPair runs one session between a (dialing) and b over loopback TCP.
func syncPair(t testing.TB, a, b *device) (*peer.Result, *peer.Result) {
	t.Helper()
	ra, rb, err := trySync(a, b)
	if err != nil {
		t.Fatalf("sync %s → %s: %v", a.name, b.name, err)
	}
	return ra, rb
}

func trySync(a, b *device) (*peer.Result, *peer.Result, error) {
	return trySyncWith(a, b, peer.Options{}, peer.Options{})
}

// trySyncWith is trySync with each side's options.
func trySyncWith(a, b *device, oa, ob peer.Options) (*peer.Result, *peer.Result, error) {
	return runOver(a, b, oa, ob, func(c net.Conn) io.ReadWriter { return c })
}

// runOver runs a session with the dialing side's connection seen through
// link (a faulty one, say); a's error first, else b's.
func runOver(a, b *device, oa, ob peer.Options, link func(net.Conn) io.ReadWriter) (*peer.Result, *peer.Result, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, nil, err
	}
	defer ln.Close()
	type out struct {
		r   *peer.Result
		err error
	}
	done := make(chan out, 1)
	go func() {
		c, err := ln.Accept()
		if err != nil {
			done <- out{nil, err}
			return
		}
		defer c.Close()
		r, err := peer.RunWith(context.Background(), c, b.db, checker, false, ob)
		done <- out{r, err}
	}()
	c, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		return nil, nil, err
	}
	ra, errA := peer.RunWith(context.Background(), link(c), a.db, checker, true, oa)
	c.Close()
	o := <-done
	if errA != nil {
		return ra, o.r, errA
	}
	return ra, o.r, o.err
}

// state is a device's materialized rows that must agree across devices,
// as text, and its documents' heads.
func state(t testing.TB, d *device) (string, string) {
	t.Helper()
	ctx := context.Background()
	heads, err := d.db.SyncHeads(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var hs strings.Builder
	for _, h := range heads {
		fmt.Fprintf(&hs, "%s %s %s\n", h.ID, h.Kind, h.Heads)
	}
	raw, err := sql.Open("sqlite3", "file:"+d.path+"?mode=ro&_busy_timeout=5000")
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	var sb strings.Builder
	for _, q := range []string{
		"SELECT id, title, packed_body, space_id, parent_id, position, deleted_at, status, owner FROM pages ORDER BY id",
		"SELECT id, page_id, start_pos, end_pos, detached, quote, resolved FROM threads ORDER BY id",
		"SELECT id, thread_id, author, body FROM replies ORDER BY id",
		"SELECT page_id, member_id, state FROM reviewers ORDER BY page_id, member_id",
		"SELECT id, name, description, home_id, position, deleted_at FROM spaces ORDER BY id",
		"SELECT id, name, archived FROM channels ORDER BY id",
		"SELECT channel_id, member_id, joined FROM channel_members ORDER BY channel_id, member_id",
		"SELECT id, name, time_zone, role, team, manager_id, work_start, work_end, focus_until FROM members ORDER BY id",
		"SELECT id, channel_id, title, body, author FROM posts ORDER BY id",
		"SELECT id, members FROM conversations ORDER BY id",
		"SELECT id, conversation_id, author, body FROM chat_messages ORDER BY id",
		"SELECT id, title, level, status, owner_id FROM goals ORDER BY id",
		"SELECT id, member_id, plans, progress, comments FROM checkins ORDER BY id",
	} {
		rows, err := raw.QueryContext(ctx, q)
		if err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		cols, _ := rows.Columns()
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		sb.WriteString(q + "\n")
		for rows.Next() {
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			for _, v := range vals {
				fmt.Fprintf(&sb, "%v|", v)
			}
			sb.WriteString("\n")
		}
		rows.Close()
	}
	return sb.String(), hs.String()
}

// converged fails the test unless every device holds the same documents
// at the same heads and the same materialized rows.
func converged(t testing.TB, devs ...*device) {
	t.Helper()
	rows0, heads0 := state(t, devs[0])
	for _, d := range devs[1:] {
		rows, heads := state(t, d)
		if heads != heads0 {
			t.Errorf("%s and %s hold different heads:\n%s\n---\n%s", devs[0].name, d.name, heads0, heads)
		}
		if rows != rows0 {
			t.Errorf("%s and %s show different rows:\n%s", devs[0].name, d.name, firstDiff(rows0, rows))
		}
	}
}

func firstDiff(a, b string) string {
	la, lb := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := range min(len(la), len(lb)) {
		if la[i] != lb[i] {
			return fmt.Sprintf("line %d:\n  %s\n  %s", i, la[i], lb[i])
		}
	}
	return fmt.Sprintf("lengths %d and %d lines", len(la), len(lb))
}
