import { describe, expect, it } from 'vitest';
import { checkImage, imageMarkdown } from './attachText';

describe('imageMarkdown', () => {
  it('makes alt text from the file name', () => {
    const ref = `attachment:${'a'.repeat(64)}`;
    expect(imageMarkdown('Screen Shot 2026.png', ref)).toBe(`![Screen Shot 2026](${ref})`);
    expect(imageMarkdown('a]b[c\\d.jpeg', ref)).toBe(`![a b c d](${ref})`);
    expect(imageMarkdown('', ref)).toBe(`![image](${ref})`);
    expect(imageMarkdown('line\nbreak.gif', ref)).toBe(`![line break](${ref})`);
  });
});

describe('checkImage', () => {
  it('lets raster images through and refuses the rest', () => {
    expect(checkImage({ name: 'a.png', type: 'image/png', size: 10 })).toBeNull();
    expect(checkImage({ name: 'a.webp', type: 'image/webp', size: 10 })).toBeNull();
    expect(checkImage({ name: 'a.svg', type: 'image/svg+xml', size: 10 })).toContain('not a PNG');
    expect(checkImage({ name: 'big.jpg', type: 'image/jpeg', size: 11 * 1024 * 1024 })).toContain('at most 10 MB');
    expect(checkImage({ name: 'e.gif', type: 'image/gif', size: 0 })).toContain('empty');
  });
});
