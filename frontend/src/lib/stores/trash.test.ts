import { describe, expect, it } from 'vitest';
import type { PageSummary, SpaceView } from '../api/types';
import { trashEntries } from './trash';

const page = (id: string, spaceId: string): PageSummary => ({ id, title: id, excerpt: '', spaceId, updatedAt: '', deletedAt: '2026-01-01T00:00:00Z', damaged: '' });
const space = (id: string): SpaceView => ({ id, name: id, description: '', icon: '📁', homeId: `h-${id}`, deletedAt: '2026-01-01T00:00:00Z' });

describe('trashEntries', () => {
  it('lists a trashed space once, counting its pages, and pages of live spaces on their own', () => {
    const t = trashEntries([page('a', 'gone'), page('b', 'gone'), page('c', 'live')], [space('gone')]);
    expect(t.spaces.map((s) => s.id)).toEqual(['gone']);
    expect(t.pages.map((p) => p.id)).toEqual(['c']);
    expect(t.pageCounts).toEqual({ gone: 2 });
    expect(t.count).toBe(2);
  });
  it('shows every page when no space is in the trash', () => {
    const t = trashEntries([page('a', 's'), page('b', 's')], []);
    expect(t.pages.length).toBe(2);
    expect(t.count).toBe(2);
  });
});
