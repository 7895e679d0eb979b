package crypto_test

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/longhand/longhand/store"
	"github.com/longhand/longhand/sync/crypto"
)

// fakeKeystore stands in for the OS keystore: the tests must not depend on
// one being present. down makes it unreachable; refuse makes Set fail.
type fakeKeystore struct {
	m      map[string]string
	down   bool
	refuse bool
}

func (k *fakeKeystore) Get(service, user string) (string, error) {
	if k.down {
		return "", errors.New("org.freedesktop.secrets was not provided by any .service files")
	}
	s, ok := k.m[service+"/"+user]
	if !ok {
		return "", fmt.Errorf("%w", crypto.ErrNotInKeystore)
	}
	return s, nil
}

func (k *fakeKeystore) Set(service, user, secret string) error {
	if k.down || k.refuse {
		return errors.New("keystore locked")
	}
	if k.m == nil {
		k.m = map[string]string{}
	}
	k.m[service+"/"+user] = secret
	return nil
}

func TestIdentityInFile(t *testing.T) {
	dir := t.TempDir()
	id, err := crypto.LoadIdentity(dir, &fakeKeystore{down: true})
	if err != nil {
		t.Fatal(err)
	}
	if id.Storage != crypto.StorageFile {
		t.Errorf("Storage=%q, want file", id.Storage)
	}
	fi, err := os.Stat(filepath.Join(dir, crypto.KeyFile))
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("key file mode=%v, want 0600", fi.Mode().Perm())
	}
	// No temporary files are left behind.
	if ents, _ := os.ReadDir(dir); len(ents) != 2 {
		t.Errorf("data folder holds %d files, want the key and the info", len(ents))
	}
	// A restart keeps the identity, and tightens a key file others could read.
	if err := os.Chmod(filepath.Join(dir, crypto.KeyFile), 0o644); err != nil {
		t.Fatal(err)
	}
	again, err := crypto.LoadIdentity(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	if again.DeviceID() != id.DeviceID() {
		t.Errorf("restart gave device %v, want %v", again.DeviceID(), id.DeviceID())
	}
	if fi, _ := os.Stat(filepath.Join(dir, crypto.KeyFile)); fi.Mode().Perm() != 0o600 {
		t.Errorf("key file mode after restart=%v, want 0600", fi.Mode().Perm())
	}
}

func TestIdentityInKeystore(t *testing.T) {
	dir := t.TempDir()
	ks := &fakeKeystore{}
	id, err := crypto.LoadIdentity(dir, ks)
	if err != nil {
		t.Fatal(err)
	}
	if id.Storage != crypto.StorageKeystore || len(ks.m) != 1 {
		t.Fatalf("Storage=%q with %d keystore entries, want keystore with 1", id.Storage, len(ks.m))
	}
	if _, err := os.Stat(filepath.Join(dir, crypto.KeyFile)); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a key file exists although the key is in the keystore (err=%v)", err)
	}
	again, err := crypto.LoadIdentity(dir, ks)
	if err != nil || again.DeviceID() != id.DeviceID() {
		t.Fatalf("restart: %v, %v; want the same device", again, err)
	}
	// Another data folder is another device.
	other, err := crypto.LoadIdentity(t.TempDir(), ks)
	if err != nil || other.DeviceID() == id.DeviceID() {
		t.Errorf("second data folder: err=%v, same device=%v", err, err == nil && other.DeviceID() == id.DeviceID())
	}
	// The data folder can move and keep its device.
	moved := filepath.Join(t.TempDir(), "moved")
	if err := os.Rename(dir, moved); err != nil {
		t.Fatal(err)
	}
	if m, err := crypto.LoadIdentity(moved, ks); err != nil || m.DeviceID() != id.DeviceID() {
		t.Fatalf("after a move: %v, %v; want the same device", m, err)
	}
	dir = moved
	// A keystore that lost the key is told apart from one that cannot be reached.
	saved := ks.m
	ks.m = map[string]string{}
	_, err = crypto.LoadIdentity(dir, ks)
	if store.ErrorCode(err) != store.EUNAVAILABLE || !strings.Contains(store.ErrorMessage(err), "missing") {
		t.Errorf("key gone from the keystore: err=%v, want EUNAVAILABLE saying it is missing", err)
	}
	ks.m = saved
	// When the keystore holding the key cannot be reached, no new key is made.
	ks.down = true
	_, err = crypto.LoadIdentity(dir, ks)
	if store.ErrorCode(err) != store.EUNAVAILABLE || !strings.Contains(store.ErrorMessage(err), "keystore") {
		t.Errorf("unreachable keystore: err=%v, want EUNAVAILABLE about the keystore", err)
	}
}

func TestIdentityKeystoreRefusesFallsBackToFile(t *testing.T) {
	id, err := crypto.LoadIdentity(t.TempDir(), &fakeKeystore{refuse: true})
	if err != nil || id.Storage != crypto.StorageFile {
		t.Errorf("LoadIdentity=%v, %v; want the key in a file", id, err)
	}
}

func TestIdentityDamagedFilesAreLeftAlone(t *testing.T) {
	for _, tt := range []struct {
		name, file, content string
	}{
		{"info not JSON", crypto.InfoFile, "\x00\x01garbage"},
		{"info wrong key", crypto.InfoFile, `{"version":1,"public_key":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=","storage":"file"}`},
		{"key file garbage", crypto.KeyFile, "not a key"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			if _, err := crypto.LoadIdentity(dir, nil); err != nil {
				t.Fatal(err)
			}
			path := filepath.Join(dir, tt.file)
			if err := os.WriteFile(path, []byte(tt.content), 0o600); err != nil {
				t.Fatal(err)
			}
			_, err := crypto.LoadIdentity(dir, nil)
			if store.ErrorCode(err) != store.EUNAVAILABLE || !strings.Contains(store.ErrorMessage(err), "damaged") {
				t.Errorf("err=%v, want EUNAVAILABLE saying it is damaged", err)
			}
			if b, _ := os.ReadFile(path); string(b) != tt.content {
				t.Errorf("the damaged file was changed")
			}
		})
	}
}

func TestFingerprint(t *testing.T) {
	id, err := crypto.LoadIdentity(t.TempDir(), nil)
	if err != nil {
		t.Fatal(err)
	}
	fp := crypto.Fingerprint(id.DeviceID())
	if len(strings.Fields(fp)) != 8 || len(fp) != 8*4+7 {
		t.Errorf("Fingerprint=%q, want 8 groups of 4", fp)
	}
}
