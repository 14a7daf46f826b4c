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
import type { ExtractedBlock } from './types';

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
}

const SKIPPED = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'svg', 'SVG', 'HEAD', 'IFRAME', 'OBJECT', 'CANVAS']);

/** Measures `root` (default: the body) in one iterative walk that stops as soon as a limit is passed. */
export function measurePage(doc: Document, limits: { depth: number; elements: number; textChars: number } = GUARD_LIMITS): PageSize {
  const size: PageSize = { elements: 0, depth: 0, textChars: 0 };
  const root = doc.body ?? doc.documentElement;
  if (!root) return size;
  let node: Node | null = root;
  let depth = 0;
  while (node) {
    if (node.nodeType === 3) size.textChars += (node as Text).data.length;
    else if (node.nodeType === 1) {
      size.elements++;
      if (depth > size.depth) size.depth = depth;
    }
    if (size.depth > limits.depth) return { ...size, over: 'depth' };
    if (size.elements > limits.elements) return { ...size, over: 'elements' };
    if (size.textChars > limits.textChars) return { ...size, over: 'textChars' };
    // Next node in document order, without recursion.
    const descend: Node | null = node.nodeType === 1 && !SKIPPED.has((node as Element).tagName) ? node.firstChild : null;
    if (descend) {
      node = descend;
      depth++;
      continue;
    }
    while (node && node !== root && !node.nextSibling) {
      node = node.parentNode;
      depth--;
    }
    node = node && node !== root ? node.nextSibling : null;
  }
  return size;
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
