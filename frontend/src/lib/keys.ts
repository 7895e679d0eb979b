// Global keyboard shortcuts, as a pure mapping from a key event to a command.

export type Command = 'palette' | 'new-page' | 'toggle-read' | 'shortcuts' | 'close';

export interface KeyLike {
  key: string;
  code?: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
  target?: EventTarget | null;
}

export const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform || navigator.userAgent);

/** modLabel is how the primary modifier is written on this platform. */
export const modLabel = isMac ? '⌘' : 'Ctrl';

function typingIn(target: EventTarget | null | undefined): boolean {
  if (!target || typeof (target as Element).closest !== 'function') return false;
  const el = target as HTMLElement;
  // Any field that takes text, however its editability is spelled (CodeMirror, plaintext-only).
  return el.isContentEditable === true || el.closest('input, textarea, select, [contenteditable]:not([contenteditable="false"])') !== null;
}

/** commandFor maps a keydown to a command, or null. */
export function commandFor(e: KeyLike, mac = isMac): Command | null {
  const mod = mac ? e.metaKey && !e.ctrlKey : e.ctrlKey && !e.metaKey;
  const key = e.key.length === 1 ? e.key.toLowerCase() : e.key;
  if (mod && !e.altKey && key === 'k') return 'palette';
  if (mod && !e.altKey && !e.shiftKey && key === 'n') return 'new-page';
  if (mod && !e.altKey && !e.shiftKey && key === 'e') return 'toggle-read';
  if (e.altKey && !e.ctrlKey && !e.metaKey && (e.code === 'KeyN' || key === 'n')) return 'new-page';
  if (e.key === 'Escape') return 'close';
  if (!mod && !e.altKey && !typingIn(e.target)) {
    if (e.key === '/') return 'palette';
    if (e.key === '?') return 'shortcuts';
  }
  return null;
}
