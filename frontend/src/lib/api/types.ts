/** Plain shapes of what Go sends; the generated classes are only used inside the client. */

export interface SessionView {
  ready: boolean;
  workspaceName: string;
  meId: string;
  meName: string;
  timeZone: string;
  systemTimeZone: string;
  dataDir: string;
}

export interface PageSummary {
  id: string;
  title: string;
  excerpt: string;
  updatedAt: string;
  deletedAt: string;
}

export interface PageView {
  id: string;
  title: string;
  body: string;
  heads: string;
  createdAt: string;
  updatedAt: string;
  deletedAt: string;
}

/** Splice positions and counts are Unicode code points. */
export interface Splice {
  pos: number;
  del: number;
  ins: string;
}

export interface EditView {
  heads: string;
  merged: boolean;
  page: PageSummary;
}

export interface SearchHit {
  id: string;
  kind: string;
  title: string;
  snippet: string;
}

export type PageChangeKind = 'created' | 'renamed' | 'edited' | 'trashed' | 'restored' | 'purged';

export interface PageChanged {
  kind: PageChangeKind;
  page: PageSummary;
  origin: string;
  prevHeads: string;
  heads: string;
  splices: Splice[];
}
