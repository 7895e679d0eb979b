// What the trash shows: spaces in the trash, each standing for the pages
// that went there with it, and the pages trashed on their own.
import { derived } from 'svelte/store';
import type { PageSummary, SpaceView } from '../api/types';
import { pages } from './pages';
import { spaces } from './spaces';

export interface TrashEntries {
  spaces: SpaceView[];
  /** Pages in the trash whose space is not: those of a trashed space come back with it. */
  pages: PageSummary[];
  /** How many trashed pages each trashed space holds. */
  pageCounts: Record<string, number>;
  /** What the sidebar's count shows: spaces plus pages listed on their own. */
  count: number;
}

export function trashEntries(trashedPages: readonly PageSummary[], trashedSpaces: readonly SpaceView[]): TrashEntries {
  const gone = new Set(trashedSpaces.map((s) => s.id));
  const pageCounts: Record<string, number> = {};
  const shown: PageSummary[] = [];
  for (const p of trashedPages) {
    const sp = p.spaceId ?? '';
    if (gone.has(sp)) pageCounts[sp] = (pageCounts[sp] ?? 0) + 1;
    else shown.push(p);
  }
  return { spaces: [...trashedSpaces], pages: shown, pageCounts, count: trashedSpaces.length + shown.length };
}

export const trash = derived([pages, spaces], ([$pages, $spaces]) => trashEntries($pages.trash, $spaces.trash));
