// Pages are made with CreatePage, the path the app uses, several parents
// at a time so that the store's writer groups them into shared commits.

package seed

import (
	"context"
	"fmt"
	"sync"

	"github.com/longhand/longhand/store"
	"github.com/longhand/longhand/store/sqlite"
)

// Shape says how the pages of a seeded space are arranged. The zero value
// of each field picks the default shown.
type Shape struct {
	Pages  int // pages in all, home pages not counted
	Top    int // pages at the top of the space (default Pages/5)
	Fanout int // subpages of each branch at the top (default 20)
	Deep   int // length of a chain of subpages under one top page (default 8)
	Body   func(i int) string
}

// Result names pages a test can look for.
type Result struct {
	Space    store.DocID
	Top      []store.DocID // the top-level pages, in their order
	Branches int           // top pages with subpages
	Deep     []store.DocID // the chain, outermost first; its top is Top[DeepUnder]
	DeepTop  int           // index in Top of the page the chain hangs under
}

// TopTitle is the title of the i-th top page (from 0).
func TopTitle(i int) string { return fmt.Sprintf("Topic %05d", i) }

// ChildTitle is the title of the j-th subpage of the i-th top page.
func ChildTitle(i, j int) string { return fmt.Sprintf("Topic %05d · %02d", i, j) }

// DeepTitle is the title of the chain's page at depth d (1 under its top page).
func DeepTitle(d int) string { return fmt.Sprintf("Deep %d", d) }

// Workspace makes a workspace in the database at path when it has none, and
// seeds its first space with sh. It refuses a workspace whose first space
// already holds pages, so that running it twice does not double them.
func Workspace(ctx context.Context, db *sqlite.DB, sh Shape) (*Result, error) {
	sess, err := db.FindSession(ctx)
	if err != nil {
		return nil, err
	}
	if sess.Me == nil {
		if _, err := db.CreateWorkspace(ctx, "Acme", "Ada Lovelace", "Europe/London"); err != nil {
			return nil, fmt.Errorf("seed: create workspace: %w", err)
		}
	}
	spaces, err := db.FindSpaces(ctx)
	if err != nil || len(spaces) == 0 {
		return nil, fmt.Errorf("seed: no space: %v", err)
	}
	return Space(ctx, db, spaces[0], sh)
}

// Space seeds one space with sh.
func Space(ctx context.Context, db *sqlite.DB, sp store.Space, sh Shape) (*Result, error) {
	if sh.Top <= 0 {
		sh.Top = max(1, sh.Pages/5)
	}
	if sh.Fanout <= 0 {
		sh.Fanout = 20
	}
	if sh.Deep <= 0 {
		sh.Deep = 8
	}
	if sh.Body == nil {
		sh.Body = func(i int) string { return fmt.Sprintf("Seeded page %d. Written first, decided later.\n", i) }
	}
	sh.Top = min(sh.Top, sh.Pages)
	sh.Deep = min(sh.Deep, sh.Pages-sh.Top)
	existing, err := db.FindPages(ctx, store.PageFilter{Space: sp.ID, Limit: 2})
	if err != nil {
		return nil, err
	}
	for _, p := range existing {
		if p.ID != sp.Home {
			return nil, fmt.Errorf("seed: the space %q has pages already", sp.Name)
		}
	}
	res := &Result{Space: sp.ID, Top: make([]store.DocID, sh.Top)}
	n := 0
	create := func(title string, parent store.DocID) (store.DocID, error) {
		np := store.NewPage{Title: title, Body: sh.Body(n), Space: sp.ID, Parent: parent}
		p, err := db.CreatePage(ctx, np)
		if err != nil {
			return "", fmt.Errorf("seed: create %q: %w", title, err)
		}
		return p.ID, nil
	}
	// The top level in order, one at a time: each goes after the last.
	for i := range sh.Top {
		if res.Top[i], err = create(TopTitle(i), ""); err != nil {
			return nil, err
		}
		n++
	}
	// The chain, under a page three quarters down the top level.
	res.DeepTop = sh.Top * 3 / 4
	parent := res.Top[res.DeepTop]
	for d := 1; d <= sh.Deep; d++ {
		id, err := create(DeepTitle(d), parent)
		if err != nil {
			return nil, err
		}
		res.Deep = append(res.Deep, id)
		parent = id
		n++
	}
	// Subpages: Fanout under each of the first top pages until Pages are
	// made, several parents at once (siblings are still made in order).
	rest := sh.Pages - n
	res.Branches = (rest + sh.Fanout - 1) / sh.Fanout
	if res.Branches > sh.Top {
		return nil, fmt.Errorf("seed: %d pages do not fit under %d top pages with %d subpages each", sh.Pages, sh.Top, sh.Fanout)
	}
	jobs := make(chan int)
	errs := make(chan error, 1)
	var wg sync.WaitGroup
	var mu sync.Mutex
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				kids := min(sh.Fanout, rest-i*sh.Fanout)
				for j := range kids {
					mu.Lock()
					k := n
					n++
					mu.Unlock()
					np := store.NewPage{Title: ChildTitle(i, j), Body: sh.Body(k), Space: sp.ID, Parent: res.Top[i]}
					if _, err := db.CreatePage(ctx, np); err != nil {
						select {
						case errs <- fmt.Errorf("seed: create %q: %w", np.Title, err):
						default:
						}
						return
					}
				}
			}
		}()
	}
	func() {
		defer close(jobs)
		for i := range res.Branches {
			select {
			case jobs <- i:
			case err := <-errs:
				errs <- err
				return
			}
		}
	}()
	wg.Wait()
	select {
	case err := <-errs:
		return nil, err
	default:
	}
	return res, nil
}
