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

const FENCE = /^ {0,3}(`{3,}|~{3,})\s*([^`\s]*)[^`]*$/;
const HEADING = /^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/;
const RULE = /^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$/;
const QUOTE = /^ {0,3}> ?(.*)$/;
const LIST_ITEM = /^( {0,3})([-*+]|\d{1,9}[.)])(?:[ \t]+(.*))?$/;

function isBlank(line: string): boolean {
  return line.trim() === '';
}

function startsBlock(line: string): boolean {
  return FENCE.test(line) || HEADING.test(line) || RULE.test(line) || QUOTE.test(line) || LIST_ITEM.test(line);
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
    const fence = depth < MAX_DEPTH ? FENCE.exec(line) : null;
    if (fence) {
      const marker = fence[1]!;
      const body: string[] = [];
      i++;
      while (i < lines.length && !lines[i]!.trim().startsWith(marker)) body.push(lines[i++]!);
      i++; // the closing fence (or the end)
      blocks.push({ type: 'code', lang: fence[2] ?? '', value: body.join('\n') });
      continue;
    }
    const heading = HEADING.exec(line);
    if (heading) {
      blocks.push({ type: 'heading', level: heading[1]!.length, children: parseInline(heading[2] ?? '', options, depth) });
      i++;
      continue;
    }
    if (RULE.test(line)) {
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

/** Index of the `]` that closes the `[` at `open`, honouring nesting and escapes; -1 if none. */
function closingBracket(text: string, open: number): number {
  let level = 0;
  for (let i = open; i < text.length && i < open + 2000; i++) {
    const ch = text[i];
    if (ch === '\\') i++;
    else if (ch === '[') level++;
    else if (ch === ']' && --level === 0) return i;
  }
  return -1;
}

/** Parses `(target "title")` at `open`; returns the target and the index after `)`. */
function linkDestination(text: string, open: number): { target: string; end: number } | null {
  if (text[open] !== '(') return null;
  let level = 0;
  for (let i = open; i < text.length && i < open + 4000; i++) {
    const ch = text[i];
    if (ch === '\\') i++;
    else if (ch === '(') level++;
    else if (ch === ')' && --level === 0) {
      const inner = text.slice(open + 1, i).trim();
      const target = inner.startsWith('<') && inner.includes('>') ? inner.slice(1, inner.indexOf('>')) : inner.split(/\s+["'(]/)[0]!;
      return { target: target.trim(), end: i + 1 };
    }
  }
  return null;
}

const CITATION = /^\[(\d{1,3}(?:\s*[,;]\s*\d{1,3})*)\]/;
const BARE_URL = /^(?:https?:\/\/|mailto:)[^\s<>()[\]"']+[^\s<>()[\]"'.,;:!?*_]/i;

function pushText(out: MdInline[], value: string): void {
  const last = out.at(-1);
  if (last?.type === 'text') last.value += value;
  else out.push({ type: 'text', value });
}

/** Parses inline Markdown; unknown or unbalanced markup stays as literal text. */
function parseInline(text: string, options: MarkdownOptions, depth: number): MdInline[] {
  const out: MdInline[] = [];
  if (depth >= MAX_DEPTH) {
    pushText(out, text);
    return out;
  }
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    const rest = text.slice(i, i + 4000);
    if (ch === '\\' && i + 1 < text.length && /[!-/:-@[-`{-~]/.test(text[i + 1]!)) {
      pushText(out, text[i + 1]!);
      i += 2;
      continue;
    }
    if (ch === '\n') {
      if (/ {2,}$/.test(text.slice(Math.max(0, i - 2), i)) || text[i - 1] === '\\') out.push({ type: 'break' });
      else pushText(out, ' ');
      i++;
      continue;
    }
    if (ch === '`') {
      const run = /^`+/.exec(rest)![0];
      const close = text.indexOf(run, i + run.length);
      if (close > 0) {
        out.push({ type: 'code', value: text.slice(i + run.length, close).replace(/\n/g, ' ') });
        i = close + run.length;
        continue;
      }
      pushText(out, run);
      i += run.length;
      continue;
    }
    if (ch === '!' && text[i + 1] === '[') {
      const close = closingBracket(text, i + 1);
      const destination = close > 0 ? linkDestination(text, close + 1) : null;
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
      const close = closingBracket(text, i);
      const destination = close > 0 ? linkDestination(text, close + 1) : null;
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
      const run = rest.startsWith(ch + ch) ? ch + ch : ch;
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
