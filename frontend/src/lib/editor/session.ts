// EditSession keeps one open page's editor in step with Go: it turns local
// CodeMirror changes into Edit calls (one in flight at a time, the rest
// buffered), applies remote splices that follow the revision it is at, and
// reloads the body when it cannot tell (a rebased edit, a conflict, a change
// it missed) without losing what the person typed meanwhile.
import { ChangeSet, Text } from '@codemirror/state';
import { ApiError, toApiError } from '../api/errors';
import type { EditView, PageChanged, PageView, Splice } from '../api/types';
import { changesToSplices, diffChanges, splicesToChanges, textOf } from './splices';

export interface EditApi {
  editPage(id: string, clientId: string, baseRev: string, splices: Splice[]): Promise<EditView>;
  openPage(id: string): Promise<PageView>;
}

export type SaveState =
  | { kind: 'saved' }
  | { kind: 'saving' }
  | { kind: 'error'; message: string; code: ApiError['code'] };

export interface EditSessionOptions {
  pageId: string;
  clientId: string;
  /** rev is the revision `body` is at (PageView.rev). */
  rev: string;
  body: string;
  api: EditApi;
  /** apply dispatches changes from Go into the editor (not to be sent back). */
  apply: (changes: ChangeSet) => void;
  onState?: (s: SaveState) => void;
  /** onSaved reports each successful Edit (for the page list). */
  onSaved?: (v: EditView) => void;
  /** retryDelay returns how long to wait before retry n (1-based) after an error. */
  retryDelay?: (n: number) => number;
  setTimeout?: (f: () => void, ms: number) => unknown;
}

export class EditSession {
  readonly pageId: string;
  private readonly clientId: string;
  private readonly api: EditApi;
  private readonly opts: EditSessionOptions;

  /** rev is the Go revision `base` is the text of. */
  rev: string;
  /** base is the text at `rev` as this window knows it. */
  private base: Text;
  /** inflight is the change over `base` being sent now. */
  private inflight: ChangeSet | null = null;
  /** buffer is the change over base·inflight typed since. */
  private buffer: ChangeSet | null = null;
  /** waiting holds others' edits that arrived while an Edit of ours was in flight. */
  private waiting: PageChanged[] = [];
  private reloading = false;
  private stale = false;
  private failures = 0;
  private retryTimer = false;
  private detached = false;
  private closed = false;
  private state: SaveState = { kind: 'saved' };
  private idleWaiters: (() => void)[] = [];

  constructor(opts: EditSessionOptions) {
    this.opts = opts;
    this.pageId = opts.pageId;
    this.clientId = opts.clientId;
    this.api = opts.api;
    this.rev = opts.rev;
    this.base = textOf(opts.body);
  }

  /** saveState is the current status for the status line. */
  get saveState(): SaveState {
    return this.state;
  }

  /** busy is true while a call is in flight or changes wait to be sent. */
  get busy(): boolean {
    return this.inflight !== null || this.buffer !== null || this.reloading;
  }

  /** local takes the changes of one local editor transaction. */
  local(changes: ChangeSet): void {
    if (this.closed || changes.empty) return;
    this.buffer = this.buffer ? this.buffer.compose(changes) : changes;
    this.pump();
  }

  /** remote handles a page:changed event. */
  remote(ev: PageChanged): void {
    if (this.closed || ev.page?.id !== this.pageId) return;
    if (ev.kind !== 'edited') return;
    if (ev.origin === this.clientId) return; // our own echo
    if (ev.rev === this.rev) return; // already there
    if (this.stale) return; // a reload is coming anyway
    if (this.inflight && !this.reloading) {
      // Go may have taken ours first; decide once the answer is in.
      this.waiting.push(ev);
      return;
    }
    if (!this.reloading && ev.prevRev === this.rev && this.follow(ev)) return;
    this.markStale();
  }

  /**
   * follow applies an edit made on the revision this session is at, on top
   * of what was typed but not sent yet. It returns false if it does not fit.
   */
  private follow(ev: PageChanged): boolean {
    let changes: ChangeSet;
    try {
      changes = splicesToChanges(ev.splices, this.base);
    } catch {
      return false;
    }
    this.base = changes.apply(this.base);
    this.rev = ev.rev;
    const pending = this.buffer;
    let onScreen = changes;
    if (pending) {
      onScreen = changes.map(pending);
      this.buffer = pending.map(changes, true);
    }
    if (!this.detached && !onScreen.empty) this.opts.apply(onScreen);
    return true;
  }

  /** drain applies the edits that waited for our Edit, in the order of their revisions. */
  private drain(): void {
    let rest = this.waiting;
    this.waiting = [];
    if (this.stale) return;
    for (;;) {
      rest = rest.filter((ev) => ev.rev !== this.rev);
      const next = rest.find((ev) => ev.prevRev === this.rev);
      if (!next) break;
      rest = rest.filter((ev) => ev !== next);
      if (!this.follow(next)) {
        this.stale = true;
        return;
      }
    }
    if (rest.length > 0) this.stale = true; // something we cannot place
  }

