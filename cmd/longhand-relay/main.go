// Command longhand-relay stores and forwards Longhand's sealed envelopes
// for teams whose devices are rarely online together. It parses flags and
// runs sync/relay/server; it has no GUI dependencies and builds with
// CGO_ENABLED=0.
//
//	longhand-relay --data /var/lib/longhand-relay --listen :443 --cert fullchain.pem --key privkey.pem \
//	    --admission-secret-file /etc/longhand-relay/secret
//	longhand-relay --config /etc/longhand-relay/relay.conf
//	longhand-relay --nats nats://n1:4222,nats://n2:4222,nats://n3:4222 --replicas 3 --listen :8080 --behind-tls-proxy \
//	    --allow-workspace 0123456789abcdef0123456789abcdef
package main

import (
	"context"
	"crypto/tls"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/nats-io/nats.go"

	"github.com/longhand/longhand/store"
	"github.com/longhand/longhand/sync/relay/server"
)

func main() {
	if err := run(os.Args[1:], os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "longhand-relay:", err)
		os.Exit(1)
	}
}

const usage = `longhand-relay stores and forwards Longhand's sealed envelopes.

Admission: the relay serves only the workspaces its operator admits, and
admits none unless given an admission secret, a list of workspaces, or both.
  --admission-secret-file FILE (or --admission-secret SECRET): a device that
      brings a workspace new to the relay must present this secret. Give the
      workspace's admin the relay's address with it, wss://HOST/v1?admit=SECRET;
      the app sends it in a header, never in the URL. Once stored, the
      workspace's other devices connect with the plain address, and the relay
      remembers the admission across restarts. At least 16 characters (for
      example: openssl rand -hex 16).
  --allow-workspace ID[,ID...]: workspaces served without the secret.
      Repeatable. The relay logs the ID of a workspace it refuses.
A relay started with neither refuses every login with the error "admission".

Flags:
`

// options is a relay's command line and config file, checked.
type options struct {
	cfg      server.Config
	listen   string
	cert     string
	key      string
	check    bool   // --check-config: check, say so, and stop
	confPath string // "" without --config
}

func run(args []string, stderr io.Writer) error {
	o, err := parse(args, stderr)
	if err != nil || o == nil {
		return err
	}
	if o.check {
		return checkConfig(o, stderr)
	}
	return serve(o)
}

// parse reads the flags and, with --config, the file's settings for the
// flags not given on the command line. A nil options and nil error is
// --help.
func parse(args []string, stderr io.Writer) (*options, error) {
	fs := flag.NewFlagSet("longhand-relay", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(stderr, usage)
		fs.PrintDefaults()
	}
	o := &options{}
	fs.StringVar(&o.confPath, "config", "", "read settings from this file: one flag per line as NAME = VALUE, # for comments (flags on the command line win)")
	fs.BoolVar(&o.check, "check-config", false, "check the flags and the --config file, say what is wrong, and exit (1 when something is)")
	data := fs.String("data", "", "folder for the embedded JetStream store")
	fs.StringVar(&o.listen, "listen", ":8443", "address to serve the relay on")
	natsURL := fs.String("nats", "", "use this NATS cluster (comma-separated URLs) instead of the embedded server")
	creds := fs.String("nats-creds", "", "NATS credentials file for --nats")
	replicas := fs.Int("replicas", 1, "copies of each stream a NATS cluster keeps (3 for a three-node cluster)")
	fs.StringVar(&o.cert, "cert", "", "TLS certificate (PEM)")
	proxied := fs.Bool("behind-tls-proxy", false, "serve plain WebSocket, for a TLS proxy in front (devices still connect over TLS)")
	fs.StringVar(&o.key, "key", "", "TLS private key (PEM)")
	quota := fs.Int64("device-quota-mb", server.DefaultDeviceQuota>>20, "MiB of envelopes one device may store")
	rate := fs.Float64("rate", server.DefaultRate, "frames per second one device may send")
	burst := fs.Int("burst", server.DefaultBurst, "frames one device may send at once")
	secret := fs.String("admission-secret", "", "the admission secret (visible to local users in the process list: prefer --admission-secret-file)")
	secretFile := fs.String("admission-secret-file", "", "file holding the admission secret on its first line")
	var allowed []store.DocID
	fs.Func("allow-workspace", "workspace IDs served without the admission secret, comma-separated (repeatable)", func(v string) error {
		for _, id := range strings.Split(v, ",") {
			id := store.DocID(strings.TrimSpace(id))
			if err := id.Validate(); err != nil {
				return fmt.Errorf("%q is not a workspace ID (32 lowercase hex digits)", string(id))
			}
			allowed = append(allowed, id)
		}
		return nil
	})
	maxPending := fs.Int("max-pending", server.DefaultMaxPending, "connections that may be logging in at once; more are answered 503")
	authTimeout := fs.Duration("auth-timeout", server.DefaultAuthTimeout, "time a connection has to log in")
	natsWait := fs.Duration("nats-wait", server.DefaultStartTimeout, "how long to wait at start for NATS to answer, retrying with backoff")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil, nil
		}
		return nil, err
	}
	if fs.NArg() > 0 {
		return nil, fmt.Errorf("unexpected argument %q: settings are flags (see --help)", fs.Arg(0))
	}
	if o.confPath != "" {
		if err := readConfig(fs, o.confPath); err != nil {
			return nil, err
		}
	}
	if *secret != "" && *secretFile != "" {
		return nil, errors.New("give --admission-secret or --admission-secret-file, not both")
	}
	if *secretFile != "" {
		b, err := os.ReadFile(*secretFile)
		if err != nil {
			return nil, fmt.Errorf("admission secret: %w", err)
		}
		*secret, _, _ = strings.Cut(strings.TrimSpace(string(b)), "\n")
		*secret = strings.TrimSpace(*secret)
		if *secret == "" {
			return nil, fmt.Errorf("admission secret: %s is empty", *secretFile)
		}
	}
	if *secret != "" && len(*secret) < 16 {
		return nil, errors.New("the admission secret is shorter than 16 characters; make one with: openssl rand -hex 16")
	}
	if (*data == "") == (*natsURL == "") {
		return nil, errors.New("give either --data DIR (embedded NATS) or --nats URL (external cluster)")
	}
	if (o.cert == "") != (o.key == "") {
		return nil, errors.New("--cert and --key go together")
	}
	if o.cert == "" && !*proxied {
		return nil, errors.New("devices connect over TLS: give --cert and --key, or --behind-tls-proxy when a proxy ends TLS")
	}
	o.cfg = server.Config{DataDir: *data, NATSURL: *natsURL, Replicas: *replicas, DeviceQuota: *quota << 20,
		Rate: *rate, Burst: *burst, AdmissionSecret: *secret, AllowWorkspaces: allowed,
		MaxPending: *maxPending, AuthTimeout: *authTimeout, StartTimeout: *natsWait, Logf: log.Printf}
	if *creds != "" {
		o.cfg.NATSOptions = append(o.cfg.NATSOptions, nats.UserCredentials(*creds))
	}
	return o, nil
}

