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
import { nonSpaceLength } from './word-count';

/** Elements whose text no reading keeps (HTML elements only: an SVG `<style>` is lowercase and read). */
const UNREAD = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT']);
const UNREAD_SELECTOR = 'script, style, noscript';

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

/** Bounds on what the readings of `doc` hold, both from one look at the page's text. */
export function readableCharsBounds(doc: Document, leftOut: LeftOut): TextBounds {
  const root = doc.documentElement;
  if (!root) return { any: 0, narrowed: 0 };
  // textContent is one native call; what no reading keeps is then taken out, outermost elements only.
  const text = nonSpaceLength(root.textContent);
  const added = doc.getElementsByTagName('li').length + doc.getElementsByTagName('td').length + doc.getElementsByTagName('th').length + longestHeading(doc);
  const bounds = { any: text + added, narrowed: text + added };
  // The last element taken out of each bound: in document order, an element inside it is counted there already.
  let unread: Element | undefined;
  let narrowed: Element | undefined;
  for (const el of Array.from(doc.querySelectorAll(`${UNREAD_SELECTOR}, ${leftOut.selector}`))) {
    if (readWhole(el)) continue;
    const isUnread = UNREAD.has(el.tagName);
    const outOfAny = isUnread && !unread?.contains(el);
    const outOfNarrowed = (isUnread || leftOut.test(el)) && !narrowed?.contains(el);
    if (!outOfAny && !outOfNarrowed) continue;
    const chars = nonSpaceLength(el.textContent);
    if (outOfAny) [bounds.any, unread] = [bounds.any - chars, el];
    if (outOfNarrowed) [bounds.narrowed, narrowed] = [bounds.narrowed - chars, el];
  }
  return bounds;
}

/**
 * Where `structuredText` reads an element whatever it is: inside a <pre> (read whole), inside a
 * table (its rows and caption are looked up by selector), a list nested in a list item (read
 * without testing it). Such an element is never taken out of a bound.
 */
function readWhole(el: Element): boolean {
  return el.parentElement?.closest('pre, table') != null || ((el.tagName === 'UL' || el.tagName === 'OL') && el.parentElement?.tagName === 'LI');
}

/** The longest `<h1>`: the listing rule puts the page's heading before cards that may hold it. */
function longestHeading(doc: Document): number {
  let longest = 0;
  for (const h1 of Array.from(doc.getElementsByTagName('h1'))) longest = Math.max(longest, nonSpaceLength(h1.textContent));
  return longest;
}
