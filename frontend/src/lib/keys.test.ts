// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { commandFor, type KeyLike } from './keys';

const k = (key: string, mods: Partial<KeyLike> = {}): KeyLike => ({ key, ctrlKey: false, metaKey: false, altKey: false, shiftKey: false, ...mods });

describe('commandFor', () => {
  it('maps the primary modifier per platform', () => {
    expect(commandFor(k('k', { ctrlKey: true }), false)).toBe('palette');
    expect(commandFor(k('k', { metaKey: true }), true)).toBe('palette');
    expect(commandFor(k('k', { ctrlKey: true }), true)).toBeNull();
    expect(commandFor(k('N', { ctrlKey: true, shiftKey: false }), false)).toBe('new-page');
  });
  it('toggles Read / Edit with Ctrl/Cmd+E, even while typing', () => {
    expect(commandFor(k('e', { ctrlKey: true }), false)).toBe('toggle-read');
    expect(commandFor(k('E', { metaKey: true }), true)).toBe('toggle-read');
    expect(commandFor(k('e', { ctrlKey: true, shiftKey: true }), false)).toBeNull();
    expect(commandFor(k('e', { ctrlKey: true }), true)).toBeNull();
    expect(commandFor(k('e'))).toBeNull();
  });
  it('accepts Alt+N by key code (macOS types ˜)', () => {
    expect(commandFor(k('˜', { altKey: true, code: 'KeyN' }), true)).toBe('new-page');
  });
  it('opens search with / and the sheet with ? outside inputs', () => {
    expect(commandFor(k('/'))).toBe('palette');
    expect(commandFor(k('?', { shiftKey: true }))).toBe('shortcuts');
  });
  it('never takes ? or / from a field that takes text', () => {
    const fields = ['<input>', '<textarea></textarea>', '<div contenteditable="true"><p>x</p></div>', '<div contenteditable="plaintext-only"></div>', '<div contenteditable=""></div>'];
    for (const html of fields) {
      document.body.innerHTML = html;
      const el = (document.body.querySelector('p') ?? document.body.firstElementChild) as Element;
      expect(commandFor(k('?', { shiftKey: true, target: el })), html).toBeNull();
      expect(commandFor(k('/', { target: el })), html).toBeNull();
    }
    document.body.innerHTML = '<div contenteditable="false"><button>b</button></div>';
    expect(commandFor(k('?', { shiftKey: true, target: document.querySelector('button') }))).toBe('shortcuts');
  });
});
