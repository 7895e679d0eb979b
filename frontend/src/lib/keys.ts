// The window's keyboard shortcuts: one table, which both the handlers
// (MainScreen, PageScreen, the sidebar tree) and the shortcut sheet read, so
// the sheet can never list a key that does nothing or miss one that works.

export type ShortcutId =
  | 'palette'
  | 'search'
  | 'new-page'
  | 'new-page-alt'
  | 'shortcuts'
  | 'close'
  | 'settings'
  | 'focus'
  | 'go-inbox'
  | 'go-reviews'
  | 'go-people'
  | 'go-goals'
  | 'go-scoreboard'
  | 'go-trash'
  | 'next-item'
  | 'prev-item'
  | 'new-item'
  | 'reply'
  | 'toggle-read'
  | 'comment'
  | 'comments-panel'
  | 'history'
  | 'tree-next'
  | 'tree-prev'
  | 'tree-collapse'
  | 'tree-expand'
  | 'space-up'
  | 'space-down';

export type ShortcutGroup = 'General' | 'Go to' | 'Lists and screens' | 'Page' | 'Sidebar';

export interface Shortcut {
  id: ShortcutId;
  /**
   * keys as pressed: "Mod+Alt+M" (Mod is Ctrl, or ⌘ on a Mac), "G I" for G
   * then I. A shortcut with neither Mod nor Alt never fires in a text field.
   */
  keys: string;
  label: string;
  group: ShortcutGroup;
  /**
   * How it is handled: 'app' by MainScreen; 'click' by pressing the button
   * on screen marked data-shortcut={id}, or focusing the field so marked;
   * 'page' by PageScreen; 'tree' by the sidebar's rows; 'dialog' by Modal.
   */
  by: 'app' | 'click' | 'page' | 'tree' | 'dialog';
}

export const shortcuts: readonly Shortcut[] = [
  { id: 'palette', keys: 'Mod+K', label: 'Search everything', group: 'General', by: 'app' },
  { id: 'search', keys: '/', label: 'Search everything', group: 'General', by: 'app' },
  { id: 'new-page', keys: 'Mod+N', label: 'New page', group: 'General', by: 'app' },
  { id: 'new-page-alt', keys: 'Alt+N', label: 'New page', group: 'General', by: 'app' },
  { id: 'focus', keys: 'Mod+Shift+F', label: 'Start or stop focus', group: 'General', by: 'click' },
  { id: 'settings', keys: 'Mod+,', label: 'Settings (clock and look)', group: 'General', by: 'app' },
  { id: 'shortcuts', keys: '?', label: 'Show shortcuts', group: 'General', by: 'app' },
  { id: 'close', keys: 'Esc', label: 'Close dialog or panel', group: 'General', by: 'dialog' },

  { id: 'go-inbox', keys: 'G I', label: 'Inbox', group: 'Go to', by: 'app' },
  { id: 'go-reviews', keys: 'G R', label: 'Needs review', group: 'Go to', by: 'app' },
  { id: 'go-people', keys: 'G P', label: 'People', group: 'Go to', by: 'app' },
  { id: 'go-goals', keys: 'G O', label: 'Goals', group: 'Go to', by: 'app' },
  { id: 'go-scoreboard', keys: 'G S', label: 'Scoreboard', group: 'Go to', by: 'app' },
  { id: 'go-trash', keys: 'G T', label: 'Trash', group: 'Go to', by: 'app' },

  { id: 'next-item', keys: 'J', label: 'Next item (inbox, posts, goals, people, reviews)', group: 'Lists and screens', by: 'app' },
  { id: 'prev-item', keys: 'K', label: 'Previous item', group: 'Lists and screens', by: 'app' },
  { id: 'new-item', keys: 'N', label: 'New post, goal or person, on its screen', group: 'Lists and screens', by: 'click' },
  { id: 'reply', keys: 'R', label: 'Reply in a thread or a chat', group: 'Lists and screens', by: 'click' },

  { id: 'toggle-read', keys: 'Mod+E', label: 'Read / Edit page', group: 'Page', by: 'app' },
  { id: 'comment', keys: 'Mod+Alt+M', label: 'Comment on the selection (Read or Edit)', group: 'Page', by: 'page' },
  { id: 'comments-panel', keys: 'Mod+Shift+M', label: 'Show or hide comments', group: 'Page', by: 'click' },
  { id: 'history', keys: 'Mod+Shift+H', label: 'Show or hide version history', group: 'Page', by: 'click' },

  { id: 'tree-next', keys: '↓', label: 'Next item', group: 'Sidebar', by: 'tree' },
  { id: 'tree-prev', keys: '↑', label: 'Previous item', group: 'Sidebar', by: 'tree' },
  { id: 'tree-collapse', keys: '←', label: 'Collapse', group: 'Sidebar', by: 'tree' },
  { id: 'tree-expand', keys: '→', label: 'Expand', group: 'Sidebar', by: 'tree' },
  { id: 'space-up', keys: 'Alt+↑', label: 'Move a space up', group: 'Sidebar', by: 'tree' },
  { id: 'space-down', keys: 'Alt+↓', label: 'Move a space down', group: 'Sidebar', by: 'tree' },
];

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

