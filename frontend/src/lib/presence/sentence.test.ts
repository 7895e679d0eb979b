import { describe, expect, it } from 'vitest';
import { presenceSentence } from './sentence';

describe('presenceSentence', () => {
  it('names one, two, three, and counts the rest', () => {
    expect(presenceSentence([])).toBe('');
    expect(presenceSentence(['Ana Alves'])).toBe('Ana Alves has this page open');
    expect(presenceSentence(['Ana Alves', 'Bo Berg'])).toBe('Ana Alves and Bo Berg have this page open');
    expect(presenceSentence(['Ana', 'Bo', 'Cy'])).toBe('Ana, Bo and Cy have this page open');
    expect(presenceSentence(['Ana', 'Bo', 'Cy', 'Di', 'Ed'])).toBe('Ana, Bo and 3 others have this page open');
  });
});
