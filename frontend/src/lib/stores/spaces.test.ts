import { describe, expect, it } from 'vitest';
import type { SpaceView } from '../api/types';
import { withSpace } from './spaces';

const sp = (id: string, name = id): SpaceView => ({ id, name, description: '', icon: '📁', homeId: `h-${id}` });

describe('withSpace', () => {
  it('adds a new space at the end', () => {
    expect(withSpace([sp('a')], sp('b')).map((s) => s.id)).toEqual(['a', 'b']);
  });
  it('does not add a space twice (the reply and the event both bring it)', () => {
    const list = withSpace(withSpace([sp('a')], sp('b')), sp('b', 'B'));
    expect(list.map((s) => `${s.id}:${s.name}`)).toEqual(['a:a', 'b:B']);
  });
});
