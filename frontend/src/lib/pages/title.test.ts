import { describe, expect, it, vi } from 'vitest';
import { createTitleSaver } from './title';

describe('createTitleSaver', () => {
  it('debounces typing and saves at once on commit', async () => {
    vi.useFakeTimers();
    const sent: string[] = [];
    const s = createTitleSaver(async (t) => {
      sent.push(t);
      return true;
    }, 600);
    s.saved('A');
    s.input('Ab');
    s.input('Abc');
    await vi.advanceTimersByTimeAsync(300);
    expect(sent).toEqual([]);
    await vi.advanceTimersByTimeAsync(400);
    expect(sent).toEqual(['Abc']);
    s.input('Abcd');
    await s.commit();
    expect(sent).toEqual(['Abc', 'Abcd']);
    await s.commit();
    s.input('Abcd');
    await s.commit();
    expect(sent).toEqual(['Abc', 'Abcd']);
    vi.useRealTimers();
  });
});
