/**
 * Cheap checks before the expensive part of extraction. Readability clones the
 * document and walks it recursively: on a 50,000-deep DOM that crashed the tab,
 * and on a 15.8 MB page it stalled it for 11 s. So the document is measured
 * first with one bounded, iterative walk (no recursion, no clone); a page that
 * is too deep, too large or too long is read as bounded plain text instead, and
 * the page says so. Text that is not text (binary served as text/plain, images,
 * octet streams) fails fast with a plain message.
 */
import type { StructuredText } from './blocks';
import type { LeftOut, TextBounds } from './text-bound';
import type { ExtractedBlock } from './types';
import { nonSpaceLength } from './word-count';

/** Beyond these, Readability is not run (real articles are far below: depth ~30, a few thousand elements, < 1 MB of text). */
export const GUARD_LIMITS = {
  /** Chromium's HTML parser itself stops nesting at 512; deeper trees are built by script. */
  depth: 512,
  elements: 60_000,
  textChars: 2_000_000,
  /** Most characters the plain-text fallback reads. */
  plainChars: 2_000_000,
} as const;

/** What the walk found; it stops counting once a limit is passed. */
export interface PageSize {
  elements: number;
  depth: number;
  textChars: number;
  /** The first limit passed, if any. */
  over?: 'depth' | 'elements' | 'textChars';
  /** Bounds on the text of the page's readings (./text-bound), where asked for and no limit was passed. */
  bounds?: TextBounds;
}

interface SizeLimits {
  depth: number;
  elements: number;
  textChars: number;
}

const SKIPPED = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'svg', 'SVG', 'HEAD', 'IFRAME', 'OBJECT', 'CANVAS']);

/** Elements whose text no reading keeps (HTML elements only: an SVG `<style>` is lowercase and read). */
const UNREAD = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT']);
const UNREAD_SELECTOR = 'script, style, noscript';

/** The bits of the walk's stack in `measurePage`. */
const MEASURED = 1;
const WHOLE = 2;
const OUT_OF_NARROWED = 4;

/**
 * Measures the body (else the root element) in one iterative walk that stops as soon as a limit is
 * passed. With `leftOut`, the same walk also works out ./text-bound's bounds on the page's readings
 * (over the whole document: the bounds count the `<title>`, and the text inside an SVG or a frame's
 * fallback, which the measure skips): the page is walked once for both.
 */
