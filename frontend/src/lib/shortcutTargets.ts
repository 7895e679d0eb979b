// What the shortcuts of the table that act on the screen act on: the
// screens mark their buttons, fields and list items, and these find them,
// so a screen gains a shortcut by marking an element, not with a handler.
import type { ShortcutId } from './keys';

function visible(el: HTMLElement): boolean {
  return el.isConnected && !el.closest('[hidden], [inert]') && el.getClientRects().length > 0;
}

/**
 * clickMarked presses the button marked data-shortcut={id}, or puts the
 * keyboard in the field so marked; the one in the open screen wins over one
 * in the sidebar. It tells whether there was one.
 */
export function clickMarked(id: ShortcutId): boolean {
  const all = [...document.querySelectorAll<HTMLElement>(`[data-shortcut="${id}"]`)].filter(visible);
  const el = all.find((e) => e.closest('main')) ?? all[0];
  if (!el || (el as HTMLButtonElement).disabled) return false;
  if (el.matches('input, textarea, [contenteditable]')) el.focus();
  else {
    const field = el.querySelector<HTMLElement>('textarea, input, [contenteditable="true"]');
    if (field) field.focus();
    else el.click();
  }
  // A button that opens a menu hands the keyboard to its first item.
  if (el.getAttribute('aria-haspopup') === 'menu') {
    requestAnimationFrame(() => el.parentElement?.querySelector<HTMLElement>('[role=menuitem]')?.focus());
  }
  return true;
}

/** stepItem moves the keyboard to the next (1) or previous (-1) item of the list on screen. */
export function stepItem(dir: 1 | -1): boolean {
  const items = [...document.querySelectorAll<HTMLElement>('main [data-nav-item]')].filter(visible);
  if (!items.length) return false;
  const at = items.findIndex((el) => el.contains(document.activeElement));
  const next = items[at < 0 ? (dir > 0 ? 0 : items.length - 1) : Math.max(0, Math.min(items.length - 1, at + dir))];
  next.focus();
  next.scrollIntoView({ block: 'nearest' });
  return true;
}