  /** detach stops touching the editor; pending edits are still sent. */
  detach(): void {
    this.detached = true;
  }

  /** close stops everything, pending edits included. */
  close(): void {
    this.detached = true;
    this.closed = true;
    this.resolveIdle();
  }

  /** idle resolves once nothing is in flight or waiting (or the session closed). */
  idle(): Promise<void> {
    if ((!this.busy && !this.stale) || this.closed) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** text is what the editor shows, as far as this session knows. */
  text(): string {
    let t = this.base;
    if (this.inflight) t = this.inflight.apply(t);
    if (this.buffer) t = this.buffer.apply(t);
    return t.toString();
  }

  private markStale(): void {
    this.stale = true;
    this.pump();
  }

  private setState(s: SaveState): void {
    if (s.kind === this.state.kind && (s.kind !== 'error' || (this.state.kind === 'error' && this.state.message === s.message))) return;
    this.state = s;
    this.opts.onState?.(s);
  }

  private resolveIdle(): void {
    const w = this.idleWaiters;
    this.idleWaiters = [];
    for (const f of w) f();
  }

  /** pump starts the next call if none is in flight. */
  private pump(): void {
    if (this.closed || this.inflight || this.reloading || this.retryTimer) return;
    if (this.stale) {
      void this.reload();
      return;
    }
    if (this.buffer) {
      void this.send();
      return;
    }
    if (this.state.kind !== 'error') this.setState({ kind: 'saved' });
    this.resolveIdle();
  }

  private async send(): Promise<void> {
    const changes = this.buffer!;
    this.buffer = null;
    this.inflight = changes;
    this.setState({ kind: 'saving' });
    const splices = changesToSplices(changes, this.base);
    let result: EditView;
    try {
      result = await this.api.editPage(this.pageId, this.clientId, this.rev, splices);
    } catch (e) {
      this.inflight = null;
      this.buffer = this.buffer ? changes.compose(this.buffer) : changes;
      // Others' edits that waited are still on top of base.
      this.drain();
      this.failed(toApiError(e));
      return;
    }
    this.inflight = null;
    this.failures = 0;
    this.base = changes.apply(this.base);
    this.rev = result.rev;
    this.opts.onSaved?.(result);
    // Rebased: Go put ours after edits this window has not got; reload.
    if (result.rebased) this.stale = true;
    this.drain();
    this.setState(this.buffer || this.stale ? { kind: 'saving' } : { kind: 'saved' });
    this.pump();
  }

  private failed(err: ApiError): void {
    if (this.closed) return;
    if (err.code === 'conflict') {
      // Go did not take the edit: reload, then send it again on top.
      this.stale = true;
      this.pump();
      return;
    }
    this.setState({ kind: 'error', message: err.message, code: err.code });
    if (err.code === 'not_found' || err.code === 'forbidden' || err.code === 'unavailable') {
      // Retrying cannot help; keep the text on screen and stop.
      this.closed = true;
      this.resolveIdle();
      return;
    }
    this.failures++;
    const delay = (this.opts.retryDelay ?? ((n) => Math.min(500 * 2 ** (n - 1), 10_000)))(this.failures);
    const st = this.opts.setTimeout ?? ((f: () => void, ms: number) => setTimeout(f, ms));
    this.retryTimer = true;
    st(() => {
      this.retryTimer = false;
      if (err.code === 'invalid') this.stale = true; // our idea of the text may be wrong
      this.pump();
    }, delay);
  }

  private async reload(): Promise<void> {
    this.reloading = true;
    this.stale = false;
    if (this.buffer) this.setState({ kind: 'saving' });
    let page: PageView;
    try {
      page = await this.api.openPage(this.pageId);
    } catch (e) {
      this.reloading = false;
      this.stale = true;
      this.failed(toApiError(e));
      return;
    }
    this.reloading = false;
    if (this.closed) return;
    // The body from Go includes everything up to base; what was typed since
    // (buffer) is rebased on top of it.
    const remote = diffChanges(this.base.toString(), page.body);
    const pending = this.buffer;
    if (pending) {
      const onScreen = remote.map(pending);
      this.buffer = pending.map(remote, true);
      if (!this.detached && !onScreen.empty) this.opts.apply(onScreen);
    } else if (!this.detached && !remote.empty) {
      this.opts.apply(remote);
    }
    this.base = textOf(page.body);
    this.rev = page.rev;
    if (this.state.kind === 'error') this.setState(this.buffer ? { kind: 'saving' } : { kind: 'saved' });
    this.pump();
  }
}
