/**
 * Packing retrieved passages into the prompt as numbered sources, under a
 * token budget: duplicates and overlapping chunks are dropped, passages are
 * taken in rank order, and one that does not fit whole is narrowed to its
 * sentences that match the question best (never cut blindly at the end).
 */
import type { Tokenizer } from '@/lib/tokens/types';
import { sourceBlock, type PromptSource } from './prompts';
import { contentTerms, words } from './terms';

/** A passage found by retrieval (library search, in-page ranking, or the selection). */
export interface RetrievedPassage {
  url: string;
  title: string;
  site?: string;
  /** When the page was read (epoch ms). */
  readAt?: number;
  text: string;
  /** Character offsets of the passage in its page's text, when known (for dedupe). */
  start?: number;
  end?: number;
  headingPath?: readonly string[];
  score?: number;
}

/** A packed source: what the model sees, and what the source card shows. */
export interface PackedSource extends PromptSource {
  headingPath?: readonly string[];
  /** True when the passage was narrowed to fit the budget. */
  narrowed: boolean;
}

/** The packed context of one question. */
export interface PackedContext {
  sources: PackedSource[];
  /** The exact text of the sources as it goes into the prompt. */
  text: string;
  tokens: number;
}

/** Drops passages that repeat or overlap a better-ranked passage of the same page. */
export function dedupePassages(passages: readonly RetrievedPassage[]): RetrievedPassage[] {
  const kept: RetrievedPassage[] = [];
  const seenText = new Set<string>();
  for (const passage of passages) {
    const normalized = passage.text.replace(/\s+/g, ' ').trim().toLowerCase();
    if (!normalized || seenText.has(normalized)) continue;
    const overlaps = kept.some(
      (other) =>
        other.url === passage.url &&
        passage.start !== undefined && passage.end !== undefined && other.start !== undefined && other.end !== undefined &&
        // Overlap of more than half of the shorter passage: chunk overlap margins alone do not count.
        Math.min(passage.end, other.end) - Math.max(passage.start, other.start) > Math.min(passage.end - passage.start, other.end - other.start) / 2,
    );
    if (overlaps) continue;
    seenText.add(normalized);
    kept.push(passage);
  }
  return kept;
}

/** True when the passage shares at least one content word with the question (questions of stopwords only match everything). */
export function isRelevant(passage: string, questionTerms: readonly string[]): boolean {
  if (questionTerms.length === 0) return true;
  const present = new Set(words(passage));
  return questionTerms.some((term) => present.has(term));
}

/** Splits text into sentences, keeping their text intact (whitespace included). */
function sentences(text: string): string[] {
  return text.match(/[^.!?。！？\n]+(?:[.!?。！？]+["'”’)\]]*|\n+|$)\s*/g)?.filter((s) => s.length > 0) ?? [text];
}

/**
 * The contiguous run of sentences that best matches the question terms and
 * fits `maxTokens`; it falls back to the prefix that fits.
 */
export function focusPassage(text: string, questionTerms: readonly string[], tokenizer: Tokenizer, maxTokens: number): string {
  if (tokenizer.count(text) <= maxTokens) return text;
  const parts = sentences(text);
  const termSet = new Set(questionTerms);
  const scores = parts.map((sentence) => new Set(words(sentence).filter((word) => termSet.has(word))).size);
  const costs = parts.map((sentence) => tokenizer.count(sentence));
  let best: { from: number; to: number; score: number; cost: number } | null = null;
  // Two pointers over sentences: the window of highest score that fits, ties to the shorter.
  let from = 0;
  let cost = 0;
  let score = 0;
  for (let to = 0; to < parts.length; to++) {
    cost += costs[to]!;
    score += scores[to]!;
    while (cost > maxTokens && from <= to) {
      cost -= costs[from]!;
      score -= scores[from]!;
      from += 1;
    }
    if (from <= to && (!best || score > best.score)) best = { from, to, score, cost };
  }
  if (!best || best.score === 0) {
    // No sentence fits or none matches: the beginning of the passage, trimmed to fit.
    let prefix = '';
    for (const sentence of parts) {
      if (tokenizer.count(prefix + sentence) > maxTokens) break;
      prefix += sentence;
    }
    return prefix.trim() || '';
  }
  const window = parts.slice(best.from, best.to + 1).join('').trim();
  // The window is counted per sentence; joining can merge tokens differently, so verify.
  return tokenizer.count(window) <= maxTokens ? window : parts.slice(best.from, best.to).join('').trim();
}

/** Options of packing. */
export interface PackOptions {
  tokenizer: Tokenizer;
  /** Tokens the whole sources text may take. */
  budget: number;
  /** At most this share of the budget for one source, so several sources fit (1 = no cap). */
  maxShare?: number;
  /** Sources narrower than this many tokens are not worth adding. */
  minSourceTokens?: number;
}

/**
 * Packs passages (best first) as numbered sources whose rendered text takes at
 * most `budget` tokens. Irrelevant passages (no question word) are skipped.
 */
export function packSources(question: string, passages: readonly RetrievedPassage[], options: PackOptions): PackedContext {
  const { tokenizer, budget } = options;
  const maxShare = options.maxShare ?? 0.5;
  const minSourceTokens = options.minSourceTokens ?? 24;
  const terms = contentTerms(question);
  const sources: PackedSource[] = [];
  let text = '';
  let tokens = 0;
  for (const passage of dedupePassages(passages)) {
    if (!isRelevant(passage.text, terms)) continue;
    const id = sources.length + 1;
    const meta = { id, title: passage.title, url: passage.url, site: passage.site, readAt: passage.readAt };
    const separator = text ? '\n\n' : '';
    const remaining = budget - tokens;
    // Tokens of the block around an empty text (the fence, its attributes) plus the separator.
    const frame = tokenizer.count(separator + sourceBlock({ ...meta, text: '' }));
    const room = Math.min(remaining, Math.floor(budget * maxShare)) - frame;
    if (room < minSourceTokens) {
      if (remaining - frame < minSourceTokens) break;
      continue;
    }
    let body = passage.text.trim();
    let narrowed = false;
    if (tokenizer.count(body) > room) {
      body = focusPassage(body, terms, tokenizer, room);
      narrowed = true;
    }
    if (!body) continue;
    let candidate = text + separator + sourceBlock({ ...meta, text: body });
    let candidateTokens = tokenizer.count(candidate);
    // Joining can add a token or two at the seams: shrink until the whole fits.
    let shrink = room;
    while (candidateTokens > budget && shrink > minSourceTokens) {
      shrink -= Math.max(4, candidateTokens - budget);
      body = focusPassage(passage.text.trim(), terms, tokenizer, shrink);
      narrowed = true;
      candidate = text + separator + sourceBlock({ ...meta, text: body });
      candidateTokens = tokenizer.count(candidate);
    }
    if (candidateTokens > budget || !body) continue;
    sources.push({ ...meta, text: body, headingPath: passage.headingPath, narrowed });
    text = candidate;
    tokens = candidateTokens;
  }
  return { sources, text, tokens };
}
