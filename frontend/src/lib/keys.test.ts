// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { keyCaps, Keys, matches, shortcuts, type KeyLike } from './keys';

const k = (key: string, mods: Partial<KeyLike> = {}): KeyLike => ({ key, ctrlKey: false, metaKey: false, altKey: false, shiftKey: false, ...mods });
const one = (e: KeyLike, mac = false) => new Keys(mac).next(e);

describe('Keys', () => {
  it('maps the primary modifier per platform', () => {
    expect(one(k('k', { ctrlKey: true }))).toBe('palette');
    expect(one(k('k', { metaKey: true }), true)).toBe('palette');
    expect(one(k('k', { ctrlKey: true }), true)).toBeNull();
    expect(one(k('N', { ctrlKey: true }))).toBe('new-page');
  });
  it('toggles Read / Edit with Ctrl/Cmd+E, even while typing', () => {
    document.body.innerHTML = '<textarea></textarea>';
    const target = document.querySelector('textarea');
    expect(one(k('e', { ctrlKey: true, target }))).toBe('toggle-read');
    expect(one(k('E', { metaKey: true }), true)).toBe('toggle-read');
    expect(one(k('e', { ctrlKey: true, shiftKey: true }))).toBeNull();
    expect(one(k('e'))).toBeNull();
  });
  it('accepts Alt+N by key code (macOS types ˜)', () => {
    expect(one(k('˜', { altKey: true, code: 'KeyN' }), true)).toBe('new-page-alt');
  });
  it('opens search with / and the sheet with ? outside inputs', () => {
    expect(one(k('/'))).toBe('search');
    expect(one(k('?', { shiftKey: true }))).toBe('shortcuts');
  });
  it('follows G then a letter, and forgets a G left alone', () => {
    let t = 0;
    const keys = new Keys(false, () => t);
    expect(keys.next(k('g'))).toBe('pending');
    expect(keys.next(k('Shift'))).toBe('pending');
    expect(keys.next(k('i'))).toBe('go-inbox');
    expect(keys.next(k('i'))).toBeNull();
    expect(keys.next(k('g'))).toBe('pending');
    t = 5000;
    expect(keys.next(k('p'))).toBeNull();
    expect(keys.next(k('g'))).toBe('pending');
    expect(keys.next(k('x'))).toBeNull();
    expect(keys.next(k('j'))).toBe('next-item');
  });
  it('never takes a bare key from a field that takes text', () => {
    const fields = ['<input>', '<textarea></textarea>', '<div contenteditable="true"><p>x</p></div>', '<div contenteditable="plaintext-only"></div>', '<div contenteditable=""></div>'];
    for (const html of fields) {
      document.body.innerHTML = html;
      const el = (document.body.querySelector('p') ?? document.body.firstElementChild) as Element;
      for (const key of ['?', '/', 'g', 'j', 'n', 'r']) expect(one(k(key, { shiftKey: key === '?', target: el })), `${key} in ${html}`).toBeNull();
      expect(one(k('k', { ctrlKey: true, target: el }))).toBe('palette');
    }
    document.body.innerHTML = '<div contenteditable="false"><button>b</button></div>';
    expect(one(k('?', { shiftKey: true, target: document.querySelector('button') }))).toBe('shortcuts');
  });
  it('matches one-step shortcuts handled elsewhere', () => {
    expect(matches(k('m', { ctrlKey: true, altKey: true }), 'comment', false)).toBe(true);
    expect(matches(k('µ', { metaKey: true, altKey: true, code: 'KeyM' }), 'comment', true)).toBe(true);
    expect(matches(k('m', { ctrlKey: true, altKey: true, shiftKey: true }), 'comment', false)).toBe(false);
    expect(matches(k('ArrowUp', { altKey: true }), 'space-up', false)).toBe(true);
  });
});

describe('the table', () => {
  it('gives every shortcut its own keys, written as caps', () => {
    const seen = new Set<string>();
    for (const s of shortcuts) {
      expect(seen.has(s.keys), s.keys).toBe(false);
      seen.add(s.keys);
      expect(s.label).not.toBe('');
    }
    expect(keyCaps(shortcuts.find((s) => s.id === 'go-inbox')!)).toEqual([['G'], ['I']]);
    expect(keyCaps(shortcuts.find((s) => s.id === 'settings')!)).toEqual([['Ctrl', ',']]);
  });
});