// maxConfigSize bounds the config file: a real one is a few hundred bytes.
const maxConfigSize = 64 << 10

// readConfig sets, from the file at path, each flag the command line did
// not: one NAME = VALUE a line, NAME a flag's name without its dashes,
// blank lines and lines starting with # ignored. A setting given twice is
// a mistake, except allow-workspace, which adds to the list.
func readConfig(fs *flag.FlagSet, path string) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("config: %w", err)
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, maxConfigSize+1))
	if err != nil {
		return fmt.Errorf("config: %w", err)
	}
	if len(b) > maxConfigSize {
		return fmt.Errorf("config: %s is over %d KiB; it holds a few settings", path, maxConfigSize>>10)
	}
	onCommandLine := map[string]bool{}
	fs.Visit(func(fl *flag.Flag) { onCommandLine[fl.Name] = true })
	seen := map[string]int{}
	for i, line := range strings.Split(string(b), "\n") {
		n := i + 1
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		name, value, ok := strings.Cut(line, "=")
		name, value = strings.TrimSpace(name), strings.TrimSpace(value)
		if !ok || name == "" {
			return fmt.Errorf("%s:%d: want NAME = VALUE, found %q", path, n, line)
		}
		if name == "config" || name == "check-config" {
			return fmt.Errorf("%s:%d: %s is a command-line flag, not a setting", path, n, name)
		}
		if fs.Lookup(name) == nil {
			return fmt.Errorf("%s:%d: unknown setting %q (the settings are the flags of longhand-relay --help, without their dashes)", path, n, name)
		}
		if prev, twice := seen[name]; twice && name != "allow-workspace" {
			return fmt.Errorf("%s:%d: %s is already set on line %d", path, n, name, prev)
		}
		seen[name] = n
		if onCommandLine[name] {
			continue
		}
		if err := fs.Set(name, value); err != nil {
			return fmt.Errorf("%s:%d: %s: %v", path, n, name, err)
		}
	}
	return nil
}

// checkConfig checks what parse cannot without starting: the listen
// address and the TLS files. It says what it found; serving may still fail
// for what only starting shows (the port taken, NATS not answering).
func checkConfig(o *options, stderr io.Writer) error {
	if _, err := net.ResolveTCPAddr("tcp", o.listen); err != nil {
		return fmt.Errorf("listen: %w", err)
	}
	if o.cert != "" {
		if _, err := tls.LoadX509KeyPair(o.cert, o.key); err != nil {
			return fmt.Errorf("TLS: %w", err)
		}
	}
	admits := "no workspace yet (no admission secret, no allowed workspaces): every login is refused"
	switch {
	case o.cfg.AdmissionSecret != "" && len(o.cfg.AllowWorkspaces) > 0:
		admits = fmt.Sprintf("workspaces that bring the admission secret, and %d allowed", len(o.cfg.AllowWorkspaces))
	case o.cfg.AdmissionSecret != "":
		admits = "workspaces that bring the admission secret"
	case len(o.cfg.AllowWorkspaces) > 0:
		admits = fmt.Sprintf("%d allowed workspaces", len(o.cfg.AllowWorkspaces))
	}
	from := "the command line"
	if o.confPath != "" {
		from = o.confPath
	}
	fmt.Fprintf(stderr, "longhand-relay: %s is valid: it listens on %s and admits %s\n", from, o.listen, admits)
	return nil
}

// serve runs the relay until SIGINT or SIGTERM.
func serve(o *options) error {
	cfg := o.cfg
	srv, err := server.New(cfg)
	if err != nil {
		return err
	}
	defer srv.Close()
	hs := &http.Server{Handler: srv, ReadHeaderTimeout: 10 * time.Second}
	ln, err := net.Listen("tcp", o.listen)
	if err != nil {
		return err
	}
	if o.cert != "" {
		c, err := tls.LoadX509KeyPair(o.cert, o.key)
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
