import { ChangeSet, Text } from '@codemirror/state';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/errors';
import type { EditView, PageChanged, PageView, Splice } from '../api/types';
import { EditSession, type SaveState } from './session';
import { applySplices, textOf } from './splices';

interface Deferred<T> {
  resolve: (v: T) => void;
  reject: (e: unknown) => void;
}

/** A fake Go side whose calls finish when the test says so. */
class FakeGo {
  body: string;
  heads: string;
  edits: { baseHeads: string; splices: Splice[]; d: Deferred<EditView> }[] = [];
  opens: Deferred<PageView>[] = [];
  n = 0;

  constructor(body: string) {
    this.body = body;
    this.heads = 'h0';
  }

  api = {
    editPage: (_id: string, _client: string, baseHeads: string, splices: Splice[]) =>
      new Promise<EditView>((resolve, reject) => this.edits.push({ baseHeads, splices, d: { resolve, reject } })),
    openPage: () => new Promise<PageView>((resolve, reject) => this.opens.push({ resolve, reject })),
  };

  /** ack applies the oldest edit and answers it (not merged). */
  ack(): void {
    const e = this.edits.shift()!;
    this.body = applySplices(this.body, e.splices);
    this.heads = `h${++this.n}`;
    e.d.resolve({ heads: this.heads, merged: false, page: page(this.body) });
  }

  answerOpen(): void {
    const { id, title, updatedAt, deletedAt } = page(this.body);
    this.opens.shift()!.resolve({ id, title, updatedAt, deletedAt, createdAt: '', heads: this.heads, body: this.body });
  }
}

function page(body: string) {
  return { id: 'p1', title: 'T', excerpt: body.slice(0, 10), updatedAt: '', deletedAt: '' };
}

/** A stand-in editor: a Text the session dispatches into. */
class FakeEditor {
  doc: Text;
  applied: ChangeSet[] = [];
  constructor(s: string) {
    this.doc = textOf(s);
  }
  type(session: EditSession, spec: { from: number; to?: number; insert?: string }) {
    const cs = ChangeSet.of(spec, this.doc.length, '\n');
    this.doc = cs.apply(this.doc);
    session.local(cs);
  }
  apply = (cs: ChangeSet) => {
    this.applied.push(cs);
    this.doc = cs.apply(this.doc);
  };
}

const tick = () => new Promise((r) => setTimeout(r, 0));

function setup(body = 'hello') {
  const go = new FakeGo(body);
  const ed = new FakeEditor(body);
  const states: SaveState['kind'][] = [];
  const s = new EditSession({
    pageId: 'p1',
    clientId: 'me',
    heads: 'h0',
    body,
    api: go.api,
    apply: ed.apply,
    onState: (st) => states.push(st.kind),
    retryDelay: () => 0,
  });
  return { go, ed, s, states };
}

function edited(prevHeads: string, heads: string, splices: Splice[], origin = 'other'): PageChanged {
  return { kind: 'edited', page: page(''), origin, prevHeads, heads, splices };
}

