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

/**
 * Bounds on what the readings of `doc` hold, both from one walk over the page's nodes. What no
 * reading keeps is skipped, not read: a page's scripts often hold most of its characters (inline
 * bundles, JSON), and taking them out of the whole text afterwards read them twice.
 */
export function readableCharsBounds(doc: Document, leftOut: LeftOut): TextBounds {
  const root = doc.documentElement;
  if (!root) return { any: 0, narrowed: 0 };
  const added = doc.getElementsByTagName('li').length + doc.getElementsByTagName('td').length + doc.getElementsByTagName('th').length + longestHeading(doc);
  // The elements either bound may leave out, in document order: the walk meets them in the same order.
  const candidates = doc.querySelectorAll(`${UNREAD_SELECTOR}, ${leftOut.selector}`);
  let next = 0;
  let any = 0;
  let narrowed = 0;
  // Per open element (a stack, by depth): its descendants are inside a <pre> or <table> (read whole), or left out of the narrowed bound.
  const whole: boolean[] = [];
  const outOfNarrowed: boolean[] = [];
  let depth = 0;
  let node: Node | null = root;
  while (node) {
    let descend = false;
    if (node.nodeType === 3 || node.nodeType === 4) {
      const chars = nonSpaceLength((node as CharacterData).data);
      any += chars;
      if (!outOfNarrowed[depth]) narrowed += chars;
    } else if (node.nodeType === 1) {
      const el = node as Element;
      const isCandidate = candidates[next] === el;
      if (isCandidate) next++;
      const inWhole = depth > 0 && whole[depth]!;
      let leftOutHere = depth > 0 && outOfNarrowed[depth]!;
      descend = true;
      if (isCandidate && !readWhole(el, inWhole)) {
        if (UNREAD.has(el.tagName)) {
          // Out of both bounds: its text is never read, and neither are the candidates inside it.
          descend = false;
          while (next < candidates.length && el.contains(candidates[next]!)) next++;
        } else if (leftOut.test(el)) leftOutHere = true;
      }
      if (descend && el.firstChild) {
        depth++;
        whole[depth] = inWhole || el.localName === 'pre' || el.localName === 'table';
        outOfNarrowed[depth] = leftOutHere;
        node = el.firstChild;
        continue;
      }
    }
    // Next node in document order, without recursion.
    while (node && node !== root && !node.nextSibling) {
      node = node.parentNode;
      depth--;
    }
    node = node && node !== root ? node.nextSibling : null;
  }
  return { any: any + added, narrowed: narrowed + added };
}

/**
 * Where `structuredText` reads an element whatever it is: inside a <pre> (read whole), inside a
 * table (its rows and caption are looked up by selector), a list nested in a list item (read
 * without testing it). Such an element is never taken out of a bound.
 */
function readWhole(el: Element, insidePreOrTable: boolean): boolean {
  return insidePreOrTable || ((el.tagName === 'UL' || el.tagName === 'OL') && el.parentElement?.tagName === 'LI');
}

/** The longest `<h1>`: the listing rule puts the page's heading before cards that may hold it. */
function longestHeading(doc: Document): number {
  let longest = 0;
  for (const h1 of Array.from(doc.getElementsByTagName('h1'))) longest = Math.max(longest, nonSpaceLength(h1.textContent));
  return longest;
}
