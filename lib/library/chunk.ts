import type { ExtractedBlock, ExtractedPage } from '@/lib/extract/types';
import { chunkTokenizer, type TokenCounter } from '@/lib/tokens/token-counter';

/**
 * Chunking: a page's text cut into passages sized in tokens, for retrieval and
 * for quoting in answers.
 *
 * - Sentences are the unit: a passage never cuts a sentence (a sentence longer
 *   than a passage is cut at word boundaries).
 * - Paragraph-aware: a passage that is already well filled ends at a paragraph
 *   boundary rather than starting a paragraph it cannot finish.
 * - Heading-aware: a heading always starts a new passage, and every passage
 *   carries the path of headings above it.
 * - Small overlap: a passage starts with the last sentence(s) of the previous
 *   one (within one section) when they fit in `overlapTokens`.
 * - Offsets: `start`/`end` index `page.text`, so `text.slice(start, end)` is the
 *   passage and a citation can locate it.
 *
 * Tokens are counted with an injected counter. The default is a tokenizer-free
 * estimate of GPT-4's cl100k (`lib/tokens/token-counter.ts`): chunking runs in the
 * background service worker, which must start fast and so carries no BPE rank
 * data; the answers feature re-counts passages with the model's exact
 * tokenizer where it packs a prompt. Counts of sentences are summed, which is
 * within a token or two of counting the joined passage.
 */

/** One passage of a page. */
export interface Chunk {
  /** Position of the passage in the page, from 0. */
  ordinal: number;
  /** Offsets into the page text: `text.slice(start, end)`. */
  start: number;
  end: number;
  /** Headings above the passage, outermost first. */
  headingPath: string[];
  /** Tokens of the passage (sum over its sentences). */
  tokenCount: number;
}

/** Chunking parameters. */
export interface ChunkOptions {
  tokenizer?: TokenCounter;
  /** Largest passage, in tokens. */
  maxTokens?: number;
  /** Largest overlap with the previous passage, in tokens. */
  overlapTokens?: number;
}

const DEFAULT_MAX_TOKENS = 256;
const DEFAULT_OVERLAP_TOKENS = 48;

interface Unit {
  start: number;
  end: number;
  tokens: number;
  /** First sentence of a block. */
  blockStart: boolean;
  heading: boolean;
  headingPath: string[];
  /** Carried over from the previous passage. */
  overlap?: boolean;
}

