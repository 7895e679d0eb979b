package sqlite

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/longhand/longhand/store"
)

var _ store.TreeService = (*DB)(nil)

// The tree reads the index pages_tree (migration 0028), which holds every
// page's place and whether it is live and not a template: every query
// here says so in the same words and reads nothing but the index.
const live = "deleted_at = 0 AND is_template = 0"

// treeColumns are what scanTreeRow reads, from pages p joined with docs d.
// A row's subpages are counted on the index: they share its space.
const treeColumns = `p.id, p.title, p.space_id, p.parent_id, p.position, p.updated_at, d.damaged,
	(SELECT count(*) FROM pages c WHERE c.space_id = p.space_id AND c.parent_id = p.id AND c.deleted_at = 0 AND c.is_template = 0)`

// maxBranchRows bounds one window of a branch.
const maxBranchRows = 1000

func scanTreeRows(rows *sql.Rows) ([]store.TreeRow, error) {
	defer rows.Close()
	out := []store.TreeRow{}
	for rows.Next() {
		var r store.TreeRow
		var updated int64
		if err := rows.Scan(&r.ID, &r.Title, &r.Space, &r.Parent, &r.Position, &updated, &r.Damaged, &r.Children); err != nil {
			return nil, fmt.Errorf("read tree: %w", err)
		}
		r.UpdatedAt = store.FromUnixMillis(updated)
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read tree: %w", err)
	}
	return out, nil
}

func sortRows(rs []store.TreeRow) {
	slices.SortFunc(rs, func(a, b store.TreeRow) int {
		return cmp.Or(strings.Compare(a.Position, b.Position), strings.Compare(string(a.ID), string(b.ID)))
	})
}

// homeOf returns a space's home page ("" for a space that is not there).
func (db *DB) homeOf(ctx context.Context, space store.DocID) (store.DocID, error) {
	var home store.DocID
	err := db.db.QueryRowContext(ctx, "SELECT home_id FROM spaces WHERE id = ?", space).Scan(&home)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("find home of %s: %w", space, err)
	}
	return home, nil
}

// branch selects one branch of the tree: the live pages of space under
// one of parents, home excluded. The top of a space has two parents when
// pages hang under its home page; they are read as two ranges of the index.
type branch struct {
	space   store.DocID
	parents []store.DocID
	home    store.DocID
}

// branchOf selects the subpages of parent, or the top of space.
func (db *DB) branchOf(ctx context.Context, space, parent store.DocID) (branch, error) {
	if parent != "" {
		return branch{space: space, parents: []store.DocID{parent}}, nil
	}
	home, err := db.homeOf(ctx, space)
	if err != nil {
		return branch{}, err
	}
	b := branch{space: space, parents: []store.DocID{""}, home: home}
	if home == "" {
		return b, nil
	}
	var under bool
	err = db.db.QueryRowContext(ctx, "SELECT EXISTS (SELECT 1 FROM pages WHERE space_id = ? AND parent_id = ? AND "+live+")", space, home).Scan(&under)
	if err != nil {
		return branch{}, fmt.Errorf("find pages under home %s: %w", home, err)
	}
	if under {
		b.parents = append(b.parents, home)
	}
	return b, nil
}

// where is the condition for one parent's range, and its arguments.
func (b branch) where(parent store.DocID) (string, []any) {
	return "space_id = ? AND parent_id = ? AND " + live + " AND id != ?", []any{b.space, parent, b.home}
}

// count counts the rows of the branch, or with before those that sort
// before a position and ID.
func (b branch) count(before ...any) (string, []any) {
	var parts []string
	var args []any
	for _, p := range b.parents {
		w, a := b.where(p)
		if len(before) > 0 {
			w += " AND (position, id) < (?, ?)"
			a = append(a, before...)
		}
		parts = append(parts, "(SELECT count(*) FROM pages WHERE "+w+")")
		args = append(args, a...)
	}
	return "SELECT " + strings.Join(parts, " + "), args
}

