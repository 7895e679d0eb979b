// The page (or space) being dragged in the sidebar and where it would land.
import type { DropZone } from '../../lib/tree/tree';

export const drag = $state<{ id: string | null; spaceId: string | null; over: string | null; zone: DropZone | 'space' | null }>({
  id: null,
  spaceId: null,
  over: null,
  zone: null,
});

export function endDrag(): void {
  drag.id = null;
  drag.spaceId = null;
  drag.over = null;
  drag.zone = null;
}

/** focusSibling moves focus to the previous or next focusable row of the sidebar tree. */
export function focusSibling(from: HTMLElement, delta: 1 | -1): void {
  const nav = from.closest('nav');
  if (!nav) return;
  const items = Array.from(nav.querySelectorAll<HTMLElement>('[data-tree-focus]'));
  const i = items.indexOf(from);
  items[i + delta]?.focus();
}
