/**
 * A small Markdown parser for model output. It produces a tree that views
 * render with Preact elements (never innerHTML), so nothing in an answer is
 * interpreted as HTML. Supported: paragraphs, headings, lists, block quotes,
 * code blocks and spans, emphasis, links, rules, and citation markers [n].
 * Images are never loaded: they become a link the person may choose to open.
 * Raw HTML stays literal text. Link targets are limited to http, https and mailto.
 */

export type MdInline =
  | { type: 'text'; value: string }
  | { type: 'code'; value: string }
  | { type: 'strong'; children: MdInline[] }
  | { type: 'em'; children: MdInline[] }
  /** `href` is null when the target was refused (javascript:, data:, relative…); `target` is what the text said. */
  | { type: 'link'; href: string | null; target: string; children: MdInline[] }
  | { type: 'image'; alt: string; href: string | null; target: string }
  | { type: 'citation'; ids: number[]; raw: string }
  | { type: 'break' };

export type MdBlock =
  | { type: 'paragraph'; children: MdInline[] }
  | { type: 'heading'; level: number; children: MdInline[] }
  | { type: 'code'; lang: string; value: string }
  | { type: 'list'; ordered: boolean; start: number; items: MdBlock[][] }
  | { type: 'quote'; children: MdBlock[] }
  | { type: 'rule' };

export interface MarkdownOptions {
  /** Number of sources the answer may cite: `[n]` with 1 ≤ n ≤ this becomes a citation. */
  citations?: number;
}

/** Deeper nesting than this is flattened to text (hostile input must not blow the stack). */
const MAX_DEPTH = 12;

/** The link target when it is a safe, absolute http(s) or mailto URL; null otherwise. */
export function safeHref(raw: string): string | null {
  // Browsers drop tabs, newlines and leading control characters from URLs ("java\tscript:"); do the same before checking.
  // eslint-disable-next-line no-control-regex
  const cleaned = raw.replace(/[\u0000-\u001F\u007F\s]+/g, '');
  if (!cleaned) return null;
  let url: URL;
  try {
    url = new URL(cleaned);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:' && url.protocol !== 'mailto:') return null;
  if ((url.protocol === 'http:' || url.protocol === 'https:') && !url.hostname) return null;
  return url.href;
}

// ----------------------------------------------------------------- blocks

// Every line-level test runs in time linear in the line: model output may be one
// 60,000-character line, and a backtracking regex over it froze the side panel.
const QUOTE = /^ {0,3}> ?(.*)$/;
const LIST_ITEM = /^( {0,3})([-*+]|\d{1,9}[.)])(?:[ \t]+(.*))?$/;

/** Number of leading spaces (stops at 4: more is never a block start here). */
function indentOf(line: string): number {
  let n = 0;
  while (n < 4 && line[n] === ' ') n++;
  return n;
}

/** An opening code fence: its marker (``` or ~~~, at least three) and language; null if the line is not one. */
function fenceOpen(line: string): { marker: string; lang: string } | null {
  const indent = indentOf(line);
  const ch = line[indent];
  if (indent > 3 || (ch !== '`' && ch !== '~')) return null;
  let end = indent;
  while (line[end] === ch) end++;
  if (end - indent < 3) return null;
  const info = line.slice(end);
  // A backtick fence's info string may not contain a backtick (it would be a code span).
  if (ch === '`' && info.includes('`')) return null;
  return { marker: line.slice(indent, end), lang: info.trim().split(/\s/, 1)[0] ?? '' };
}

/** An ATX heading: its level and text (closing #s removed); null if the line is not one. */
function headingOf(line: string): { level: number; text: string } | null {
  const indent = indentOf(line);
  if (indent > 3 || line[indent] !== '#') return null;
  let end = indent;
  while (line[end] === '#') end++;
  const level = end - indent;
  if (level > 6 || (end < line.length && line[end] !== ' ' && line[end] !== '\t')) return null;
  let text = line.slice(end).trim();
  // An optional closing sequence of #s, preceded by a space (or making up the whole text).
  let hashes = text.length;
  while (hashes > 0 && text[hashes - 1] === '#') hashes--;
  if (hashes === 0) text = '';
  else if (hashes < text.length && (text[hashes - 1] === ' ' || text[hashes - 1] === '\t')) text = text.slice(0, hashes).trimEnd();
  return { level, text };
}

