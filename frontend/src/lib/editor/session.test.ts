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
  rev: string;
  edits: { baseRev: string; splices: Splice[]; d: Deferred<EditView> }[] = [];
  opens: Deferred<PageView>[] = [];
  n = 0;

  constructor(body: string) {
    this.body = body;
    this.rev = 'r0';
  }

  api = {
    editPage: (_id: string, _client: string, baseRev: string, splices: Splice[]) =>
      new Promise<EditView>((resolve, reject) => this.edits.push({ baseRev, splices, d: { resolve, reject } })),
    openPage: () => new Promise<PageView>((resolve, reject) => this.opens.push({ resolve, reject })),
  };

  /**
   * ack applies the oldest edit and answers it. An edit on an older
   * revision is answered as rebased; `transformed` is what Go applied then.
   */
  ack(transformed?: Splice[]): EditView {
    const e = this.edits.shift()!;
    const prevRev = this.rev;
    this.body = applySplices(this.body, transformed ?? e.splices);
    this.rev = `r${++this.n}`;
    const v = { prevRev, rev: this.rev, rebased: e.baseRev !== prevRev, page: page('') };
    e.d.resolve(v);
    return v;
  }

  /** other applies an edit from another window and returns its event. */
  other(splices: Splice[]): PageChanged {
    const prevRev = this.rev;
    this.body = applySplices(this.body, splices);
    this.rev = `r${++this.n}`;
    return edited(prevRev, this.rev, splices);
  }

  answerOpen(): void {
    const { id, title, updatedAt, deletedAt, damaged } = page(this.body);
    this.opens.shift()!.resolve({ id, title, updatedAt, deletedAt, damaged, createdAt: '', rev: this.rev, body: this.body });
  }
}

function page(body: string) {
  return { id: 'p1', title: 'T', excerpt: body.slice(0, 10), updatedAt: '', deletedAt: '', damaged: '' };
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
    rev: 'r0',
    body,
    api: go.api,
    apply: ed.apply,
    onState: (st) => states.push(st.kind),
    retryDelay: () => 0,
  });
  return { go, ed, s, states };
}

function edited(prevRev: string, rev: string, splices: Splice[], origin = 'other'): PageChanged {
  return { kind: 'edited', page: page(''), origin, prevRev, rev, splices };
}

