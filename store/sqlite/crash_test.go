package sqlite_test

import (
	"bufio"
	"context"
	"database/sql"
	"fmt"
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

	"github.com/longhand/longhand/store"
	"github.com/longhand/longhand/store/sandbox"
	"github.com/longhand/longhand/store/sqlite"
)

// The crash test runs this test binary again as a child that types into
// two pages and prints each acknowledgement; the parent kills it with
// SIGKILL at a random moment and checks that every acknowledged edit is
// in the database, that the tokens are contiguous, and that SQLite
// reports no damage. The child folds and compacts eagerly so the kills
// land in every part of the pipeline.
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
	var wg sync.WaitGroup
	var out sync.Mutex
	for _, name := range []string{"A", "B"} {
		id := store.DocID(os.Getenv("LONGHAND_CRASH_PAGE_" + name))
		p, err := db.FindPage(ctx, id)
		if err != nil {
			fmt.Println("error", err)
			os.Exit(1)
		}
		next := len(tokens(p.Body))
		n := len([]rune(p.Body))
		rev := p.Rev
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := next; ; i++ {
				tok := strconv.Itoa(i) + ","
				res, err := db.EditPage(ctx, id, store.Edit{Base: rev, Splices: []store.Splice{{Pos: n, Ins: tok}}})
				if err != nil {
					fmt.Println("error", err)
					os.Exit(1)
				}
				rev, n = res.Rev, n+len(tok)
				out.Lock()
				fmt.Printf("ack %s %d\n", name, i)
				out.Unlock()
			}
		}()
	}
	fmt.Println("ready")
	wg.Wait()
}

func tokens(body string) []string {
	if body == "" {
		return nil
	}
	return strings.Split(strings.TrimSuffix(body, ","), ",")
}

func TestCrashKeepsAcknowledgedEdits(t *testing.T) {
	kills := 24
	if s := os.Getenv("LONGHAND_CRASH_KILLS"); s != "" {
		kills, _ = strconv.Atoi(s)
	}
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

	rng := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 7))
	total := 0
	for k := 0; k < kills; k++ {
		acked := runAndKill(t, path, a.ID, b.ID, time.Duration(1+rng.IntN(80))*time.Millisecond)

		db, err := sqlite.Open(ctx, path) // recovers the journal
		if err != nil {
			t.Fatalf("kill %d: reopen: %v", k, err)
		}
		for name, id := range map[string]store.DocID{"A": a.ID, "B": b.ID} {
			p, err := db.FindPage(ctx, id)
			if err != nil {
				t.Fatalf("kill %d: page %s: %v", k, name, err)
			}
			toks := tokens(p.Body)
			for i, tok := range toks {
				if tok != strconv.Itoa(i) {
					t.Fatalf("kill %d: page %s token %d is %q: edits lost or reordered in %q", k, name, i, tok, p.Body)
				}
			}
			if last, ok := acked[name]; ok && len(toks) <= last {
				t.Fatalf("kill %d: page %s has %d tokens, but %d was acknowledged", k, name, len(toks), last)
			}
			total = max(total, len(toks))
		}
		if (k+1)%50 == 0 {
			// Fresh pages now and then keep a long soak's cost per kill flat.
			a, _ = db.CreatePage(ctx, inSpace(db, "A", ""))
			b, _ = db.CreatePage(ctx, inSpace(db, "B", ""))
		}
		db.Close()
		checkIntegrity(t, path)
		if (k+1)%100 == 0 {
			t.Logf("%d kills survived; pages grew to %d edits at most", k+1, total)
		}
	}
	t.Logf("%d kills; pages grew to %d edits", kills, total)
}

// runAndKill starts the child, lets it type for about d after it is
// ready, kills it, and returns the last acknowledged token per page.
func runAndKill(t *testing.T, path string, a, b store.DocID, d time.Duration) map[string]int {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "LONGHAND_CRASH_CHILD=1", "LONGHAND_CRASH_DB="+path,
		"LONGHAND_CRASH_PAGE_A="+string(a), "LONGHAND_CRASH_PAGE_B="+string(b))
	cmd.Stderr = os.Stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	acked := map[string]int{}
	var mu sync.Mutex
	ready := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			f := strings.Fields(sc.Text())
			switch {
			case len(f) == 1 && f[0] == "ready":
				close(ready)
			case len(f) == 3 && f[0] == "ack":
				n, _ := strconv.Atoi(f[2])
				mu.Lock()
				acked[f[1]] = n
				mu.Unlock()
			default:
				t.Errorf("child: %s", sc.Text())
			}
		}
	}()
	select {
	case <-ready:
	case <-done:
		cmd.Wait()
		t.Fatal("child exited before it was ready")
	case <-time.After(30 * time.Second):
		cmd.Process.Kill()
		t.Fatal("child was not ready in 30 s")
	}
	time.Sleep(d)
	// Take the acknowledgements printed so far: the kill comes after them.
	mu.Lock()
	seen := map[string]int{}
	for k, v := range acked {
		seen[k] = v
	}
	mu.Unlock()
	cmd.Process.Signal(syscall.SIGKILL)
	<-done
	cmd.Wait()
	return seen
}

func checkIntegrity(t *testing.T, path string) {
	t.Helper()
	raw, err := sql.Open("sqlite3", path)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	var res string
	if err := raw.QueryRow("PRAGMA integrity_check").Scan(&res); err != nil || res != "ok" {
		t.Fatalf("integrity_check = %q, %v", res, err)
	}
}