export function measurePage(doc: Document, limits: SizeLimits = GUARD_LIMITS, leftOut?: LeftOut): PageSize {
  const measured = doc.body ?? doc.documentElement;
  if (!measured) return leftOut ? { elements: 0, depth: 0, textChars: 0, bounds: { any: 0, narrowed: 0 } } : { elements: 0, depth: 0, textChars: 0 };
  const root = leftOut ? doc.documentElement! : measured;
  // The elements either bound may leave out, in document order: the walk meets them in the same order. (An array:
  // a NodeList's index is slower to read, and it is read at every element.)
  const candidates = leftOut ? Array.from(doc.querySelectorAll(`${UNREAD_SELECTOR}, ${leftOut.selector}`)) : undefined;
  let next = 0;
  let any = 0;
  let narrowed = 0;
  // The measure so far, in locals (the walk runs cold in each page: every property read and call per node counts).
  let elements = 0;
  let maxDepth = 0;
  let textChars = 0;
  const over = (passed: PageSize['over']): PageSize => ({ elements, depth: maxDepth, textChars, over: passed });
  // Per open element (a stack, by depth), in bits: its descendants are measured (in the body, not in a skipped element),
  // inside a <pre> or <table> (read whole), or left out of the narrowed bound.
  const flags: number[] = [root === measured ? MEASURED : 0];
  // The depth of `measured` in the walk: the measure counts from it.
  let measuredDepth = 0;
  let depth = 0;
  let node: Node | null = root;
  while (node) {
    const flag = flags[depth]!;
    let measuring = (flag & MEASURED) !== 0;
    if (node === measured) {
      measuring = true;
      measuredDepth = depth;
    }
    const type = node.nodeType;
    if (type === 3 || type === 4) {
      const data = (node as CharacterData).data;
      // Only the count that changed is checked against its limit: the others were within theirs at the last node.
      if (measuring && type === 3 && (textChars += data.length) > limits.textChars) return over('textChars');
      if (candidates) {
        const chars = nonSpaceLength(data);
        any += chars;
        if ((flag & OUT_OF_NARROWED) === 0) narrowed += chars;
      }
    } else if (type === 1) {
      const el = node as Element;
      if (measuring) {
        elements++;
        if (depth - measuredDepth > maxDepth && (maxDepth = depth - measuredDepth) > limits.depth) return over('depth');
        if (elements > limits.elements) return over('elements');
      }
      const tag = el.tagName;
      const measureInside = measuring && !SKIPPED.has(tag);
      const inWhole = (flag & WHOLE) !== 0;
      let leftOutHere = flag & OUT_OF_NARROWED;
      let descend = measureInside;
      if (candidates) {
        descend = true;
        if (candidates[next] === el) {
          next++;
          if (!readWhole(el, inWhole)) {
            if (UNREAD.has(tag)) {
              // Out of both bounds: its text is never read, and neither are the candidates inside it (the measure skips it too).
              descend = false;
              while (next < candidates.length && el.contains(candidates[next]!)) next++;
            } else if (leftOut!.test(el)) leftOutHere = OUT_OF_NARROWED;
          }
        }
      }
      const first = descend ? el.firstChild : null;
      if (first) {
        depth++;
        const name = inWhole ? '' : el.localName;
        flags[depth] = (measureInside ? MEASURED : 0) | (inWhole || name === 'pre' || name === 'table' ? WHOLE : 0) | leftOutHere;
        node = first;
        continue;
      }
    }
    // Next node in document order, without recursion.
    for (;;) {
      if (node === root) {
        node = null;
        break;
      }
      const sibling: Node | null = node!.nextSibling;
      if (sibling) {
        node = sibling;
        break;
      }
      node = node!.parentNode;
      depth--;
      if (!node) break;
    }
  }
  const size: PageSize = { elements, depth: maxDepth, textChars };
  if (!leftOut) return size;
  const added = doc.getElementsByTagName('li').length + doc.getElementsByTagName('td').length + doc.getElementsByTagName('th').length + longestHeading(doc);
  return { ...size, bounds: { any: any + added, narrowed: narrowed + added } };
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

/** Elements that start a new block of text in the plain-text reading. */
const BLOCK_TAGS = new Set([
  'P',
  'DIV',
  'LI',
  'H1',
  'H2',
  'H3',
  'H4',
  'H5',
  'H6',
  'PRE',
  'BLOCKQUOTE',
  'TR',
  'TD',
  'TH',
  'SECTION',
  'ARTICLE',
  'BR',
  'HR',
  'DT',
  'DD',
  'FIGCAPTION',
  'TABLE',
  'UL',
  'OL',
  'MAIN',
  'HEADER',
  'FOOTER',
]);

/**
 * The page's text in document order, one iterative walk (any depth), at most
 * `maxChars` characters: blocks at block elements, whitespace collapsed, scripts
 * and styles skipped. `cut` says whether text was left out.
 */
export function plainText(doc: Document, maxChars: number = GUARD_LIMITS.plainChars): StructuredText & { cut: boolean } {
  const root = doc.body ?? doc.documentElement;
  const paragraphs: string[] = [];
  let current = '';
  let total = 0;
  let cut = false;
  const endBlock = () => {
    const text = current.replace(/\s+/g, ' ').trim();
    if (text) {
      paragraphs.push(text);
      total += text.length + 2;
    }
    current = '';
  };
  let node: Node | null = root;
  while (node && !cut) {
    if (node.nodeType === 3) {
      current += (node as Text).data;
      if (total + current.length > maxChars) {
        current = current.slice(0, Math.max(0, maxChars - total));
        cut = true;
      }
    } else if (node.nodeType === 1 && BLOCK_TAGS.has((node as Element).tagName)) endBlock();
    const descend: Node | null = node.nodeType === 1 && !SKIPPED.has((node as Element).tagName) ? node.firstChild : null;
    if (descend) {
      node = descend;
      continue;
    }
    while (node && node !== root && !node.nextSibling) {
      node = node.parentNode;
      if (node && node.nodeType === 1 && BLOCK_TAGS.has((node as Element).tagName)) endBlock();
    }
    node = node && node !== root ? node.nextSibling : null;
  }
  endBlock();
  const blocks: ExtractedBlock[] = [];
  let offset = 0;
  for (const paragraph of paragraphs) {
    blocks.push({ kind: 'paragraph', start: offset, end: offset + paragraph.length });
    offset += paragraph.length + 2;
  }
  return { text: paragraphs.join('\n\n'), blocks, cut };
}

/** The content types whose documents hold readable text. */
const TEXT_TYPES = new Set(['text/html', 'application/xhtml+xml', 'text/plain', 'text/markdown', 'text/xml', 'application/xml']);

/** Why a page has no readable text, in plain words; null when it has. */
export function unreadableReason(contentType: string | undefined, text: string): string | null {
  const type = contentType?.toLowerCase().split(';')[0]!.trim();
  if (type && !TEXT_TYPES.has(type)) return `This page has no readable text (it is ${type}, not a text page).`;
  if (looksBinary(text)) return 'This page has no readable text (it looks like binary data shown as text).';
  return null;
}

/** Replacement characters, and control characters but tab, line feed, form feed and carriage return (UTF-16 units). */
// eslint-disable-next-line no-control-regex -- control characters are what it looks for
const ODD = /[\ufffd\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]/g;
// eslint-disable-next-line no-control-regex -- as above
const HAS_ODD = /[\ufffd\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]/;

/**
 * True when text is mostly not text: random bytes shown as a text page decode to
 * many replacement characters (U+FFFD) and control characters, which real
 * writing, in any script, almost never contains.
 */
export function looksBinary(text: string): boolean {
  const sample = text.slice(0, 65_536);
  if (sample.length < 64 || !HAS_ODD.test(sample)) return false;
  // Counted by the regular expression engine, not a loop over every character: extraction's code runs cold in each page.
  const odd = sample.length - sample.replace(ODD, '').length;
  return odd / sample.length > 0.05;
}

/** The note a page read as plain text carries, in plain words. */
export function largePageNote(size: PageSize, cut: boolean, chars: number): string {
  const why =
    size.over === 'depth'
      ? `its elements are nested more than ${GUARD_LIMITS.depth.toLocaleString('en')} deep`
      : size.over === 'elements'
        ? `it has more than ${GUARD_LIMITS.elements.toLocaleString('en')} elements`
        : `it has more than ${GUARD_LIMITS.textChars.toLocaleString('en')} characters of text`;
  return `This page is very large (${why}), so Gleaner read it as plain text${cut ? `: the first ${chars.toLocaleString('en')} characters` : ''}.`;
}
