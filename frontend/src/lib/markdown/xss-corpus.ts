// XSS payloads the read view must neutralize. The data lives in JSON so the
// end-to-end test (e2e/xss.test.mjs, plain Node) reads the same list.
import corpus from './xss-corpus.json';

export interface XssCase {
  /** What the payload tries. */
  name: string;
  /** Markdown (often with raw HTML) as an author could type it. */
  payload: string;
}

export const xssCorpus: readonly XssCase[] = corpus;
