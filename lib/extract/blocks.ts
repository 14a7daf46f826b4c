/**
 * Turns an element tree into plain text with its structure kept: headings
 * (with levels), paragraphs, lists, quotes, code and tables become blocks,
 * joined by blank lines, each with its offsets into the text. Works on any
 * DOM (the page's, jsdom's): it checks `nodeType`, never `instanceof`.
 */
import type { ExtractedBlock } from './types';
import { isSortControl } from './sort-control';

const ELEMENT_NODE = 1;
const TEXT_NODE = 3;

/** Never text a reader reads. */
const SKIPPED = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'HEAD', 'TITLE', 'META', 'LINK']);
/** Whether an element is left out of every reading: never text, or a list's sort control (./sort-control). */
function unread(el: Element): boolean {
  return SKIPPED.has(el.tagName) || isSortControl(el);
}
/** Elements that end the inline run before and after them. */
const BLOCK_BREAKERS = new Set([
  'ADDRESS',
  'ARTICLE',
  'ASIDE',
  'BODY',
  'CENTER',
  'DD',
  'DETAILS',
  'DIALOG',
  'DIV',
  'DL',
  'DT',
  'FIELDSET',
  'FIGCAPTION',
  'FIGURE',
  'FOOTER',
  'FORM',
  'HEADER',
  'HGROUP',
  'HR',
  'LI',
  'MAIN',
  'NAV',
  'SECTION',
  'SUMMARY',
  'TBODY',
  'TD',
  'TFOOT',
  'TH',
  'THEAD',
  'TR',
  'CAPTION',
  'OPTION',
]);
const HEADINGS: Record<string, number> = { H1: 1, H2: 2, H3: 3, H4: 4, H5: 5, H6: 6 };
/** Content that makes a table a layout table (text laid out in cells) rather than data. */
const LAYOUT_TABLE_CONTENT = 'table, p, h1, h2, h3, h4, h5, h6, ul, ol, pre, blockquote';

/** The text and blocks built from an element tree. */
export interface StructuredText {
  text: string;
  blocks: ExtractedBlock[];
}

/** Tells whether an element should be left out (hidden content in the visible-text fallback). */
export type ElementFilter = (element: Element) => boolean;

function collapse(text: string): string {
  return text.replace(/\s+/g, ' ');
}

class Builder {
  text = '';
  blocks: ExtractedBlock[] = [];
  private inline = '';

  constructor(private readonly skip: ElementFilter) {}

  add(kind: ExtractedBlock['kind'], raw: string, level?: number): void {
    const body = kind === 'code' ? raw.replace(/^\n+|\s+$/g, '') : raw.trim();
    if (!body) return;
    if (this.text) this.text += '\n\n';
    const start = this.text.length;
    this.text += body;
    this.blocks.push(level === undefined ? { kind, start, end: this.text.length } : { kind, level, start, end: this.text.length });
  }

  flush(): void {
    const paragraph = this.inline
      .split('\n')
      .map((line) => line.replace(/ {2,}/g, ' ').trim())
      .filter(Boolean)
      .join('\n');
    this.inline = '';
    this.add('paragraph', paragraph);
  }

  /** Text of an element's subtree as one run: whitespace collapsed, `<br>` kept as a line break. */
  inlineText(node: Node): string {
    let out = '';
    for (let child = node.firstChild; child; child = child.nextSibling) {
      if (child.nodeType === TEXT_NODE) out += collapse(child.nodeValue ?? '');
      else if (child.nodeType === ELEMENT_NODE) {
        const el = child as Element;
        if (unread(el) || this.skip(el)) continue;
        if (el.tagName === 'BR') out += '\n';
        else if (BLOCK_BREAKERS.has(el.tagName) || el.tagName === 'P' || HEADINGS[el.tagName]) out += '\n' + this.inlineText(el) + '\n';
        else out += this.inlineText(el);
      }
    }
    return out;
  }

  private lines(text: string): string {
    return text
      .split('\n')
      .map((line) => line.replace(/ {2,}/g, ' ').trim())
      .filter(Boolean)
      .join('\n');
  }

  private listLines(list: Element, depth: number, out: string[]): void {
    const indent = '  '.repeat(depth);
    // Text sitting directly in a list (outside any <li>) is still the page's text.
    let loose = '';
    const flushLoose = () => {
      const line = collapse(loose).trim();
      if (line) out.push(`${indent}${line}`);
      loose = '';
    };
    for (let item = list.firstChild; item; item = item.nextSibling) {
      if (item.nodeType === TEXT_NODE) {
        loose += item.nodeValue ?? '';
        continue;
      }
      if (item.nodeType !== ELEMENT_NODE) continue;
      const el = item as Element;
      if (unread(el) || this.skip(el)) continue;
      if (el.tagName === 'UL' || el.tagName === 'OL') {
        flushLoose();
        this.listLines(el, depth + 1, out);
        continue;
      }
      if (el.tagName !== 'LI') {
        loose += ' ' + this.inlineText(el) + ' ';
        continue;
      }
      flushLoose();
      const nested: Element[] = [];
      let own = '';
      for (let child = el.firstChild; child; child = child.nextSibling) {
        if (child.nodeType === ELEMENT_NODE && ['UL', 'OL'].includes((child as Element).tagName)) nested.push(child as Element);
        else if (child.nodeType === TEXT_NODE) own += collapse(child.nodeValue ?? '');
        else if (child.nodeType === ELEMENT_NODE && !unread(child as Element) && !this.skip(child as Element)) {
          own += (child as Element).tagName === 'BR' ? ' ' : ' ' + this.inlineText(child) + ' ';
        }
      }
      const line = collapse(own).trim();
      // No numbers for ordered lists: the page renders them with CSS, they are not its words.
      if (line) out.push(`${indent}- ${line}`);
      for (const sub of nested) this.listLines(sub, depth + 1, out);
    }
    flushLoose();
  }

