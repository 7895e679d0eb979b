package transport

import (
	"crypto/ed25519"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"errors"
	"math/big"
	"time"

	"github.com/longhand/longhand/store"
)

// Certificate returns a self-signed X.509 certificate of the device key
// priv. Only its key matters: peers pin keys against the membership log
// and ignore names and dates, so a device with a wrong clock still syncs.
func Certificate(priv ed25519.PrivateKey) (tls.Certificate, error) {
	serial, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 127))
	if err != nil {
		return tls.Certificate{}, err
	}
	now := time.Now()
	tmpl := &x509.Certificate{
		SerialNumber: serial,
		Subject:      pkix.Name{CommonName: "Longhand device"},
		NotBefore:    now.Add(-24 * time.Hour),
		NotAfter:     now.Add(20 * 365 * 24 * time.Hour),
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth, x509.ExtKeyUsageClientAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, priv.Public(), priv)
	if err != nil {
		return tls.Certificate{}, err
	}
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: priv}, nil
}

// errBadCert is what a peer whose certificate is not a self-signed
// Ed25519 certificate gets.
var errBadCert = store.Errorf(store.EINVALID, "The other device's certificate is not a Longhand device certificate.")

// certKey returns the key of a peer's certificate chain, which must be one
// certificate with an Ed25519 key, signed by that key. TLS 1.3 has already
// checked that the peer holds the key (its CertificateVerify message);
// the self-signature check refuses a certificate that names one key and
// was made by another.
func certKey(chain [][]byte) (ed25519.PublicKey, error) {
	if len(chain) != 1 {
		return nil, errBadCert
	}
	cert, err := x509.ParseCertificate(chain[0])
	if err != nil {
		return nil, errBadCert
	}
	pub, ok := cert.PublicKey.(ed25519.PublicKey)
	if !ok || cert.SignatureAlgorithm != x509.PureEd25519 {
		return nil, errBadCert
	}
	if err := cert.CheckSignature(cert.SignatureAlgorithm, cert.RawTBSCertificate, cert.Signature); err != nil {
		return nil, errors.Join(errBadCert, err)
	}
	return pub, nil
}
