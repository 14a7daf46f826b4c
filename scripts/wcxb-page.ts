/**
 * What `eval:extract --wcxb <dir> --browser chromium` runs inside each page (bundled by
 * scripts/wcxb-chromium.ts into one script): the product's own `extractPage`, the code the
 * content script calls, and plain Readability beside it, each timed on the page's main thread.
 */
import { Readability } from '@mozilla/readability';
import { extractPage } from '../lib/extract/extract-page';

/** One page read both ways; the text is scored in Node. */
export interface InPageResult {
  plain: { text: string; ms: number };
  ours: { text: string; ms: number; isArticle: boolean };
}

/** Reads the current document as Readability alone and as Gleaner would (`url`: the page's original address). */
export function readBoth(url: string): InPageResult {
  let started = performance.now();
  let plainText = '';
  try {
    plainText = new Readability(document.cloneNode(true) as Document).parse()?.textContent ?? '';
  } catch {
    // As in the jsdom path: Readability throws on odd DOMs, which scores as nothing found.
  }
  const plainMs = performance.now() - started;
  started = performance.now();
  const page = extractPage(document, url);
  return { plain: { text: plainText, ms: plainMs }, ours: { text: page.text, ms: performance.now() - started, isArticle: page.isArticle } };
}