/** keyCaps is a shortcut's keys as the sheet shows them, one cap each, a sequence's steps apart. */
export function keyCaps(s: Shortcut): string[][] {
  return s.keys.split(' ').map((step) => (step.length > 1 && step.includes('+') ? step.split(/\+(?=.)/) : [step]).map((k) => (k === 'Mod' ? modLabel : k)));
}

interface Chord {
  mod: boolean;
  alt: boolean;
  shift: boolean;
  key: string;
}

function chord(step: string): Chord {
  const parts = step.split(/\+(?=.)/);
  const key = parts[parts.length - 1];
  return { mod: parts.includes('Mod'), alt: parts.includes('Alt'), shift: parts.includes('Shift'), key: key.length === 1 ? key.toLowerCase() : key };
}

const arrows: Record<string, string> = { '↑': 'ArrowUp', '↓': 'ArrowDown', '←': 'ArrowLeft', '→': 'ArrowRight', Esc: 'Escape' };

function pressed(e: KeyLike, c: Chord, mac: boolean): boolean {
  const mod = mac ? e.metaKey && !e.ctrlKey : e.ctrlKey && !e.metaKey;
  const other = mac ? e.ctrlKey : e.metaKey;
  if (mod !== c.mod || other || e.altKey !== c.alt) return false;
  if (/^[a-z]$/.test(c.key)) {
    // By the key's place as well, for a Mac's Alt+N that types ˜.
    if (e.code !== `Key${c.key.toUpperCase()}` && e.key.toLowerCase() !== c.key) return false;
    return e.shiftKey === c.shift;
  }
  // A sign is what the key types, whatever Shift it takes ("?" is Shift+/).
  return e.key === (arrows[c.key] ?? c.key) && (c.key.length === 1 || e.shiftKey === c.shift);
}

const steps = new Map(shortcuts.map((s) => [s.id, s.keys.split(' ').map(chord)]));

/** typingIn tells whether a key event goes to a field that takes text. */
export function typingIn(target: EventTarget | null | undefined): boolean {
  if (!target || typeof (target as Element).closest !== 'function') return false;
  const el = target as HTMLElement;
  // Any field that takes text, however its editability is spelled (CodeMirror, plaintext-only).
  return el.isContentEditable === true || el.closest('input, textarea, select, [contenteditable]:not([contenteditable="false"])') !== null;
}

/** matches tells whether a key event is a one-step shortcut. */
export function matches(e: KeyLike, id: ShortcutId, mac = isMac): boolean {
  const s = steps.get(id);
  return s !== undefined && s.length === 1 && pressed(e, s[0], mac);
}

const bare = (c: Chord) => !c.mod && !c.alt;

/**
 * Keys reads key events into the shortcuts of the table handled as 'app' or
 * 'click', following two-key sequences (G then I). Keys without Mod or Alt
 * are never taken from a field that takes text.
 */
export class Keys {
  private pending: ShortcutId[] = [];
  private at = 0;

  constructor(
    private readonly mac = isMac,
    private readonly now: () => number = Date.now,
  ) {}

  /** next is the shortcut a key event completes, 'pending' when it starts a sequence, or null. */
  next(e: KeyLike): ShortcutId | 'pending' | null {
    if (['Shift', 'Control', 'Alt', 'Meta'].includes(e.key)) return this.pending.length ? 'pending' : null;
    const typing = typingIn(e.target);
    const waiting = this.pending.length > 0 && this.now() - this.at < 1500;
    const candidates = waiting ? this.pending : shortcuts.filter((s) => s.by === 'app' || s.by === 'click').map((s) => s.id);
    const step = waiting ? 1 : 0;
    this.pending = [];
    const hits = candidates.filter((id) => {
      const c = (steps.get(id) ?? [])[step];
      return c !== undefined && !(typing && bare(c)) && pressed(e, c, this.mac);
    });
    const done = hits.find((id) => (steps.get(id) ?? []).length === step + 1);
    if (done) return done;
    if (hits.length) {
      this.pending = hits;
      this.at = this.now();
      return 'pending';
    }
    return null;
  }
}