// window finds a window of the branch on the index alone (two ranges are
// merged in order, not sorted), then reads only its rows.
func (b branch) window(limit, offset int) (string, []any) {
	var parts []string
	var args []any
	for _, p := range b.parents {
		w, a := b.where(p)
		parts = append(parts, "SELECT id, position FROM pages WHERE "+w)
		args = append(args, a...)
	}
	return `SELECT ` + treeColumns + ` FROM (
			` + strings.Join(parts, " UNION ALL ") + ` ORDER BY position, id LIMIT ? OFFSET ?
		) w JOIN pages p ON p.id = w.id JOIN docs d ON d.id = p.id`, append(args, limit, offset)
}

// parentsSQL lists every parent of a live page of space ?1, stepping
// through the index from one parent to the next, with that parent's own
// parent when it is a live page of the space (NULL when it is not).
const parentsSQL = `
		WITH RECURSIVE ps(p) AS (
			SELECT (SELECT min(parent_id) FROM pages WHERE space_id = ?1 AND parent_id > '' AND ` + live + `)
			UNION ALL
			SELECT (SELECT min(parent_id) FROM pages WHERE space_id = ?1 AND parent_id > ps.p AND ` + live + `)
			FROM ps WHERE ps.p IS NOT NULL
		)
		SELECT ps.p, q.parent_id FROM ps
		LEFT JOIN pages q ON q.id = ps.p AND q.space_id = ?1 AND q.deleted_at = 0 AND q.is_template = 0
		WHERE ps.p IS NOT NULL`

// FindBranch returns a window of a branch of the tree.
func (db *DB) FindBranch(ctx context.Context, space, parent store.DocID, offset, limit int) (*store.Branch, error) {
	if parent != "" {
		if err := parent.Validate(); err != nil {
			return nil, err
		}
		// A page's subpages are in its space, whatever the caller thought.
		err := db.db.QueryRowContext(ctx, "SELECT space_id FROM pages WHERE id = ?", parent).Scan(&space)
		if errors.Is(err, sql.ErrNoRows) {
			return &store.Branch{Offset: offset, Rows: []store.TreeRow{}}, nil
		}
		if err != nil {
			return nil, fmt.Errorf("find page %s: %w", parent, err)
		}
	} else if err := space.Validate(); err != nil {
		return nil, store.Errorf(store.EINVALID, "That is not a space.")
	}
	offset, limit = max(offset, 0), min(max(limit, 0), maxBranchRows)
	br, err := db.branchOf(ctx, space, parent)
	if err != nil {
		return nil, err
	}
	b := &store.Branch{Offset: offset, Rows: []store.TreeRow{}}
	q, args := br.count()
	if err := db.db.QueryRowContext(ctx, q, args...).Scan(&b.Total); err != nil {
		return nil, fmt.Errorf("count branch: %w", err)
	}
	if limit == 0 || offset >= b.Total {
		return b, nil
	}
	q, args = br.window(limit, offset)
	rows, err := db.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("read branch: %w", err)
	}
	if b.Rows, err = scanTreeRows(rows); err != nil {
		return nil, err
	}
	sortRows(b.Rows)
	return b, nil
}

// FindTreeRows reads the rows of live pages by ID.
func (db *DB) FindTreeRows(ctx context.Context, ids []store.DocID) ([]store.TreeRow, error) {
	out := []store.TreeRow{}
	for chunk := range slices.Chunk(ids, 500) {
		args := make([]any, 0, len(chunk))
		for _, id := range chunk {
			if id.Validate() == nil {
				args = append(args, id)
			}
		}
		if len(args) == 0 {
			continue
		}
		rows, err := db.db.QueryContext(ctx, `
			SELECT `+treeColumns+` FROM pages p JOIN docs d ON d.id = p.id
			WHERE p.id IN (?`+strings.Repeat(", ?", len(args)-1)+`) AND p.deleted_at = 0 AND p.is_template = 0`, args...)
		if err != nil {
			return nil, fmt.Errorf("read tree rows: %w", err)
		}
		rs, err := scanTreeRows(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, rs...)
	}
	return out, nil
}

// CountSpacePages counts the live pages of a space, its home among them.
func (db *DB) CountSpacePages(ctx context.Context, space store.DocID) (int, error) {
	if err := space.Validate(); err != nil {
		return 0, store.Errorf(store.EINVALID, "That is not a space.")
	}
	var n int
	err := db.db.QueryRowContext(ctx, "SELECT count(*) FROM pages WHERE space_id = ? AND "+live, space).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("count pages of %s: %w", space, err)
	}
	return n, nil
}

