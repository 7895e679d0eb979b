// Command longhand-relay stores and forwards Longhand's sealed envelopes
// for teams whose devices are rarely online together. It parses flags and
// runs sync/relay/server; it has no GUI dependencies and builds with
// CGO_ENABLED=0.
//
//	longhand-relay --data /var/lib/longhand-relay --listen :443 --cert fullchain.pem --key privkey.pem
//	longhand-relay --nats nats://n1:4222,nats://n2:4222,nats://n3:4222 --replicas 3 --listen :8080 --behind-tls-proxy
package main

import (
	"context"
	"crypto/tls"
	"errors"
	"flag"
	"fmt"
	"log"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/nats-io/nats.go"

	"github.com/longhand/longhand/sync/relay/server"
)

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "longhand-relay:", err)
		os.Exit(1)
	}
}

func run(args []string) error {
	fs := flag.NewFlagSet("longhand-relay", flag.ContinueOnError)
	data := fs.String("data", "", "folder for the embedded JetStream store")
	listen := fs.String("listen", ":8443", "address to serve the relay on")
	natsURL := fs.String("nats", "", "use this NATS cluster (comma-separated URLs) instead of the embedded server")
	creds := fs.String("nats-creds", "", "NATS credentials file for --nats")
	replicas := fs.Int("replicas", 1, "copies of each stream a NATS cluster keeps (3 for a three-node cluster)")
	cert := fs.String("cert", "", "TLS certificate (PEM)")
	proxied := fs.Bool("behind-tls-proxy", false, "serve plain WebSocket, for a TLS proxy in front (devices still connect over TLS)")
	key := fs.String("key", "", "TLS private key (PEM)")
	quota := fs.Int64("device-quota-mb", server.DefaultDeviceQuota>>20, "MiB of envelopes one device may store")
	rate := fs.Float64("rate", server.DefaultRate, "frames per second one device may send")
	burst := fs.Int("burst", server.DefaultBurst, "frames one device may send at once")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if (*data == "") == (*natsURL == "") {
		return errors.New("give either --data DIR (embedded NATS) or --nats URL (external cluster)")
	}
	if (*cert == "") != (*key == "") {
		return errors.New("--cert and --key go together")
	}
	if *cert == "" && !*proxied {
		return errors.New("devices connect over TLS: give --cert and --key, or --behind-tls-proxy when a proxy ends TLS")
	}
	cfg := server.Config{DataDir: *data, NATSURL: *natsURL, Replicas: *replicas, DeviceQuota: *quota << 20,
		Rate: *rate, Burst: *burst, Logf: log.Printf}
	if *creds != "" {
		cfg.NATSOptions = append(cfg.NATSOptions, nats.UserCredentials(*creds))
	}
	srv, err := server.New(cfg)
	if err != nil {
		return err
	}
	defer srv.Close()
	hs := &http.Server{Handler: srv, ReadHeaderTimeout: 10 * time.Second}
	ln, err := net.Listen("tcp", *listen)
	if err != nil {
		return err
	}
	if *cert != "" {
		c, err := tls.LoadX509KeyPair(*cert, *key)
		if err != nil {
			return fmt.Errorf("TLS: %w", err)
		}
		ln = tls.NewListener(ln, &tls.Config{Certificates: []tls.Certificate{c}, MinVersion: tls.VersionTLS12})
		log.Printf("longhand-relay: serving wss://%s/v1", ln.Addr())
	} else {
		log.Printf("longhand-relay: serving ws://%s/v1 for the TLS proxy in front", ln.Addr())
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	log.Printf("longhand-relay: stopping")
	sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	return hs.Shutdown(sctx)
}