/** A thematic break: three or more of the same -, * or _, spaces and tabs between. */
function isRule(line: string): boolean {
  if (indentOf(line) > 3) return false;
  const compact = line.replace(/[ \t]+/g, '');
  const ch = compact[0];
  if ((ch !== '-' && ch !== '*' && ch !== '_') || compact.length < 3) return false;
  for (let i = 1; i < compact.length; i++) if (compact[i] !== ch) return false;
  return true;
}

function isBlank(line: string): boolean {
  return line.trim() === '';
}

function startsBlock(line: string): boolean {
  return fenceOpen(line) !== null || headingOf(line) !== null || isRule(line) || QUOTE.test(line) || LIST_ITEM.test(line);
}

function parseBlocks(lines: string[], options: MarkdownOptions, depth: number): MdBlock[] {
  const blocks: MdBlock[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i]!;
    if (isBlank(line)) {
      i++;
      continue;
    }
    const fence = depth < MAX_DEPTH ? fenceOpen(line) : null;
    if (fence) {
      const body: string[] = [];
      i++;
      while (i < lines.length && !lines[i]!.trim().startsWith(fence.marker)) body.push(lines[i++]!);
      i++; // the closing fence (or the end)
      blocks.push({ type: 'code', lang: fence.lang, value: body.join('\n') });
      continue;
    }
    const heading = headingOf(line);
    if (heading) {
      blocks.push({ type: 'heading', level: heading.level, children: parseInline(heading.text, options, depth) });
      i++;
      continue;
    }
    if (isRule(line)) {
      blocks.push({ type: 'rule' });
      i++;
      continue;
    }
    if (QUOTE.test(line) && depth < MAX_DEPTH) {
      const body: string[] = [];
      while (i < lines.length && !isBlank(lines[i]!)) {
        const quoted = QUOTE.exec(lines[i]!);
        body.push(quoted ? quoted[1]! : lines[i]!);
        i++;
      }
      blocks.push({ type: 'quote', children: parseBlocks(body, options, depth + 1) });
      continue;
    }
    const item = LIST_ITEM.exec(line);
    if (item && depth < MAX_DEPTH) {
      const ordered = /\d/.test(item[2]!);
      const start = ordered ? Number.parseInt(item[2]!, 10) : 1;
      const items: string[][] = [];
      while (i < lines.length) {
        const current = lines[i]!;
        const next = LIST_ITEM.exec(current);
        if (next && /\d/.test(next[2]!) === ordered && next[1]!.length <= 3) {
          items.push([next[3] ?? '']);
          i++;
          continue;
        }
        if (isBlank(current)) {
          // A blank line continues the list only if an indented line or another item follows.
          const following = lines[i + 1];
          if (following !== undefined && (/^ {2,}\S/.test(following) || LIST_ITEM.exec(following)?.[1]!.length === 0)) {
            items.at(-1)!.push('');
            i++;
            continue;
          }
          break;
        }
        if (/^ {2,}/.test(current) || !startsBlock(current)) {
          // Indented continuation, or a lazy continuation of the item's paragraph.
          items.at(-1)!.push(current.replace(/^ {1,4}/, ''));
          i++;
          continue;
        }
        break;
      }
      blocks.push({ type: 'list', ordered, start, items: items.map((body) => parseBlocks(body, options, depth + 1)) });
      continue;
    }
    const paragraph: string[] = [];
    while (i < lines.length && !isBlank(lines[i]!) && (paragraph.length === 0 || !startsBlock(lines[i]!))) paragraph.push(lines[i++]!);
    blocks.push({ type: 'paragraph', children: parseInline(paragraph.join('\n'), options, depth) });
  }
  return blocks;
}

// ----------------------------------------------------------------- inline

/** Longest link text and link destination looked at (longer ones stay literal text). */
const MAX_LINK_TEXT = 2000;
const MAX_LINK_DESTINATION = 4000;

/**
 * The matching closer of every opener in one pass (a stack, honouring backslash
 * escapes): `[`→`]` and `(`→`)`. Looking each one up is then O(1), where scanning
 * forward from every `[` made a line of brackets quadratic.
 */