// FindStrays finds the pages shown at the top of a space although they
// have a parent. It reads each page that has subpages once, stepping
// through the index from one parent to the next, not every page.
func (db *DB) FindStrays(ctx context.Context, space store.DocID) ([]store.TreeRow, error) {
	if err := space.Validate(); err != nil {
		return nil, store.Errorf(store.EINVALID, "That is not a space.")
	}
	home, err := db.homeOf(ctx, space)
	if err != nil {
		return nil, err
	}
	rows, err := db.db.QueryContext(ctx, parentsSQL, space)
	if err != nil {
		return nil, fmt.Errorf("find parents of %s: %w", space, err)
	}
	parentOf := map[store.DocID]store.DocID{} // live parents and where they hang
	var missing []store.DocID                 // parents that are not live pages of the space
	for rows.Next() {
		var p store.DocID
		var pp sql.NullString
		if err := rows.Scan(&p, &pp); err != nil {
			rows.Close()
			return nil, fmt.Errorf("find parents of %s: %w", space, err)
		}
		switch {
		case p == home:
		case pp.Valid:
			parentOf[p] = store.DocID(pp.String)
		default:
			missing = append(missing, p)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("find parents of %s: %w", space, err)
	}
	var strays []store.DocID
	// Orphans: the subpages of a parent that is not there.
	for _, m := range missing {
		ids, err := db.queryIDs(ctx, "SELECT id FROM pages WHERE space_id = ? AND parent_id = ? AND "+live, space, m)
		if err != nil {
			return nil, err
		}
		strays = append(strays, ids...)
	}
	// Cycles: a page whose parents lead back to it and never to the top.
	// The smallest ID of each cycle goes to the top, as the tree always did.
	strays = append(strays, cycleBreakers(parentOf, home)...)
	if len(strays) == 0 {
		return []store.TreeRow{}, nil
	}
	rs, err := db.FindTreeRows(ctx, strays)
	if err != nil {
		return nil, err
	}
	sortRows(rs)
	return rs, nil
}

// cycleBreakers returns the smallest ID of each cycle in parentOf, which
// maps the pages that have subpages to their own parent.
func cycleBreakers(parentOf map[store.DocID]store.DocID, home store.DocID) []store.DocID {
	const (
		unseen = iota
		onPath
		done
	)
	state := map[store.DocID]int{}
	var out []store.DocID
	for _, start := range slices.Sorted(maps.Keys(parentOf)) {
		var path []store.DocID
		cur := start
		for {
			if state[cur] == done {
				break
			}
			if state[cur] == onPath {
				cycle := path[slices.Index(path, cur):]
				out = append(out, slices.Min(cycle))
				break
			}
			next, ok := parentOf[cur]
			if !ok || cur == home {
				break // the top, or a parent that is missing: the chain ends
			}
			state[cur] = onPath
			path = append(path, cur)
			cur = next
		}
		for _, p := range path {
			state[p] = done
		}
	}
	return out
}

func (db *DB) queryIDs(ctx context.Context, q string, args ...any) ([]store.DocID, error) {
	rows, err := db.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("find pages: %w", err)
	}
	defer rows.Close()
	var out []store.DocID
	for rows.Next() {
		var id store.DocID
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("find pages: %w", err)
		}
		out = append(out, id)
	}
	return out, rows.Err()
}