describe('EditSession', () => {
  it('sends a local edit with the heads it has and takes the new heads', async () => {
    const { go, ed, s, states } = setup('hi 😀');
    ed.type(s, { from: 5, insert: '!' });
    expect(go.edits).toHaveLength(1);
    expect(go.edits[0].baseHeads).toBe('h0');
    expect(go.edits[0].splices).toEqual([{ pos: 4, del: 0, ins: '!' }]);
    go.ack();
    await tick();
    expect(s.heads).toBe('h1');
    expect(go.body).toBe('hi 😀!');
    expect(states).toEqual(['saving', 'saved']);
  });

  it('keeps one call in flight and sends the buffer as one batch', async () => {
    const { go, ed, s } = setup('');
    ed.type(s, { from: 0, insert: 'a' });
    ed.type(s, { from: 1, insert: 'b' });
    ed.type(s, { from: 2, insert: 'c' });
    expect(go.edits).toHaveLength(1);
    go.ack();
    await tick();
    expect(go.edits).toHaveLength(1);
    expect(go.edits[0].baseHeads).toBe('h1');
    expect(go.edits[0].splices).toEqual([{ pos: 1, del: 0, ins: 'bc' }]);
    go.ack();
    await tick();
    expect(go.body).toBe('abc');
    expect(s.busy).toBe(false);
  });

  it('applies a remote splice that follows its heads', () => {
    const { go, ed, s } = setup('a😀b');
    s.remote(edited('h0', 'h9', [{ pos: 2, del: 0, ins: '🎉' }]));
    expect(ed.doc.toString()).toBe('a😀🎉b');
    expect(s.heads).toBe('h9');
    expect(go.opens).toHaveLength(0);
  });

  it('ignores its own echo', async () => {
    const { go, ed, s } = setup('x');
    ed.type(s, { from: 1, insert: 'y' });
    go.ack();
    await tick();
    s.remote(edited('h0', 'h1', [{ pos: 1, del: 0, ins: 'y' }], 'me'));
    expect(ed.doc.toString()).toBe('xy');
    expect(ed.applied).toHaveLength(0);
    expect(go.opens).toHaveLength(0);
  });

  it('reloads when a remote change does not follow its heads', async () => {
    const { go, ed, s } = setup('one');
    go.body = 'one two';
    go.heads = 'h7';
    s.remote(edited('h5', 'h7', [{ pos: 3, del: 0, ins: ' two' }]));
    expect(go.opens).toHaveLength(1);
    go.answerOpen();
    await tick();
    expect(ed.doc.toString()).toBe('one two');
    expect(s.heads).toBe('h7');
  });

  it('waits for the queue before reloading, and keeps what was typed meanwhile', async () => {
    const { go, ed, s } = setup('abc');
    ed.type(s, { from: 3, insert: 'd' }); // in flight
    s.remote(edited('h0', 'hx', [{ pos: 0, del: 0, ins: 'Z' }]));
    expect(go.opens).toHaveLength(0);
    // Go got the other change first, so ours is merged.
    go.body = 'Zabc';
    const e = go.edits.shift()!;
    go.body = applySplices(go.body, [{ pos: 4, del: 0, ins: 'd' }]);
    go.heads = 'hm';
    e.d.resolve({ heads: 'hm', merged: true, page: page(go.body) });
    await tick();
    expect(go.opens).toHaveLength(1);
    ed.type(s, { from: 4, insert: 'e' }); // typed while reloading
    expect(go.edits).toHaveLength(0);
    go.answerOpen();
    await tick();
    expect(ed.doc.toString()).toBe('Zabcde');
    expect(go.edits).toHaveLength(1);
    expect(go.edits[0].baseHeads).toBe('hm');
    expect(go.edits[0].splices).toEqual([{ pos: 5, del: 0, ins: 'e' }]);
    go.ack();
    await tick();
    expect(go.body).toBe('Zabcde');
  });

  it('reloads after a merged edit', async () => {
    const { go, ed, s } = setup('12');
    ed.type(s, { from: 2, insert: '3' });
    const e = go.edits.shift()!;
    go.body = '0123';
    go.heads = 'hm';
    e.d.resolve({ heads: 'hm', merged: true, page: page(go.body) });
    await tick();
    expect(go.opens).toHaveLength(1);
    go.answerOpen();
    await tick();
    expect(ed.doc.toString()).toBe('0123');
    expect(s.heads).toBe('hm');
    expect(s.busy).toBe(false);
  });

  it('reloads and sends again after a conflict', async () => {
    const { go, ed, s } = setup('ab');
    ed.type(s, { from: 2, insert: 'c' });
    go.body = 'Xab';
    go.heads = 'h3';
    go.edits.shift()!.d.reject({ code: 'conflict', message: 'The page changed.' });
    await tick();
    go.answerOpen();
    await tick();
    expect(ed.doc.toString()).toBe('Xabc');
    expect(go.edits).toHaveLength(1);
    expect(go.edits[0].baseHeads).toBe('h3');
    expect(go.edits[0].splices).toEqual([{ pos: 3, del: 0, ins: 'c' }]);
  });

  it('reports an error and retries the same edit', async () => {
    const { go, ed, s, states } = setup('a');
    ed.type(s, { from: 1, insert: 'b' });
    go.edits.shift()!.d.reject(new ApiError('internal', 'Disk is full.'));
    await tick();
    expect(s.saveState).toEqual({ kind: 'error', code: 'internal', message: 'Disk is full.' });
    await tick();
    expect(go.edits).toHaveLength(1);
    expect(go.edits[0].splices).toEqual([{ pos: 1, del: 0, ins: 'b' }]);
    go.ack();
    await tick();
    expect(states.at(-1)).toBe('saved');
  });

  it('keeps sending after detach and tells when it is idle', async () => {
    const { go, ed, s } = setup('a');
    ed.type(s, { from: 1, insert: 'b' });
    ed.type(s, { from: 2, insert: 'c' });
    s.detach();
    let idle = false;
    void s.idle().then(() => (idle = true));
    go.ack();
    await tick();
    expect(idle).toBe(false);
    go.ack();
    await tick();
    expect(idle).toBe(true);
    expect(go.body).toBe('abc');
  });

  it('stops on not_found and keeps the text on screen', async () => {
    const { go, ed, s } = setup('a');
    ed.type(s, { from: 1, insert: 'b' });
    go.edits.shift()!.d.reject({ code: 'not_found', message: 'This page was deleted.' });
    await tick();
    expect(s.saveState).toMatchObject({ kind: 'error', message: 'This page was deleted.' });
    ed.type(s, { from: 2, insert: 'c' });
    expect(go.edits).toHaveLength(0);
    expect(ed.doc.toString()).toBe('abc');
  });

  it('reloads when remote splices do not fit', async () => {
    const { go, s } = setup('ab');
    s.remote(edited('h0', 'h1', [{ pos: 9, del: 0, ins: 'x' }]));
    expect(go.opens).toHaveLength(1);
  });
});
