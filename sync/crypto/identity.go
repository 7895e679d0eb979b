package crypto

import (
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base32"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/zalando/go-keyring"

	"github.com/longhand/longhand/store"
	"github.com/longhand/longhand/store/membership"
)

// Where a device's private key is kept.
const (
	StorageKeystore = "keystore" // the OS keystore (Secret Service, Keychain, Credential Manager)
	StorageFile     = "file"     // a file in the data folder that only the user can read
)

// Files in the data folder.
const (
	KeyFile  = "device.key"  // the private key, when it is kept in a file
	InfoFile = "device.json" // the public key and where the private key is
)

// Keystore keeps secrets by service and user name.
type Keystore interface {
	// Get returns the secret, or an error wrapping ErrNotInKeystore.
	Get(service, user string) (string, error)
	Set(service, user, secret string) error
}

// ErrNotInKeystore says the keystore answered and holds no such secret.
var ErrNotInKeystore = errors.New("not in the keystore")

// SystemKeystore is the OS keystore: the Secret Service over D-Bus on
// Linux. A call that gets no answer within Timeout fails, so that a
// keystore waiting on an unlock prompt nobody sees cannot hang the app.
type SystemKeystore struct {
	Timeout time.Duration
}

func (k SystemKeystore) call(f func() (string, error)) (string, error) {
	type result struct {
		s   string
		err error
	}
	ch := make(chan result, 1)
	go func() {
		s, err := f()
		ch <- result{s, err}
	}()
	t := k.Timeout
	if t == 0 {
		t = 5 * time.Second
	}
	select {
	case r := <-ch:
		if errors.Is(r.err, keyring.ErrNotFound) {
			return "", fmt.Errorf("%w: %v", ErrNotInKeystore, r.err)
		}
		return r.s, r.err
	case <-time.After(t):
		return "", fmt.Errorf("the keystore did not answer within %v", t)
	}
}

func (k SystemKeystore) Get(service, user string) (string, error) {
	return k.call(func() (string, error) { return keyring.Get(service, user) })
}

func (k SystemKeystore) Set(service, user, secret string) error {
	_, err := k.call(func() (string, error) { return "", keyring.Set(service, user, secret) })
	return err
}

// Identity is this device's key pair.
type Identity struct {
	priv    ed25519.PrivateKey
	Storage string // StorageKeystore or StorageFile
	Where   string // the key file's path, or the keystore entry's name
}

var _ membership.Signer = (*Identity)(nil)

// NewIdentity wraps a private key, for tests and tools.
func NewIdentity(priv ed25519.PrivateKey) *Identity { return &Identity{priv: priv} }

func (id *Identity) PublicKey() ed25519.PublicKey { return id.priv.Public().(ed25519.PublicKey) }
func (id *Identity) Sign(msg []byte) []byte       { return ed25519.Sign(id.priv, msg) }

// PrivateKey returns the key, for the TLS certificate of sync connections.
func (id *Identity) PrivateKey() ed25519.PrivateKey { return id.priv }

// DeviceID returns the hash of the public key.
func (id *Identity) DeviceID() membership.DeviceID { return membership.DeviceIDOf(id.PublicKey()) }

// Fingerprint returns a device ID in the form people compare: the first
// 160 bits in base32, in eight groups of four, such as "ABCD EFGH ...".
func Fingerprint(d membership.DeviceID) string {
	s := base32.StdEncoding.EncodeToString(d[:20])
	var groups []string
	for i := 0; i < len(s); i += 4 {
		groups = append(groups, s[i:i+4])
	}
	return strings.Join(groups, " ")
}

const keystoreService = "Longhand"

// keystoreUser names the keystore entry of the data folder dir, so that
// two data folders of one user have two devices.
func keystoreUser(dir string) string {
	sum := sha256.Sum256([]byte(dir))
	return "device key " + hex.EncodeToString(sum[:8])
}

type info struct {
	Version   int    `json:"version"`
	PublicKey string `json:"public_key"` // base64
	Storage   string `json:"storage"`
	// KeystoreUser names the keystore entry, so that the data folder can
	// move and keep its device.
	KeystoreUser string `json:"keystore_user,omitempty"`
}