const SENTENCE_END = /[.!?…]+["'”’)\]]*\s+|[。！？]+[」』）]*\s*|\n+/g;

/** Blocks of a page; pages without blocks are split on blank lines. */
function blocksOf(page: Pick<ExtractedPage, 'text' | 'blocks'>): ExtractedBlock[] {
  if (page.blocks && page.blocks.length > 0) return page.blocks;
  const blocks: ExtractedBlock[] = [];
  const re = /\n\s*\n/g;
  let last = 0;
  for (const m of page.text.matchAll(re)) {
    blocks.push({ kind: 'paragraph', start: last, end: m.index! });
    last = m.index! + m[0].length;
  }
  blocks.push({ kind: 'paragraph', start: last, end: page.text.length });
  return blocks;
}

/** Trims whitespace from a [start, end) span of `text`. */
function trimSpan(text: string, start: number, end: number): [number, number] {
  while (start < end && /\s/.test(text[start]!)) start++;
  while (end > start && /\s/.test(text[end - 1]!)) end--;
  return [start, end];
}

/** Cuts a span that is longer than `maxTokens` at word boundaries into pieces of about `maxTokens`. */
function splitLong(text: string, start: number, end: number, tokens: number, maxTokens: number, tok: TokenCounter): Array<[number, number, number]> {
  const pieces = Math.ceil(tokens / maxTokens);
  const step = (end - start) / pieces;
  const out: Array<[number, number, number]> = [];
  let from = start;
  for (let i = 1; i <= pieces; i++) {
    let to = i === pieces ? end : Math.round(start + step * i);
    // Move forward to the next whitespace so a word is not cut (no-space scripts cut anywhere).
    const limit = Math.min(end, to + 40);
    while (to < limit && !/\s/.test(text[to]!)) to++;
    const [s, e] = trimSpan(text, from, to);
    if (e > s) out.push([s, e, tok.count(text.slice(s, e))]);
    from = to;
    if (from >= end) break;
  }
  return out;
}

/** Sentences of one block as units. */
function sentenceUnits(text: string, block: ExtractedBlock, maxTokens: number, tok: TokenCounter, headingPath: string[]): Unit[] {
  const units: Unit[] = [];
  const body = text.slice(block.start, block.end);
  let last = 0;
  const pushSpan = (from: number, to: number) => {
    const [s, e] = trimSpan(text, block.start + from, block.start + to);
    if (e <= s) return;
    const tokens = tok.count(text.slice(s, e));
    const parts = tokens > maxTokens ? splitLong(text, s, e, tokens, maxTokens, tok) : [[s, e, tokens] as [number, number, number]];
    for (const [ps, pe, pt] of parts) {
      units.push({ start: ps, end: pe, tokens: pt, blockStart: units.length === 0, heading: false, headingPath });
    }
  };
  for (const m of body.matchAll(SENTENCE_END)) {
    const to = m.index! + m[0].length;
    pushSpan(last, to);
    last = to;
  }
  pushSpan(last, body.length);
  return units;
}

/** Cuts a page into token-sized, heading- and paragraph-aware passages with offsets. */
export function chunkPage(page: Pick<ExtractedPage, 'text' | 'blocks'>, options: ChunkOptions = {}): Chunk[] {
  const tok = options.tokenizer ?? chunkTokenizer;
  const maxTokens = options.maxTokens ?? DEFAULT_MAX_TOKENS;
  const overlapTokens = options.overlapTokens ?? DEFAULT_OVERLAP_TOKENS;
  const text = page.text;

  // 1. Units: headings and sentences, each with the heading path in force.
  const units: Unit[] = [];
  const headings: Array<{ level: number; title: string }> = [];
  for (const block of blocksOf(page)) {
    const start = Math.max(0, Math.min(block.start, text.length));
    const end = Math.max(start, Math.min(block.end, text.length));
    if (block.kind === 'heading') {
      const [s, e] = trimSpan(text, start, end);
      if (e <= s) continue;
      const level = block.level ?? 2;
      while (headings.length > 0 && headings.at(-1)!.level >= level) headings.pop();
      headings.push({ level, title: text.slice(s, e).replace(/\s+/g, ' ').slice(0, 200) });
      const path = headings.map((h) => h.title);
      const tokens = Math.min(tok.count(text.slice(s, e)), maxTokens);
      units.push({ start: s, end: Math.min(e, s + 2000), tokens, blockStart: true, heading: true, headingPath: path });
      continue;
    }
    const path = headings.map((h) => h.title);
    units.push(...sentenceUnits(text, { ...block, start, end }, maxTokens, tok, path));
  }

  // 2. Packing: greedy, breaking at headings, at overflow, and early at a paragraph start when well filled.
  const chunks: Chunk[] = [];
  let current: Unit[] = [];
  let currentTokens = 0;
  const blockTokensFrom = (i: number): number => {
    let sum = units[i]!.tokens;
    for (let j = i + 1; j < units.length && !units[j]!.blockStart; j++) sum += units[j]!.tokens;
    return sum;
  };
  const close = () => {
    if (current.length === 0) return;
    const first = current[0]!;
    // The headings in force at the passage's own first sentence (not a carried-over one).
    const firstOwn = current.find((u) => !u.overlap && !u.heading) ?? first;
    chunks.push({
      ordinal: chunks.length,
      start: first.start,
      end: current.at(-1)!.end,
      headingPath: firstOwn.headingPath,
      tokenCount: currentTokens,
    });
  };
  for (let i = 0; i < units.length; i++) {
    const unit = units[i]!;
    const hasContent = current.some((u) => !u.heading && !u.overlap);
    const overflow = currentTokens + unit.tokens > maxTokens;
    const earlyBreak = unit.blockStart && currentTokens >= maxTokens * 0.6 && currentTokens + blockTokensFrom(i) > maxTokens;
    if (hasContent && (unit.heading || overflow || earlyBreak)) {
      close();
      // Overlap: trailing sentences of the closed passage, within the same section.
      const carry: Unit[] = [];
      let carryTokens = 0;
      if (!unit.heading) {
        for (let j = current.length - 1; j >= 0; j--) {
          const u = current[j]!;
          if (u.heading || carryTokens + u.tokens > overlapTokens || carryTokens + u.tokens + unit.tokens > maxTokens) break;
          carry.unshift({ ...u, overlap: true });
          carryTokens += u.tokens;
        }
      }
      current = carry;
      currentTokens = carryTokens;
    }
    current.push(unit);
    currentTokens += unit.tokens;
  }
  if (current.some((u) => !u.heading && !u.overlap) || (chunks.length === 0 && current.length > 0)) close();
  return chunks;
}
