import { describe, expect, it } from 'vitest';
import { resolve } from './theme';

describe('theme', () => {
  it('follows the system unless a theme is chosen', () => {
    expect(resolve('system', true)).toBe('dark');
    expect(resolve('system', false)).toBe('light');
    expect(resolve('light', true)).toBe('light');
    expect(resolve('dark', false)).toBe('dark');
  });
});
