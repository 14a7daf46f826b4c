/**
 * What `eval:extract --wcxb <dir> --browser chromium` runs inside each page: the product's own
 * `extractPage`, the code the content script calls, and plain Readability beside it, each timed
 * on the page's main thread. scripts/wcxb-chromium.ts bundles each reader on its own and runs it
 * in a world of its own, from a script the tab has not run before: each compiles and runs its code
 * cold, as a content script does in a page of a site just opened. (Run one after the other in one
 * world, as this evaluation did before 2026-12-01, the second found Readability's code warmed by
 * the first: Gleaner then measured 1.5× Readability's time where, both cold, it takes 2×.)
 */
import { Readability } from '@mozilla/readability';
import { extractPage } from '../lib/extract/extract-page';

/** One page read both ways; the text is scored in Node. */
export interface InPageResult {
  plain: { text: string; ms: number };
  ours: { text: string; ms: number; isArticle: boolean };
}

/** Reads the current document as Readability alone would. */
export function readPlain(): InPageResult['plain'] {
  const started = performance.now();
  let text = '';
  try {
    text = new Readability(document.cloneNode(true) as Document).parse()?.textContent ?? '';
  } catch {
    // As in the jsdom path: Readability throws on odd DOMs, which scores as nothing found.
  }
  return { text, ms: performance.now() - started };
}

/** Reads the current document as Gleaner would (`url`: the page's original address). */
export function readOurs(url: string): InPageResult['ours'] {
  const started = performance.now();
  const page = extractPage(document, url);
  return { text: page.text, ms: performance.now() - started, isArticle: page.isArticle };
}