describe('EditSession', () => {
  it('sends a local edit with the revision it has and takes the new one', async () => {
    const { go, ed, s, states } = setup('hi 😀');
    ed.type(s, { from: 5, insert: '!' });
    expect(go.edits).toHaveLength(1);
    expect(go.edits[0].baseRev).toBe('r0');
    expect(go.edits[0].splices).toEqual([{ pos: 4, del: 0, ins: '!' }]);
    go.ack();
    await tick();
    expect(s.rev).toBe('r1');
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
    expect(go.edits[0].baseRev).toBe('r1');
    expect(go.edits[0].splices).toEqual([{ pos: 1, del: 0, ins: 'bc' }]);
    go.ack();
    await tick();
    expect(go.body).toBe('abc');
    expect(s.busy).toBe(false);
  });

  it('applies a remote splice made on its revision', () => {
    const { go, ed, s } = setup('a😀b');
    s.remote(go.other([{ pos: 2, del: 0, ins: '🎉' }]));
    expect(ed.doc.toString()).toBe('a😀🎉b');
    expect(s.rev).toBe('r1');
    expect(go.opens).toHaveLength(0);
    // An edit without splices still moves the revision on.
    s.remote(go.other([]));
    expect(s.rev).toBe('r2');
    expect(go.opens).toHaveLength(0);
  });

  it('ignores its own echo and events it is already past', async () => {
    const { go, ed, s } = setup('x');
    ed.type(s, { from: 1, insert: 'y' });
    const v = go.ack();
    await tick();
    s.remote(edited(v.prevRev, v.rev, [{ pos: 1, del: 0, ins: 'y' }], 'me'));
    s.remote(edited('r0', 'r1', [{ pos: 1, del: 0, ins: 'y' }]));
    expect(ed.doc.toString()).toBe('xy');
    expect(ed.applied).toHaveLength(0);
    expect(go.opens).toHaveLength(0);
  });

  it('reloads when a remote change is not made on its revision (stale)', async () => {
    const { go, ed, s } = setup('one');
    go.other([{ pos: 3, del: 0, ins: ' two' }]); // missed
    s.remote(go.other([{ pos: 7, del: 0, ins: '!' }]));
    expect(go.opens).toHaveLength(1);
    go.answerOpen();
    await tick();
    expect(ed.doc.toString()).toBe('one two!');
    expect(s.rev).toBe('r2');
    expect(s.busy).toBe(false);
  });

  it('applies an edit Go made after its own, once its answer is in', async () => {
    const { go, ed, s } = setup('abc');
    ed.type(s, { from: 3, insert: 'd' }); // in flight
    go.ack(); // Go takes ours first (r1)…
    const ev = go.other([{ pos: 0, del: 0, ins: 'Z' }]); // …then theirs (r2),
    s.remote(ev); // whose event comes before our answer
    ed.type(s, { from: 4, insert: 'e' }); // typed meanwhile: buffered
    await tick();
    expect(go.opens).toHaveLength(0);
    expect(ed.doc.toString()).toBe('Zabcde');
    expect(s.rev).toBe('r2');
    expect(go.edits).toHaveLength(1);
    expect(go.edits[0].baseRev).toBe('r2');
    expect(go.edits[0].splices).toEqual([{ pos: 5, del: 0, ins: 'e' }]);
    go.ack();
    await tick();
    expect(go.body).toBe('Zabcde');
    expect(s.busy).toBe(false);
  });

  it('reloads after a rebased edit, and keeps what was typed meanwhile', async () => {
    const { go, ed, s } = setup('abc');
    ed.type(s, { from: 3, insert: 'd' }); // in flight on r0
    const ev = go.other([{ pos: 0, del: 0, ins: 'Z' }]); // Go takes theirs first (r1)
    s.remote(ev);
    const v = go.ack([{ pos: 4, del: 0, ins: 'd' }]); // ours, transformed (r2)
    expect(v.rebased).toBe(true);
    await tick();
    expect(go.opens).toHaveLength(1);
    ed.type(s, { from: 4, insert: 'e' }); // typed while reloading
    expect(go.edits).toHaveLength(0);
    go.answerOpen();
    await tick();
    expect(ed.doc.toString()).toBe('Zabcde');
    expect(s.rev).toBe('r2');
    expect(go.edits).toHaveLength(1);
    expect(go.edits[0].baseRev).toBe('r2');
    expect(go.edits[0].splices).toEqual([{ pos: 5, del: 0, ins: 'e' }]);
    go.ack();
    await tick();
    expect(go.body).toBe('Zabcde');
    expect(ed.doc.toString()).toBe(go.body);
  });

  it('reloads after a rebased edit even when it heard nothing', async () => {
    const { go, ed, s } = setup('12');
    ed.type(s, { from: 2, insert: '3' });
    go.other([{ pos: 0, del: 0, ins: '0' }]); // its event never came
    go.ack([{ pos: 3, del: 0, ins: '3' }]);
    await tick();
    expect(go.opens).toHaveLength(1);
    go.answerOpen();
    await tick();
    expect(ed.doc.toString()).toBe('0123');
    expect(s.rev).toBe('r2');
    expect(s.busy).toBe(false);
  });

  it('reloads and sends again after a conflict', async () => {
    const { go, ed, s } = setup('ab');
    ed.type(s, { from: 2, insert: 'c' });
    go.other([{ pos: 0, del: 0, ins: 'X' }]);
    go.edits.shift()!.d.reject(new Error(JSON.stringify({ code: 'conflict', message: 'The page changed.' })));
    await tick();
    go.answerOpen();
    await tick();
    expect(ed.doc.toString()).toBe('Xabc');
    expect(go.edits).toHaveLength(1);
    expect(go.edits[0].baseRev).toBe('r1');
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
    s.remote(edited('r0', 'r1', [{ pos: 9, del: 0, ins: 'x' }]));
    expect(go.opens).toHaveLength(1);
  });
});
