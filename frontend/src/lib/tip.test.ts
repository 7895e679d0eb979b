// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { hide, hoverDelay, place, tip, tipId } from './tip';

const rect = (left: number, top: number, width: number, height: number) => ({ left, top, width, height, right: left + width, bottom: top + height }) as DOMRect;

describe('place', () => {
  const view = { width: 800, height: 600 };
  it('centres the tip under its element', () => {
    expect(place(rect(100, 100, 40, 20), { width: 60, height: 20 }, view)).toEqual({ x: 90, y: 126, above: false });
  });
  it('flips above at the bottom edge and stays inside at the sides', () => {
    expect(place(rect(780, 580, 20, 20), { width: 100, height: 20 }, view)).toEqual({ x: 694, y: 554, above: true });
    expect(place(rect(0, 10, 10, 10), { width: 100, height: 20 }, view).x).toBe(6);
  });
});

describe('use:tip', () => {
  afterEach(() => {
    hide();
    document.body.innerHTML = '';
    vi.useRealTimers();
  });
  it('names an icon button, describes a labelled one, and goes with its element', () => {
    vi.useFakeTimers();
    document.body.innerHTML = '<button id="icon"></button><button id="text">Save</button>';
    const icon = document.getElementById('icon') as HTMLElement;
    const text = document.getElementById('text') as HTMLElement;
    tip(icon, 'Sync now');
    const action = tip(text, 'Save the page');
    expect(icon.getAttribute('aria-label')).toBe('Sync now');
    expect(text.hasAttribute('aria-label')).toBe(false);

    text.dispatchEvent(new Event('pointerover', { bubbles: true }));
    const el = () => document.getElementById(tipId) as HTMLElement | null;
    expect(el()?.hidden ?? true).toBe(true);
    vi.advanceTimersByTime(hoverDelay);
    expect(el()?.hidden).toBe(false);
    expect(el()?.textContent).toBe('Save the page');
    expect(text.getAttribute('aria-describedby')).toBe(tipId);

    action.destroy();
    text.remove();
    expect(el()?.hidden).toBe(true);
    expect(text.hasAttribute('aria-describedby')).toBe(false);
  });
});
