/**
 * Splits a page's text into consecutive parts that each fit a token budget,
 * cutting between blocks (paragraphs, headings) when possible, then between
 * sentences, then between words. The parts partition the text: together they
 * cover every character, so a summary built from all of them used the whole page.
 */
import type { ExtractedBlock } from '@/lib/extract/types';
import type { Tokenizer } from '@/lib/tokens/types';
import { fitPrefix } from './budget';

/** One part of a page: the character range [start, end) of the page text. */
export interface PagePart {
  start: number;
  end: number;
  text: string;
  tokens: number;
}

/** Natural cut points of the text: block boundaries when known, else blank lines. */
function blockRanges(text: string, blocks: readonly ExtractedBlock[] | undefined): Array<[number, number]> {
  const cuts = new Set<number>([0, text.length]);
  if (blocks && blocks.length > 0) {
    for (const block of blocks) {
      if (block.start > 0 && block.start < text.length) cuts.add(block.start);
    }
  } else {
    for (const match of text.matchAll(/\n\s*\n/g)) cuts.add(match.index + match[0].length);
  }
  const sorted = [...cuts].sort((a, b) => a - b);
  const ranges: Array<[number, number]> = [];
  for (let i = 0; i + 1 < sorted.length; i++) ranges.push([sorted[i]!, sorted[i + 1]!]);
  return ranges;
}

/** Cuts one over-long range into pieces of at most `maxTokens`, at sentence ends, else word boundaries. */
function cutRange(text: string, start: number, end: number, tokenizer: Tokenizer, maxTokens: number): Array<[number, number]> {
  const pieces: Array<[number, number]> = [];
  let from = start;
  while (from < end) {
    const rest = text.slice(from, end);
    if (tokenizer.count(rest) <= maxTokens) {
      pieces.push([from, end]);
      break;
    }
    const prefix = fitPrefix(tokenizer, rest, maxTokens);
    // Prefer the last sentence end inside the prefix, if it keeps at least half of it.
    let cut = prefix.length;
    const sentenceEnds = [...prefix.matchAll(/[.!?。！？]["'”’)\]]*\s+/g)];
    const lastSentence = sentenceEnds.at(-1);
    if (lastSentence && lastSentence.index + lastSentence[0].length >= prefix.length / 2) {
      cut = lastSentence.index + lastSentence[0].length;
    }
    if (cut <= 0) cut = Math.max(1, prefix.length || 1);
    pieces.push([from, from + cut]);
    from += cut;
  }
  return pieces;
}

/**
 * Partitions `text` into parts of at most `maxTokens` tokens each (as counted
 * by `tokenizer`), keeping blocks whole when they fit.
 */
export function splitPage(text: string, blocks: readonly ExtractedBlock[] | undefined, tokenizer: Tokenizer, maxTokens: number): PagePart[] {
  if (maxTokens < 16) throw new RangeError(`A part budget of ${maxTokens} tokens is too small to split a page.`);
  const units: Array<[number, number, number]> = [];
  for (const [start, end] of blockRanges(text, blocks)) {
    const tokens = tokenizer.count(text.slice(start, end));
    if (tokens <= maxTokens) units.push([start, end, tokens]);
    else for (const [from, to] of cutRange(text, start, end, tokenizer, maxTokens)) units.push([from, to, tokenizer.count(text.slice(from, to))]);
  }
  const parts: PagePart[] = [];
  let current: [number, number] | null = null;
  let currentTokens = 0;
  for (const [start, end, tokens] of units) {
    if (current) {
      // Counts of concatenations stay within a few tokens of the sum: only near the limit is the exact count needed.
      const estimate = currentTokens + tokens;
      const joinedTokens = estimate <= maxTokens - 8 ? estimate : tokenizer.count(text.slice(current[0], end));
      if (joinedTokens <= maxTokens) {
        current = [current[0], end];
        currentTokens = joinedTokens;
        continue;
      }
      parts.push({ start: current[0], end: current[1], text: text.slice(current[0], current[1]), tokens: currentTokens });
    }
    current = [start, end];
    currentTokens = tokens;
  }
  if (current) parts.push({ start: current[0], end: current[1], text: text.slice(current[0], current[1]), tokens: currentTokens });
  // Estimates are verified once per part; a part that came out over the limit is split again on its own.
  const verified: PagePart[] = [];
  for (const part of parts) {
    const exact = tokenizer.count(part.text);
    if (exact <= maxTokens) verified.push({ ...part, tokens: exact });
    else
      for (const [from, to] of cutRange(text, part.start, part.end, tokenizer, maxTokens))
        verified.push({ start: from, end: to, text: text.slice(from, to), tokens: tokenizer.count(text.slice(from, to)) });
  }
  return verified.filter((part) => part.text.trim().length > 0 || verified.length === 1);
}
