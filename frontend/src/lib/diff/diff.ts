// Line diffs for the history panel: Myers' O(ND) algorithm over lines, and
// a word-level pass over a removed line paired with an added one.

export type DiffOp = 'same' | 'add' | 'del';

export interface DiffLine {
  op: DiffOp;
  text: string;
}

export interface DiffPart {
  op: DiffOp;
  text: string;
}

/** diffSeq returns the edit script turning a into b (Myers, shortest). */
export function diffSeq<T>(a: readonly T[], b: readonly T[]): { op: DiffOp; item: T }[] {
  // Trim the common prefix and suffix: most versions differ in a few lines.
  let pre = 0;
  while (pre < a.length && pre < b.length && a[pre] === b[pre]) pre++;
  let suf = 0;
  while (suf < a.length - pre && suf < b.length - pre && a[a.length - 1 - suf] === b[b.length - 1 - suf]) suf++;
  const A = a.slice(pre, a.length - suf);
  const B = b.slice(pre, b.length - suf);
  const n = A.length;
  const m = B.length;
  const max = n + m;
  const v = new Int32Array(2 * max + 2);
  const trace: Int32Array[] = [];
  let done = n === 0 && m === 0;
  for (let d = 0; d <= max && !done; d++) {
    trace.push(v.slice());
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && v[max + k - 1] < v[max + k + 1]) ? v[max + k + 1] : v[max + k - 1] + 1;
      let y = x - k;
      while (x < n && y < m && A[x] === B[y]) {
        x++;
        y++;
      }
      v[max + k] = x;
      if (x >= n && y >= m) {
        done = true;
        break;
      }
    }
  }
  // Walk back through the saved frontiers.
  const mid: { op: DiffOp; item: T }[] = [];
  let x = n;
  let y = m;
  for (let d = trace.length - 1; d > 0; d--) {
    const vd = trace[d];
    const k = x - y;
    const prevK = k === -d || (k !== d && vd[max + k - 1] < vd[max + k + 1]) ? k + 1 : k - 1;
    const prevX = vd[max + prevK];
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) {
      mid.push({ op: 'same', item: A[--x] });
      y--;
    }
    if (x === prevX) mid.push({ op: 'add', item: B[--y] });
    else mid.push({ op: 'del', item: A[--x] });
  }
  while (x > 0 && y > 0) {
    mid.push({ op: 'same', item: A[--x] });
    y--;
  }
  mid.reverse();
  return [
    ...a.slice(0, pre).map((item) => ({ op: 'same' as const, item })),
    ...mid,
    ...a.slice(a.length - suf).map((item) => ({ op: 'same' as const, item })),
  ];
}

/** diffLines compares two texts line by line. */
export function diffLines(before: string, after: string): DiffLine[] {
  const a = before === '' ? [] : before.split('\n');
  const b = after === '' ? [] : after.split('\n');
  return diffSeq(a, b).map(({ op, item }) => ({ op, text: item }));
}

/** diffWords compares two lines word by word (whitespace kept as its own tokens). */
export function diffWords(before: string, after: string): DiffPart[] {
  const tok = (s: string) => s.match(/\s+|[\p{L}\p{N}_]+|[^\s\p{L}\p{N}_]/gu) ?? [];
  const parts: DiffPart[] = [];
  for (const { op, item } of diffSeq(tok(before), tok(after))) {
    const last = parts[parts.length - 1];
    if (last && last.op === op) last.text += item;
    else parts.push({ op, text: item });
  }
  return parts;
}

export interface DiffRow {
  op: DiffOp;
  /** The line split in parts; for a changed line the parts show what changed in it. */
  parts: DiffPart[];
}

/**
 * diffRows is diffLines ready to show: a run of removed lines followed by as
 * many added lines is paired up, and each pair gets word-level highlights.
 */
export function diffRows(before: string, after: string): DiffRow[] {
  const lines = diffLines(before, after);
  const rows: DiffRow[] = [];
  for (let i = 0; i < lines.length; ) {
    if (lines[i].op !== 'del') {
      rows.push({ op: lines[i].op, parts: [{ op: 'same', text: lines[i].text }] });
      i++;
      continue;
    }
    let j = i;
    while (j < lines.length && lines[j].op === 'del') j++;
    let k = j;
    while (k < lines.length && lines[k].op === 'add') k++;
    const dels = lines.slice(i, j);
    const adds = lines.slice(j, k);
    const paired = dels.length === adds.length;
    for (let p = 0; p < dels.length; p++) {
      const parts = paired ? diffWords(dels[p].text, adds[p].text).filter((x) => x.op !== 'add') : [{ op: 'same' as const, text: dels[p].text }];
      rows.push({ op: 'del', parts });
    }
    for (let p = 0; p < adds.length; p++) {
      const parts = paired ? diffWords(dels[p].text, adds[p].text).filter((x) => x.op !== 'del') : [{ op: 'same' as const, text: adds[p].text }];
      rows.push({ op: 'add', parts });
    }
    i = k;
  }
  return rows;
}
