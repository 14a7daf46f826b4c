/**
 * An upper bound on how much text any reading of a page can hold, from one cheap look at it:
 * the rules that read more of a page than Readability kept (a thread's posts, a listing's cards,
 * a service page's sections) each walk the page, and each replaces the text found only when its
 * reading holds several times more. Where the bound says no reading can, they are not run.
 *
 * Every reading (`structuredText` of a part of the page, the non-space characters of
 * `visibleProseLength`) is built from the page's text nodes, each read at most once, without
 * the text of scripts, styles and `<noscript>` (which `structuredText` skips outside `<pre>`,
 * whose `textContent` it keeps whole, and `<table>`, whose rows it looks up by selector). What
 * a reading adds of its own: a "-" before each list item, a "|" between table cells, and the
 * page's first heading when the listing rule puts it before the cards (./cards). So the bound
 * is the page's non-space text less that of scripts, styles and `<noscript>`, plus one character
 * per list item and per cell, plus the longest `<h1>`.
 */
import { measurePage } from './page-guard';

/** What a reading may leave out wherever it sits: a selector, and the test it narrows. */
export interface LeftOut {
  selector: string;
  test: (el: Element) => boolean;
}

/** Upper bounds on the non-space characters of the readings of a page. */
export interface TextBounds {
  /** Of any reading. */
  any: number;
  /** Of a reading that also leaves out what `leftOut` names (the listing rule's chrome and hidden parts). */
  narrowed: number;
}

/** No limit: the bounds alone are asked for. */
const UNLIMITED = { depth: Infinity, elements: Infinity, textChars: Infinity };

/**
 * Bounds on what the readings of `doc` hold, both from one walk over the page's nodes (./page-guard's
 * `measurePage`, which works them out with its measure when asked: extraction walks the page once
 * for both). What no reading keeps is skipped, not read: a page's scripts often hold most of its
 * characters (inline bundles, JSON), and taking them out of the whole text afterwards read them twice.
 */
export function readableCharsBounds(doc: Document, leftOut: LeftOut): TextBounds {
  return measurePage(doc, UNLIMITED, leftOut).bounds!;
}