function matchPairs(text: string, open: string, close: string): Map<number, number> {
  const pairs = new Map<number, number>();
  const stack: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '\\') i++;
    else if (ch === open) stack.push(i);
    else if (ch === close && stack.length > 0) pairs.set(stack.pop()!, i);
  }
  return pairs;
}

/** Parses `(target "title")` at `open`; returns the target and the index after `)`. */
function linkDestination(text: string, open: number, parens: Map<number, number>): { target: string; end: number } | null {
  if (text[open] !== '(') return null;
  const close = parens.get(open);
  if (close === undefined || close - open > MAX_LINK_DESTINATION) return null;
  const inner = text.slice(open + 1, close).trim();
  const target = inner.startsWith('<') && inner.includes('>') ? inner.slice(1, inner.indexOf('>')) : inner.split(/\s+["'(]/)[0]!;
  return { target: target.trim(), end: close + 1 };
}

const CITATION = /^\[(\d{1,3}(?:\s*[,;]\s*\d{1,3})*)\]/;
const BARE_URL = /^(?:https?:\/\/|mailto:)[^\s<>()[\]"']+[^\s<>()[\]"'.,;:!?*_]/i;
/** Characters that may start inline markup; everything between them is plain text, taken in one piece. */
const SPECIAL = /[\\\n`![<&*_hHmM]/g;
const ENTITY = /^&(?:(lt|gt|amp|quot|apos|nbsp)|#(\d{1,7})|#[xX]([0-9a-fA-F]{1,6}));/;
const NAMED_ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'", nbsp: '\u00A0' };

function pushText(out: MdInline[], value: string): void {
  const last = out.at(-1);
  if (last?.type === 'text') last.value += value;
  else out.push({ type: 'text', value });
}

/**
 * Backtick runs of the text, for code spans: a span closes at the next run of
 * exactly its length (CommonMark). The runs of each length are visited in order
 * with a cursor that only moves forward, so finding closers is linear overall.
 */
function backtickRuns(text: string): (start: number, length: number) => number {
  const byLength = new Map<number, number[]>();
  for (let i = text.indexOf('`'); i >= 0; i = text.indexOf('`', i)) {
    let end = i;
    while (text[end] === '`') end++;
    const list = byLength.get(end - i) ?? [];
    list.push(i);
    byLength.set(end - i, list);
    i = end;
  }
  const cursor = new Map<number, number>();
  return (start, length) => {
    const list = byLength.get(length);
    if (!list) return -1;
    let k = cursor.get(length) ?? 0;
    while (k < list.length && list[k]! <= start) k++;
    cursor.set(length, k);
    return k < list.length ? list[k]! : -1;
  };
}

/** Parses inline Markdown; unknown or unbalanced markup stays as literal text. Linear in the text per nesting level. */
function parseInline(text: string, options: MarkdownOptions, depth: number): MdInline[] {
  const out: MdInline[] = [];
  if (depth >= MAX_DEPTH) {
    pushText(out, text);
    return out;
  }
  const brackets = matchPairs(text, '[', ']');
  const parens = matchPairs(text, '(', ')');
  const nextBacktickRun = backtickRuns(text);
  let i = 0;
  while (i < text.length) {
    // Plain text up to the next character that may start markup, in one piece.
    SPECIAL.lastIndex = i;
    const next = SPECIAL.exec(text);
    const stop = next ? next.index : text.length;
    if (stop > i) {
      pushText(out, text.slice(i, stop));
      i = stop;
      if (i >= text.length) break;
    }
    const ch = text[i]!;
    const rest = text.slice(i, i + MAX_LINK_DESTINATION);
    if (ch === '\\' && i + 1 < text.length && /[!-/:-@[-`{-~]/.test(text[i + 1]!)) {
      pushText(out, text[i + 1]!);
      i += 2;
      continue;
    }
    if (ch === '&') {
      // Character references, as CommonMark reads them (an escaped export shows `<` as `&lt;`): decoded to text, never markup.
      const entity = ENTITY.exec(rest);
      const code = entity ? (entity[1] ? -1 : Number.parseInt(entity[2] ?? entity[3]!, entity[2] ? 10 : 16)) : 0;
      if (entity && (code === -1 || (code > 0 && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff)))) {
        pushText(out, code === -1 ? NAMED_ENTITIES[entity[1]!]! : String.fromCodePoint(code));
        i += entity[0].length;
        continue;
      }
    }
    if (ch === '\n') {
      if (/ {2,}$/.test(text.slice(Math.max(0, i - 2), i)) || text[i - 1] === '\\') out.push({ type: 'break' });
      else pushText(out, ' ');
      i++;
      continue;
    }
    if (ch === '`') {
      let end = i;
      while (text[end] === '`') end++;
      const length = end - i;
      const close = nextBacktickRun(i, length);
      if (close > 0) {
        out.push({ type: 'code', value: text.slice(end, close).replace(/\n/g, ' ') });
        i = close + length;
        continue;
      }
      pushText(out, text.slice(i, end));
      i = end;
      continue;
    }
    if (ch === '!' && text[i + 1] === '[') {
      const close = brackets.get(i + 1) ?? -1;
      const destination = close > 0 && close - i <= MAX_LINK_TEXT ? linkDestination(text, close + 1, parens) : null;
      if (destination) {
        out.push({ type: 'image', alt: text.slice(i + 2, close), href: safeHref(destination.target), target: destination.target });
        i = destination.end;
        continue;
      }
    }
    if (ch === '[') {
      const citation = options.citations ? CITATION.exec(rest) : null;
      if (citation && text[i + citation[0].length] !== '(') {
        const ids = citation[1]!.split(/[,;]/).map((id) => Number.parseInt(id.trim(), 10));
        if (ids.every((id) => id >= 1 && id <= options.citations!)) {
          out.push({ type: 'citation', ids, raw: citation[0] });
          i += citation[0].length;
          continue;
        }
      }
      const close = brackets.get(i) ?? -1;
      const destination = close > 0 && close - i <= MAX_LINK_TEXT ? linkDestination(text, close + 1, parens) : null;
      if (destination) {
        out.push({
          type: 'link',
          href: safeHref(destination.target),
          target: destination.target,
          children: parseInline(text.slice(i + 1, close), { ...options, citations: 0 }, depth + 1),
        });
        i = destination.end;
        continue;
      }
    }
    if (ch === '<') {
      const auto = /^<((?:https?|mailto):[^\s<>]+)>/i.exec(rest);
      if (auto) {
        out.push({ type: 'link', href: safeHref(auto[1]!), target: auto[1]!, children: [{ type: 'text', value: auto[1]! }] });
        i += auto[0].length;
        continue;
      }
    }
    if ((ch === 'h' || ch === 'H' || ch === 'm' || ch === 'M') && !/[\p{L}\p{N}]/u.test(text[i - 1] ?? ' ')) {
      const bare = BARE_URL.exec(rest);
      if (bare) {
        out.push({ type: 'link', href: safeHref(bare[0]), target: bare[0], children: [{ type: 'text', value: bare[0] }] });
        i += bare[0].length;
        continue;
      }
    }
    if (ch === '*' || ch === '_') {
      const run = text[i + 1] === ch ? ch + ch : ch;
      // Intraword underscores (snake_case) are text.
      const flanked = ch === '_' && /[\p{L}\p{N}]/u.test(text[i - 1] ?? ' ');
      const close = flanked ? -1 : text.indexOf(run, i + run.length + 1);
      if (close > 0 && !/\s/.test(text[i + run.length] ?? ' ') && !/\s/.test(text[close - 1]!)) {
        const children = parseInline(text.slice(i + run.length, close), options, depth + 1);
        out.push(run.length === 2 ? { type: 'strong', children } : { type: 'em', children });
        i = close + run.length;
        continue;
      }
      pushText(out, run);
      i += run.length;
      continue;
    }
    pushText(out, ch);
    i++;
  }
  return out;
}

/** Parses Markdown text into blocks (pure: no DOM, no URL is fetched). */
export function parseMarkdown(text: string, options: MarkdownOptions = {}): MdBlock[] {
  return parseBlocks(text.replace(/\r\n?/g, '\n').split('\n'), options, 0);
}

// ----------------------------------------------------------------- safe Markdown out

/**
 * Escapes text for any Markdown viewer: Markdown's punctuation gets a backslash,
 * and `<`, `>` and `&` become entities (some viewers render raw HTML and ignore
 * backslashes before `<`). The result shows the same characters and is inert.
 */
export function escapeMarkdownText(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/[\\`*_[\]{}()#+!|~]/g, '\\$&');
}

/** A code span or fence marker longer than any run of the character inside. */
function fenceFor(value: string, ch: '`'): string {
  let longest = 0;
  for (const run of value.match(/`+/g) ?? []) longest = Math.max(longest, run.length);
  return ch.repeat(longest + 1);
}

function inlineToMarkdown(nodes: readonly MdInline[]): string {
  let out = '';
  for (const node of nodes) {
    switch (node.type) {
      case 'text':
        out += escapeMarkdownText(node.value);
        break;
      case 'code': {
        const marker = fenceFor(node.value, '`');
        const pad = node.value.startsWith('`') || node.value.endsWith('`') ? ' ' : '';
        out += `${marker}${pad}${node.value}${pad}${marker}`;
        break;
      }
      case 'strong':
        out += `**${inlineToMarkdown(node.children)}**`;
        break;
      case 'em':
        out += `*${inlineToMarkdown(node.children)}*`;
        break;
      case 'break':
        out += '\\\n';
        break;
      case 'citation':
        out += escapeMarkdownText(node.raw);
        break;
      case 'link':
      case 'image': {
        const label = node.type === 'image' ? escapeMarkdownText(`[image: ${node.alt || 'no description'}]`) : inlineToMarkdown(node.children);
        // Only a vetted http(s)/mailto target stays a link; a refused one is shown as text, in a code span.
        if (node.href) out += `[${label}](<${node.href}>)`;
        else out += `${label} (link removed: ${inlineToMarkdown([{ type: 'code', value: node.target.slice(0, 200) }])})`;
        break;
      }
    }
  }
  return out;
}

function blocksToMarkdown(blocks: readonly MdBlock[]): string[] {
  const lines: string[] = [];
  for (const block of blocks) {
    if (lines.length > 0) lines.push('');
    switch (block.type) {
      case 'paragraph':
        // A line that starts like a list item would interrupt the paragraph in a viewer: escape its marker.
        lines.push(
          ...inlineToMarkdown(block.children)
            .split('\n')
            .map((line) =>
              line.replace(/^(\s*)(-|\d{1,9}(?=[.)]))(?=[\s.)]|$)/, (_all, space: string, marker: string) => (marker === '-' ? `${space}\\-` : `${space}${marker}\\`)),
            ),
        );
        break;
      case 'heading':
        lines.push(`${'#'.repeat(block.level)} ${inlineToMarkdown(block.children)}`);
        break;
      case 'code': {
        // Code blocks are shown verbatim by every viewer; the marker outlasts any backtick run inside.
        const marker = fenceFor(block.value, '`');
        const fence = marker.length < 3 ? '```' : marker;
        lines.push(`${fence}${block.lang.replace(/[^\w+.-]/g, '')}`, ...block.value.split('\n'), fence);
        break;
      }
      case 'list':
        block.items.forEach((item, index) => {
          const bullet = block.ordered ? `${block.start + index}. ` : '- ';
          const body = blocksToMarkdown(item);
          const pad = ' '.repeat(bullet.length);
          lines.push(...(body.length > 0 ? body : ['']).map((line, k) => (k === 0 ? bullet + line : line ? pad + line : '')));
        });
        break;
      case 'quote':
        lines.push(...blocksToMarkdown(block.children).map((line) => (line ? `> ${line}` : '>')));
        break;
      case 'rule':
        lines.push('---');
        break;
    }
  }
  return lines;
}

/**
 * Model output rewritten as inert Markdown, for exports: parsed with the same
 * parser the views use, then written back with every text escaped, links only to
 * the targets the view would open, no image and no raw HTML. A Markdown viewer
 * (even one that renders HTML) then shows what Gleaner showed, and nothing runs
 * or loads.
 */
export function toSafeMarkdown(text: string, options: MarkdownOptions = {}): string {
  return blocksToMarkdown(parseMarkdown(text, options)).join('\n');
}
