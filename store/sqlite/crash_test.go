package sqlite_test

import (
	"bufio"
	"context"
	"database/sql"
	"fmt"
	"maps"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/longhand/longhand/store"
	"github.com/longhand/longhand/store/sandbox"
	"github.com/longhand/longhand/store/sqlite"
)

// The crash test runs this test binary again as a child that types into
// two pages, pasting a few thousand characters now and then, and prints
// each acknowledgement; the parent kills it with SIGKILL after a chosen
// number of acknowledgements and checks that every
// acknowledged edit is in the database, that the tokens are contiguous,
// that each page's stored document adds up to its row, that nothing went
// to the quarantine, and that SQLite reports no damage. The child folds
// and compacts eagerly so the kills land in every part of the pipeline.
//
// One seed chooses where each kill lands and how the child types (its
// pauses); only the goroutine schedule is left to chance. Every failure
// names the seed: LONGHAND_CRASH_SEED=<seed> replays the run.
func TestMain(m *testing.M) {
	if os.Getenv(sandbox.EnvWorker) != "" {
		os.Exit(sandbox.ServeMain())
	}
	if os.Getenv("LONGHAND_CRASH_CHILD") != "" {
		crashChild()
		return
	}
	os.Exit(m.Run())
}

func crashChild() {
	ctx := context.Background()
	db, err := sqlite.Open(ctx, os.Getenv("LONGHAND_CRASH_DB"))
	if err != nil {
		fmt.Println("error", err)
		os.Exit(1)
	}
	sqlite.SetFastFolding(db)
	seed, _ := strconv.ParseUint(os.Getenv("LONGHAND_CRASH_SEED"), 10, 64)
	kill, _ := strconv.ParseUint(os.Getenv("LONGHAND_CRASH_KILL"), 10, 64)
	var wg sync.WaitGroup
	var out sync.Mutex
	for i, name := range []string{"A", "B"} {
		id := store.DocID(os.Getenv("LONGHAND_CRASH_PAGE_" + name))
		p, err := db.FindPage(ctx, id)
		if err != nil {
			fmt.Println("error", err)
			os.Exit(1)
		}
		next := len(tokens(p.Body))
		n := len([]rune(p.Body))
		rev := p.Rev
		rng := rand.New(rand.NewPCG(seed, kill<<1|uint64(i)))
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := next; ; i++ {
				if rng.IntN(32) == 0 {
					// A pause now and then: past 5 ms the idle fold runs.
					time.Sleep(time.Duration(rng.IntN(8000)) * time.Microsecond)
				}
				tok := strconv.Itoa(i) + ","
				if rng.IntN(48) == 0 && n < 200_000 {
					// A paste now and then, folded into the document in the
					// background, in pieces: the kills land mid-fold too.
					tok = strconv.Itoa(i) + strings.Repeat(pastePad, 500+rng.IntN(4000)) + ","
				}
				res, err := db.EditPage(ctx, id, store.Edit{Base: rev, Splices: []store.Splice{{Pos: n, Ins: tok}}})
				if err != nil {
					fmt.Println("error", err)
					os.Exit(1)
				}
				rev, n = res.Rev, n+utf8.RuneCountInString(tok)
				out.Lock()
				fmt.Printf("ack %s %d\n", name, i)
				out.Unlock()
			}
		}()
	}
	fmt.Println("ready")
	wg.Wait()
}

// pastePad pads the tokens the crash child pastes: two bytes, so that the
// fold's pieces are cut between characters.
const pastePad = "·"

// tokens splits a page the crash child typed into its tokens, without the
// padding of those it pasted.
func tokens(body string) []string {
	if body == "" {
		return nil
	}
	toks := strings.Split(strings.TrimSuffix(body, ","), ",")
	for i, t := range toks {
		toks[i] = strings.TrimRight(t, pastePad)
	}
	return toks
}

