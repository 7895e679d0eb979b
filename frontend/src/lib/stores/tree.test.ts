// The tree store against a fake client whose answers arrive when the test
// says: an answer asked for before a change must not be stored over it.
import { get } from 'svelte/store';
import { describe, expect, it, vi } from 'vitest';
import type { PageChanged, TreeRowView } from '../api/types';

const row = (id: string, parentId = '', children = 0): TreeRowView => ({ id, title: id, spaceId: 's', parentId, position: id, children, updatedAt: '', damaged: '' });

const h = vi.hoisted(() => ({
  pages: [] as { id: string; parentId: string }[],
  held: [] as (() => void)[],
}));

vi.mock('../api/client', () => ({
  api: {
    // Each answer is read when it is asked for, and arrives when released.
    treeBranch: (_space: string, parentId: string, offset: number, limit: number) => {
      const ids = h.pages.filter((p) => p.parentId === parentId).map((p) => p.id);
      const answer = { total: ids.length, offset, rows: ids.slice(offset, offset + limit).map((id) => row(id, parentId)) };
      return new Promise((resolve) => h.held.push(() => resolve(answer)));
    },
    treeRows: async (ids: string[]) => ids.map((id) => row(id, '', h.pages.filter((p) => p.parentId === id).length)),
  },
}));
vi.mock('./toasts', () => ({ toasts: { error: () => {}, info: () => {} } }));

const { tree, applyPageChange, topKey } = await import('./tree');

const flush = () => new Promise((r) => setTimeout(r, 50));
async function releaseAll() {
  while (h.held.length) {
    h.held.shift()!();
    await flush();
  }
}

describe('tree', () => {
  it('shows a subpage created while its branch was loading', async () => {
    h.pages = [{ id: 'p', parentId: '' }];
    tree.ensure(topKey('s'));
    await releaseAll();
    tree.ensure('p'); // the branch opens: its answer is asked for now…
    h.pages.push({ id: 'c', parentId: 'p' }); // …and the subpage is made before it arrives
    applyPageChange({ kind: 'created', page: { id: 'c', title: 'c', spaceId: 's', parentId: 'p', position: 'c' }, origin: '', prevRev: '' } as unknown as PageChanged);
    await flush();
    await releaseAll();
    const b = get(tree).branches.get('p');
    expect(b?.total).toBe(1);
    expect(b?.ids).toEqual(['c']);
  });

  it('shows the title a page was renamed to while its branch was loading', async () => {
    h.pages = [{ id: 'q', parentId: '' }];
    tree.ensure(topKey('s2'));
    await releaseAll();
    tree.ensure('q'); // asked for while the subpage is still untitled…
    h.pages.push({ id: 'd', parentId: 'q' });
    applyPageChange({ kind: 'renamed', page: { id: 'd', title: 'Payment errors', spaceId: 's', parentId: 'q', position: 'd' }, origin: '', prevRev: '' } as unknown as PageChanged);
    await releaseAll();
    expect(get(tree).branches.get('q')?.ids).toEqual(['d']);
  });
});