// LoadIdentity returns the device identity kept for the data folder dir,
// creating it on first run. The private key goes to ks when ks is not nil
// and answers, and otherwise to a file only the user can read. A damaged
// identity file or an unreachable keystore that holds the key is an
// EUNAVAILABLE error: a new key would make this a different device, so
// nothing is replaced.
func LoadIdentity(dir string, ks Keystore) (*Identity, error) {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	user := keystoreUser(dir)
	infoPath, keyPath := filepath.Join(dir, InfoFile), filepath.Join(dir, KeyFile)
	raw, err := os.ReadFile(infoPath)
	switch {
	case err == nil:
		return loadExisting(raw, infoPath, keyPath, user, ks)
	case !errors.Is(err, fs.ErrNotExist):
		return nil, store.Errorf(store.EUNAVAILABLE, "Longhand cannot read this device's identity %s: %v.", infoPath, err)
	}
	// First run, or a run that stopped before writing the info file: use a
	// key already written if there is one.
	var id *Identity
	if priv, err := readKeyFile(keyPath); err == nil {
		id = &Identity{priv: priv, Storage: StorageFile, Where: keyPath}
	} else if !errors.Is(err, fs.ErrNotExist) {
		return nil, err
	} else if ks != nil {
		if s, err := ks.Get(keystoreService, user); err == nil {
			if priv, err := parseSeed(s); err == nil {
				id = &Identity{priv: priv, Storage: StorageKeystore, Where: keystoreService + " / " + user}
			}
		}
	}
	if id == nil {
		_, priv, err := ed25519.GenerateKey(rand.Reader)
		if err != nil {
			return nil, fmt.Errorf("generate device key: %w", err)
		}
		id = &Identity{priv: priv}
		if ks != nil && ks.Set(keystoreService, user, formatSeed(priv)) == nil {
			id.Storage, id.Where = StorageKeystore, keystoreService+" / "+user
		} else {
			if err := writeAtomic(keyPath, []byte(formatSeed(priv)+"\n")); err != nil {
				return nil, store.Errorf(store.EUNAVAILABLE, "Longhand cannot save this device's key in %s: %v.", keyPath, err)
			}
			id.Storage, id.Where = StorageFile, keyPath
		}
	}
	in := info{Version: 1, PublicKey: base64.StdEncoding.EncodeToString(id.PublicKey()), Storage: id.Storage}
	if id.Storage == StorageKeystore {
		in.KeystoreUser = user
	}
	b, _ := json.Marshal(in)
	if err := writeAtomic(infoPath, append(b, '\n')); err != nil {
		return nil, store.Errorf(store.EUNAVAILABLE, "Longhand cannot save this device's identity in %s: %v.", infoPath, err)
	}
	return id, nil
}

func loadExisting(raw []byte, infoPath, keyPath, user string, ks Keystore) (*Identity, error) {
	damaged := func(why string) error {
		return store.Errorf(store.EUNAVAILABLE, "This device's identity file %s is damaged (%s). Restore it from a backup; Longhand leaves it as it is.", infoPath, why)
	}
	var in info
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&in); err != nil {
		return nil, damaged("it is not valid JSON")
	}
	pub, err := base64.StdEncoding.DecodeString(in.PublicKey)
	if in.Version != 1 || err != nil || len(pub) != ed25519.PublicKeySize {
		return nil, damaged("no valid public key")
	}
	var id *Identity
	switch in.Storage {
	case StorageFile:
		priv, err := readKeyFile(keyPath)
		if err != nil {
			return nil, err
		}
		id = &Identity{priv: priv, Storage: StorageFile, Where: keyPath}
	case StorageKeystore:
		if ks == nil {
			return nil, store.Errorf(store.EUNAVAILABLE, "This device's key is in the system keystore, which this build of Longhand cannot use.")
		}
		if in.KeystoreUser != "" {
			user = in.KeystoreUser
		}
		s, err := ks.Get(keystoreService, user)
		if errors.Is(err, ErrNotInKeystore) {
			return nil, store.Errorf(store.EUNAVAILABLE, "This device's key is missing from the system keystore (entry %q in %q). Restore it, or move this data folder aside to start as a new device.", user, keystoreService)
		}
		if err != nil {
			return nil, store.Errorf(store.EUNAVAILABLE, "This device's key is in the system keystore, which Longhand cannot reach: %v. Unlock the keystore and start Longhand again.", err)
		}
		priv, err := parseSeed(s)
		if err != nil {
			return nil, store.Errorf(store.EUNAVAILABLE, "The keystore entry %q holds no valid device key.", user)
		}
		id = &Identity{priv: priv, Storage: StorageKeystore, Where: keystoreService + " / " + user}
	default:
		return nil, damaged("it does not say where the key is")
	}
	if !bytes.Equal(id.PublicKey(), pub) {
		return nil, damaged("its public key does not match the private key")
	}
	return id, nil
}

func formatSeed(priv ed25519.PrivateKey) string {
	return "ed25519:" + base64.StdEncoding.EncodeToString(priv.Seed())
}

func parseSeed(s string) (ed25519.PrivateKey, error) {
	b, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(strings.TrimSpace(s), "ed25519:"))
	if err != nil || !strings.HasPrefix(s, "ed25519:") || len(b) != ed25519.SeedSize {
		return nil, errors.New("not an Ed25519 key")
	}
	return ed25519.NewKeyFromSeed(b), nil
}

// readKeyFile reads the private key file, first making sure only the user
// can read it.
func readKeyFile(path string) (ed25519.PrivateKey, error) {
	fi, err := os.Stat(path)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, err
		}
		return nil, store.Errorf(store.EUNAVAILABLE, "Longhand cannot read this device's key %s: %v.", path, err)
	}
	if fi.Mode().Perm()&0o077 != 0 {
		if err := os.Chmod(path, 0o600); err != nil {
			return nil, store.Errorf(store.EUNAVAILABLE, "This device's key %s can be read by others, and Longhand cannot change that: %v.", path, err)
		}
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, store.Errorf(store.EUNAVAILABLE, "Longhand cannot read this device's key %s: %v.", path, err)
	}
	priv, err := parseSeed(string(raw))
	if err != nil {
		return nil, store.Errorf(store.EUNAVAILABLE, "This device's key file %s is damaged. Restore it from a backup; Longhand leaves it as it is.", path)
	}
	return priv, nil
}

// writeAtomic writes a file readable only by the user, whole or not at all.
func writeAtomic(path string, data []byte) error {
	dir := filepath.Dir(path)
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+"-*")
	if err != nil {
		return err
	}
	defer os.Remove(f.Name())
	if err := f.Chmod(0o600); err != nil {
		f.Close()
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	if err := os.Rename(f.Name(), path); err != nil {
		return err
	}
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
	return nil
}