  private tableText(table: Element): string {
    const rows: string[] = [];
    for (const row of Array.from(table.querySelectorAll('tr'))) {
      if (this.skip(row)) continue;
      const cells = Array.from(row.children)
        .filter((cell) => (cell.tagName === 'TD' || cell.tagName === 'TH') && !this.skip(cell))
        .map((cell) => this.lines(this.inlineText(cell)).replace(/\n/g, ' '));
      if (cells.some(Boolean)) rows.push(cells.join(' | '));
    }
    const caption = table.querySelector('caption');
    const title = caption ? this.lines(this.inlineText(caption)) : '';
    return [title, ...rows].filter(Boolean).join('\n');
  }

  walk(node: Node): void {
    for (let child = node.firstChild; child; child = child.nextSibling) {
      if (child.nodeType === TEXT_NODE) {
        this.inline += collapse(child.nodeValue ?? '');
        continue;
      }
      if (child.nodeType !== ELEMENT_NODE) continue;
      const el = child as Element;
      const tag = el.tagName;
      if (unread(el) || this.skip(el)) continue;
      if (tag === 'BR') {
        this.inline += '\n';
        continue;
      }
      const level = HEADINGS[tag];
      if (level) {
        this.flush();
        this.add('heading', this.lines(this.inlineText(el)).replace(/\n/g, ' '), level);
      } else if (tag === 'P') {
        this.flush();
        this.add('paragraph', this.lines(this.inlineText(el)));
      } else if (tag === 'UL' || tag === 'OL') {
        this.flush();
        const out: string[] = [];
        this.listLines(el, 0, out);
        this.add('list', out.join('\n'));
      } else if (tag === 'PRE') {
        this.flush();
        this.add('code', el.textContent ?? '');
      } else if (tag === 'BLOCKQUOTE') {
        this.flush();
        this.add('quote', this.lines(this.inlineText(el)));
      } else if (tag === 'TABLE' && !el.querySelector(LAYOUT_TABLE_CONTENT)) {
        this.flush();
        this.add('table', this.tableText(el));
      } else if (BLOCK_BREAKERS.has(tag) || tag === 'TABLE') {
        this.flush();
        this.walk(el);
        this.flush();
      } else {
        // Inline element (a, em, span, …): its text joins the current run, but
        // block content nested inside it (a <div> in a <span>) still gets blocks.
        this.walk(el);
      }
    }
  }
}

/** Builds text and blocks from `root`'s subtree, leaving out elements `skip` rejects. */
export function structuredText(root: Node, skip: ElementFilter = () => false): StructuredText {
  const builder = new Builder(skip);
  builder.walk(root);
  builder.flush();
  return { text: builder.text, blocks: builder.blocks };
}

/** Text and blocks rebuilt from blocks each with its (possibly changed) text, joined as `structuredText` joins them; empty ones left out. */
export function joinBlocks(parts: Iterable<{ block: ExtractedBlock; body: string }>): StructuredText {
  let text = '';
  const blocks: ExtractedBlock[] = [];
  for (const { block, body } of parts) {
    if (!body) continue;
    if (text) text += '\n\n';
    const start = text.length;
    text += body;
    blocks.push({ ...block, start, end: text.length });
  }
  return { text, blocks };
}

/** Blocks whose lines are prose, list items, quotes or headings: the line rules look at these; code and tables keep every line. */
export const PROSE_LINE_KINDS: ReadonlySet<ExtractedBlock['kind']> = new Set(['paragraph', 'list', 'quote', 'heading']);

/**
 * `structured` without the lines of its prose blocks (`PROSE_LINE_KINDS`) that `drop` picks, offsets rebuilt; the same
 * object when it picks none. A block left with nothing but spaces goes; the lines kept are kept as they are (a nested
 * list item keeps its indent).
 */
export function withoutLines(structured: StructuredText, drop: (line: string) => boolean): StructuredText {
  let changed = false;
  const parts = structured.blocks.map((block) => {
    const body = structured.text.slice(block.start, block.end);
    if (!PROSE_LINE_KINDS.has(block.kind)) return { block, body };
    const lines = body.split('\n');
    const kept = lines.filter((line) => !drop(line));
    if (kept.length === lines.length) return { block, body };
    changed = true;
    const rest = kept.join('\n');
    return { block, body: rest.trim() ? rest : '' };
  });
  return changed ? joinBlocks(parts) : structured;
}
