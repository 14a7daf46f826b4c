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

/** Elements whose text no reading keeps (HTML elements only: an SVG `<style>` is lowercase and read). */
const UNREAD = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT']);

const nonSpace = (text: string | null) => (text ? text.replace(/\s+/g, '').length : 0);

/** At least as many non-space characters as any reading of `doc` holds. */
export function readableCharsBound(doc: Document): number {
  const root = doc.documentElement;
  if (!root) return 0;
  // textContent is one native call; the few scripts and styles are then taken out one by one.
  let bound = nonSpace(root.textContent);
  for (const el of Array.from(doc.querySelectorAll('script, style, noscript'))) {
    if (!UNREAD.has(el.tagName)) continue;
    // Only the outermost, and never inside a <pre> or <table> (read whole or by selector there).
    if (el.parentElement?.closest('script, style, noscript, pre, table')) continue;
    bound -= nonSpace(el.textContent);
  }
  bound += doc.getElementsByTagName('li').length + doc.getElementsByTagName('td').length + doc.getElementsByTagName('th').length;
  let heading = 0;
  for (const h1 of Array.from(doc.getElementsByTagName('h1'))) heading = Math.max(heading, nonSpace(h1.textContent));
  return bound + heading;
}
