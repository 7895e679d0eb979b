// The formatting commands' names, keys and toolbar state, without the
// editor: the toolbar, the shortcut sheet and the page screen show them
// before the editor (CodeMirror, loaded when a page first opens) is there.
import { isMac } from '../keys';

export type InlineKind = 'bold' | 'italic' | 'strike' | 'code';
export type BlockKind = 'paragraph' | 'h1' | 'h2' | 'h3' | 'bullet' | 'ordered' | 'task' | 'quote';
export type InsertKind = 'codeblock' | 'table' | 'rule';
export type FormatCommand = InlineKind | BlockKind | InsertKind | 'link';

/** FormatState is what the selection is, for the toolbar's pressed buttons. */
export interface FormatState {
  bold: boolean;
  italic: boolean;
  strike: boolean;
  code: boolean;
  link: boolean;
  /** block is the kind of the line with the cursor ('h4'… for smaller headings, 'codeblock' inside a fence). */
  block: BlockKind | 'h4' | 'h5' | 'h6' | 'codeblock';
}

export const noFormat: FormatState = { bold: false, italic: false, strike: false, code: false, link: false, block: 'paragraph' };

export interface Shortcut {
  command: FormatCommand;
  key: string;
  label: string;
}

// Ctrl/Cmd+K is the palette and Ctrl/Cmd+E Read/Edit (lib/keys.ts takes
// them before the editor sees them), so the link and inline code keys are
// others: Ctrl+Alt+K, and Ctrl+Shift+E beside Notion's Ctrl+E.
export const shortcuts: Shortcut[] = [
  { command: 'bold', key: 'Mod-b', label: 'Bold' },
  { command: 'italic', key: 'Mod-i', label: 'Italic' },
  { command: 'strike', key: 'Mod-Shift-x', label: 'Strikethrough' },
  { command: 'code', key: 'Mod-Shift-e', label: 'Inline code' },
  { command: 'link', key: 'Mod-Alt-k', label: 'Link' },
  { command: 'paragraph', key: 'Mod-Alt-0', label: 'Plain text' },
  { command: 'h1', key: 'Mod-Alt-1', label: 'Heading 1' },
  { command: 'h2', key: 'Mod-Alt-2', label: 'Heading 2' },
  { command: 'h3', key: 'Mod-Alt-3', label: 'Heading 3' },
  { command: 'ordered', key: 'Mod-Shift-7', label: 'Numbered list' },
  { command: 'bullet', key: 'Mod-Shift-8', label: 'Bulleted list' },
  { command: 'task', key: 'Mod-Shift-9', label: 'Task list' },
];

/** keysOf writes a CodeMirror key name for people: "Mod-Shift-7" → ["Ctrl", "Shift", "7"] (⌘ ⇧ on a Mac). */
export function keysOf(key: string, mac = isMac): string[] {
  return key.split('-').map((k) => {
    if (k === 'Mod') return mac ? '⌘' : 'Ctrl';
    if (k === 'Alt') return mac ? '⌥' : 'Alt';
    if (k === 'Shift') return mac ? '⇧' : 'Shift';
    if (k === 'Enter') return mac ? '↩' : 'Enter';
    return k.length === 1 ? k.toUpperCase() : k;
  });
}

/** shortcutOf gives a command's keys for a tooltip ("Ctrl+B"), or ''. */
export function shortcutOf(cmd: FormatCommand, mac = isMac): string {
  const s = shortcuts.find((x) => x.command === cmd);
  return s ? keysOf(s.key, mac).join(mac ? '' : '+') : '';
}

/** toggleTaskKey is Ctrl/Cmd+Enter on a task's line, as in Notion; elsewhere the key does what it did. */
export const toggleTaskKey = 'Mod-Enter';
