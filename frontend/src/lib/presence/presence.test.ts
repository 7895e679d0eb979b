import { describe, expect, it } from 'vitest';
import { presenceSentence } from './presence';

describe('presenceSentence', () => {
  it('names one, two, three, and counts the rest', () => {
    expect(presenceSentence([])).toBe('');
    expect(presenceSentence(['Ana Alves'])).toBe('Ana Alves has this page open');
    expect(presenceSentence(['Ana Alves', 'Bo Berg'])).toBe('Ana Alves and Bo Berg have this page open');
    expect(presenceSentence(['Ana', 'Bo', 'Cy'])).toBe('Ana, Bo and Cy have this page open');
    expect(presenceSentence(['Ana', 'Bo', 'Cy', 'Di', 'Ed'])).toBe('Ana, Bo and 3 others have this page open');
  });
});

describe('tellOpen', () => {
  it('says pages in the order they were opened, even when an answer is slow or fails', async () => {
    const { tellOpen } = await import('./presence');
    const got: string[] = [];
    const open = (id: string) =>
      new Promise<void>((resolve, reject) => setTimeout(() => { got.push(id); if (id === 'bad') reject(new Error('no')); else resolve(); }, id === 'a' ? 20 : 0));
    tellOpen('a', open);
    tellOpen('bad', open);
    tellOpen('', open);
    await tellOpen('b', open);
    expect(got).toEqual(['a', 'bad', '', 'b']);
  });
});