// FindTreePath walks up from a page to the top of its space, the way the
// tree shows it, and finds each step's index in its branch.
func (db *DB) FindTreePath(ctx context.Context, id store.DocID) (*store.TreePath, error) {
	if err := id.Validate(); err != nil {
		return nil, err
	}
	type node struct {
		space, parent store.DocID
		position      string
	}
	read := func(id store.DocID) (*node, error) {
		var n node
		err := db.db.QueryRowContext(ctx, "SELECT space_id, parent_id, position FROM pages WHERE id = ? AND "+live, id).Scan(&n.space, &n.parent, &n.position)
		if errors.Is(err, sql.ErrNoRows) {
			return nil, nil
		}
		if err != nil {
			return nil, fmt.Errorf("find page %s: %w", id, err)
		}
		return &n, nil
	}
	me, err := read(id)
	if err != nil {
		return nil, err
	}
	if me == nil {
		return nil, store.Errorf(store.ENOTFOUND, "This page is not in the tree: it is in the trash, a template, or gone.")
	}
	home, err := db.homeOf(ctx, me.space)
	if err != nil {
		return nil, err
	}
	path := &store.TreePath{Space: me.space, Steps: []store.TreeStep{}}
	if id == home {
		return path, nil
	}
	// Up from the page: chain[0] is the page, the last its top.
	chain, nodes := []store.DocID{id}, map[store.DocID]*node{id: me}
	stray := false
	for {
		cur := nodes[chain[len(chain)-1]]
		if cur.parent == "" || cur.parent == home {
			break
		}
		if i := slices.Index(chain, cur.parent); i >= 0 {
			// A cycle: it shows from its smallest ID down.
			top := slices.Index(chain, slices.Min(chain[i:]))
			chain, stray = chain[:top+1], true
			break
		}
		up, err := read(cur.parent)
		if err != nil {
			return nil, err
		}
		if up == nil || up.space != me.space {
			stray = true // its parent is not there: it shows at the top
			break
		}
		chain = append(chain, cur.parent)
		nodes[cur.parent] = up
	}
	slices.Reverse(chain)
	for i, x := range chain {
		st := store.TreeStep{ID: x}
		if i > 0 {
			st.Parent = chain[i-1]
		}
		if i == 0 && stray {
			strays, err := db.FindStrays(ctx, me.space)
			if err != nil {
				return nil, err
			}
			st.Stray = true
			st.Index = slices.IndexFunc(strays, func(r store.TreeRow) bool { return r.ID == x })
		} else {
			br, err := db.branchOf(ctx, me.space, st.Parent)
			if err != nil {
				return nil, err
			}
			q, args := br.count(nodes[x].position, x)
			err = db.db.QueryRowContext(ctx, q, args...).Scan(&st.Index)
			if err != nil {
				return nil, fmt.Errorf("find place of %s: %w", x, err)
			}
		}
		path.Steps = append(path.Steps, st)
	}
	return path, nil
}

// FindAncestors returns the page's summary after its ancestors', the top
// first, walking parent links at most store.MaxAncestors deep and
// stopping at a page already seen (two devices' concurrent moves can make
// a cycle).
func (db *DB) FindAncestors(ctx context.Context, id store.DocID) ([]store.PageSummary, error) {
	if err := id.Validate(); err != nil {
		return nil, err
	}
	var chain []store.PageSummary
	seen := map[store.DocID]bool{}
	for next := id; next != "" && !seen[next] && len(chain) <= store.MaxAncestors; {
		seen[next] = true
		ps, err := db.querySummaries(ctx, "SELECT "+summaryColumns+" FROM pages p JOIN docs d ON d.id = p.id WHERE p.id = ?", next)
		if err != nil {
			return nil, err
		}
		if len(ps) == 0 {
			if next == id {
				return nil, store.Errorf(store.ENOTFOUND, "There is no page %s.", id)
			}
			break // a missing parent: the page shows at the top
		}
		chain = append(chain, ps[0])
		next = ps[0].Parent
	}
	slices.Reverse(chain)
	return chain, nil
}

// FindTitles finds live pages by a part of their title, for [[ completion
// and pickers: a scan of the titles, which at 100,000 pages costs tens of
// milliseconds and reads no body.
func (db *DB) FindTitles(ctx context.Context, query string, limit int) ([]store.PageSummary, error) {
	if limit <= 0 || limit > 200 {
		limit = 200
	}
	esc := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(strings.TrimSpace(query))
	return db.querySummaries(ctx, "SELECT "+summaryColumns+` FROM pages p JOIN docs d ON d.id = p.id
		WHERE p.deleted_at = 0 AND NOT p.is_template AND p.title LIKE '%' || ?1 || '%' ESCAPE '\'
		ORDER BY p.title LIKE ?1 || '%' ESCAPE '\' DESC, length(p.title), p.title, p.id LIMIT ?2`, esc, limit)
}