func TestCrashKeepsAcknowledgedEdits(t *testing.T) {
	kills := 24
	if s := os.Getenv("LONGHAND_CRASH_KILLS"); s != "" {
		kills, _ = strconv.Atoi(s)
	}
	seed := uint64(time.Now().UnixNano())
	if s := os.Getenv("LONGHAND_CRASH_SEED"); s != "" {
		var err error
		if seed, err = strconv.ParseUint(s, 10, 64); err != nil {
			t.Fatalf("LONGHAND_CRASH_SEED=%q: %v", s, err)
		}
	}
	t.Logf("seed %d (LONGHAND_CRASH_SEED=%d replays it), %d kills", seed, seed, kills)
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "longhand.db")
	db, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	db.CreateWorkspace(ctx, "", "Crash Tester", "UTC")
	a, _ := db.CreatePage(ctx, inSpace(db, "A", ""))
	b, _ := db.CreatePage(ctx, inSpace(db, "B", ""))
	db.Close()

	rng := rand.New(rand.NewPCG(seed, 7))
	total := 0
	for k := 0; k < kills; k++ {
		run := crashRun{t: t, seed: seed, kill: k, path: path, a: a.ID, b: b.ID}
		acked := run.killAfter(rng.IntN(240))

		db, err := sqlite.Open(ctx, path) // recovers the journal
		if err != nil {
			run.fatalf("reopen: %v", err)
		}
		longest := 0
		for name, id := range map[string]store.DocID{"A": a.ID, "B": b.ID} {
			p, err := db.FindPage(ctx, id)
			if err != nil {
				run.fatalf("page %s: %v", name, err)
			}
			toks := tokens(p.Body)
			for i, tok := range toks {
				if tok != strconv.Itoa(i) {
					run.fatalf("page %s token %d is %q: edits lost or reordered in %q", name, i, tok, p.Body)
				}
			}
			if last, ok := acked[name]; ok && len(toks) <= last {
				run.fatalf("page %s has %d tokens, but %d was acknowledged", name, len(toks), last)
			}
			if msg := sqlite.CheckStoredPage(db, id); msg != "" {
				run.fatalf("page %s: its stored document does not add up: %s", name, msg)
			}
			total = max(total, len(toks))
			longest = max(longest, utf8.RuneCountInString(p.Body))
		}
		var quarantined int
		if err := sqlite.QueryRow(db, "SELECT count(*) FROM quarantine").Scan(&quarantined); err != nil || quarantined != 0 {
			run.fatalf("%d rows went to the quarantine (%v)", quarantined, err)
		}
		if (k+1)%50 == 0 || longest > 100_000 {
			// Fresh pages now and then keep a long soak's cost per kill flat.
			a, _ = db.CreatePage(ctx, inSpace(db, "A", ""))
			b, _ = db.CreatePage(ctx, inSpace(db, "B", ""))
		}
		db.Close()
		if res, err := integrity(path); res != "ok" {
			run.fatalf("integrity_check = %q, %v", res, err)
		}
		if (k+1)%100 == 0 {
			t.Logf("%d kills survived; pages grew to %d edits at most", k+1, total)
		}
	}
	t.Logf("seed %d: %d kills; pages grew to %d edits", seed, kills, total)
}

// crashRun is one child of the crash test, started and killed.
type crashRun struct {
	t    *testing.T
	seed uint64
	kill int
	path string
	a, b store.DocID
}

// fatalf ends the test with a message that names the seed and the kill.
func (r *crashRun) fatalf(format string, args ...any) {
	r.t.Helper()
	r.t.Fatalf("seed %d, kill %d: %s", r.seed, r.kill, fmt.Sprintf(format, args...))
}

// killAfter starts the child, kills it once it has acknowledged n edits
// (or after two seconds), and returns the last acknowledged token per page.
func (r *crashRun) killAfter(n int) map[string]int {
	r.t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "LONGHAND_CRASH_CHILD=1", "LONGHAND_CRASH_DB="+r.path,
		"LONGHAND_CRASH_PAGE_A="+string(r.a), "LONGHAND_CRASH_PAGE_B="+string(r.b),
		"LONGHAND_CRASH_SEED="+strconv.FormatUint(r.seed, 10), "LONGHAND_CRASH_KILL="+strconv.Itoa(r.kill))
	cmd.Stderr = os.Stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		r.t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		r.t.Fatal(err)
	}
	acked := map[string]int{}
	var mu sync.Mutex
	ready := make(chan struct{})
	enough := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		sc := bufio.NewScanner(stdout)
		count := 0
		for sc.Scan() {
			f := strings.Fields(sc.Text())
			switch {
			case len(f) == 1 && f[0] == "ready":
				close(ready)
				if n == 0 {
					close(enough)
				}
			case len(f) == 3 && f[0] == "ack":
				i, _ := strconv.Atoi(f[2])
				mu.Lock()
				acked[f[1]] = i
				mu.Unlock()
				if count++; count == n {
					close(enough)
				}
			default:
				r.t.Errorf("seed %d, kill %d: child: %s", r.seed, r.kill, sc.Text())
			}
		}
	}()
	select {
	case <-ready:
	case <-done:
		cmd.Wait()
		r.fatalf("child exited before it was ready")
	case <-time.After(30 * time.Second):
		cmd.Process.Kill()
		r.fatalf("child was not ready in 30 s")
	}
	select {
	case <-enough:
	case <-done:
	case <-time.After(2 * time.Second):
	}
	// Take the acknowledgements printed so far: the kill comes after them.
	mu.Lock()
	seen := maps.Clone(acked)
	mu.Unlock()
	cmd.Process.Signal(syscall.SIGKILL)
	<-done
	cmd.Wait()
	return seen
}

func checkIntegrity(t *testing.T, path string) {
	t.Helper()
	if res, err := integrity(path); res != "ok" {
		t.Fatalf("integrity_check = %q, %v", res, err)
	}
}

// integrity runs SQLite's integrity check on a closed database: "ok" or
// what is wrong.
func integrity(path string) (string, error) {
	raw, err := sql.Open("sqlite3", path)
	if err != nil {
		return "", err
	}
	defer raw.Close()
	var res string
	err = raw.QueryRow("PRAGMA integrity_check").Scan(&res)
	return res, err
}
