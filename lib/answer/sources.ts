/**
 * Packing retrieved passages into the prompt as numbered sources, under a
 * token budget. Duplicates and overlapping chunks are dropped; then, for a
 * question, the evidence is chosen sentence by sentence across the top
 * passages (`packWindows`): a small context holds the few sentences that
 * answer, from several pages, rather than the first passage or two whole.
 * Without a question (a selection, a whole page) passages are taken in order,
 * narrowed to their best sentences when they do not fit (never cut blindly).
 */
import type { Tokenizer } from '@/lib/tokens/types';
import { sourceBlock, type PromptSource } from './prompts';
import { terms as termsOf } from '@/lib/library/analyze';
import { rankTexts } from '@/lib/library/bm25';
import { contentTerms } from './terms';

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
  /**
   * Share (0..1) of the question's idf mass that the passage (with its title
   * and headings) contains, when retrieval knows the collection's statistics
   * (library search): the "nothing relevant was read" decision uses it.
   */
  relevance?: number;
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
        passage.start !== undefined &&
        passage.end !== undefined &&
        other.start !== undefined &&
        other.end !== undefined &&
        // Overlap of more than half of the shorter passage: chunk overlap margins alone do not count.
        Math.min(passage.end, other.end) - Math.max(passage.start, other.start) > Math.min(passage.end - passage.start, other.end - other.start) / 2,
    );
    if (overlaps) continue;
    seenText.add(normalized);
    kept.push(passage);
  }
  return kept;
}

/** True when the passage shares at least one index term with the question (questions of stop words only match everything). */
function isRelevant(passage: string, questionTerms: readonly string[]): boolean {
  if (questionTerms.length === 0) return true;
  const present = new Set(termsOf(passage));
  return questionTerms.some((term) => present.has(term));
}

/**
 * Least `relevance` of the best passage for the question to be answered from
 * the library at all, and of any other passage to be packed. Calibrated with
 * `npm run eval:context` (answerable questions wrongly refused vs. questions
 * with no answer in the library wrongly given sources): see docs/benchmarks.md.
 */
const MIN_QUESTION_RELEVANCE = 0.35;
const MIN_PASSAGE_RELEVANCE = 0.2;

/** A sentence with the whitespace after it: the one sentence splitter of the answers (the chunker cuts at its own ends, lib/library/chunk.ts). */
const SENTENCE = /[^.!?。！？\n]+(?:[.!?。！？]+["'”’)\]]*|\n+|$)\s*/g;

/** Splits text into sentences, keeping their text intact (whitespace included). */
function sentences(text: string): string[] {
  return text.match(SENTENCE)?.filter((s) => s.length > 0) ?? [text];
}

/**
 * The contiguous run of sentences that best matches the question terms and
 * fits `maxTokens`; it falls back to the prefix that fits.
 */
export function focusPassage(text: string, questionTerms: readonly string[], tokenizer: Tokenizer, maxTokens: number): string {
  if (tokenizer.count(text) <= maxTokens) return text;
  const parts = sentences(text);
  const termSet = new Set(questionTerms);
  const scores = parts.map((sentence) => new Set(termsOf(sentence).filter((term) => termSet.has(term))).size);
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
  const window = parts
    .slice(best.from, best.to + 1)
    .join('')
    .trim();
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
  /** See MIN_QUESTION_RELEVANCE / MIN_PASSAGE_RELEVANCE (only passages with a `relevance` are judged by them). */
  minQuestionRelevance?: number;
  minPassageRelevance?: number;
}

/**
 * Packs passages (best first) as numbered sources whose rendered text takes at
 * most `budget` tokens. Irrelevant passages are skipped: those whose `relevance`
 * is too low, or (without one) that share no term with the question.
 */
export function packSources(question: string, passages: readonly RetrievedPassage[], options: PackOptions): PackedContext {
  const terms = contentTerms(question);
  const relevant = relevantPassages(terms, passages, options);
  if (terms.length > 0 && relevant.length > 0 && relevant.every((passage) => passage.start !== undefined && passage.end !== undefined)) {
    return packWindows(question, relevant, options);
  }
  return packWhole(terms, relevant, options);
}

/**
 * The passages worth packing (deduplicated, best first), or none when the
 * best one covers too little of the question (Gleaner then says nothing
 * relevant was read). Passages judged by retrieval (`relevance`) are kept when
 * they cover enough; the others when they share a term with the question.
 */
function relevantPassages(
  questionTerms: readonly string[],
  passages: readonly RetrievedPassage[],
  options: Pick<PackOptions, 'minQuestionRelevance' | 'minPassageRelevance'> = {},
): RetrievedPassage[] {
  const judged = passages.filter((passage) => passage.relevance !== undefined);
  if (judged.length > 0 && Math.max(...judged.map((passage) => passage.relevance!)) < (options.minQuestionRelevance ?? MIN_QUESTION_RELEVANCE)) return [];
  const minPassage = options.minPassageRelevance ?? MIN_PASSAGE_RELEVANCE;
  return dedupePassages(passages).filter((passage) => (passage.relevance !== undefined ? passage.relevance >= minPassage : isRelevant(passage.text, questionTerms)));
}

/** Whole passages in order, each narrowed to its best sentences when it does not fit (selections, whole pages). */
function packWhole(terms: readonly string[], passages: readonly RetrievedPassage[], options: PackOptions): PackedContext {
  const { tokenizer, budget } = options;
  const maxShare = options.maxShare ?? 0.5;
  const minSourceTokens = options.minSourceTokens ?? 24;
  const sources: PackedSource[] = [];
  let text = '';
  let tokens = 0;
  for (const passage of passages) {
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

/** Sentences of a text as [start, end) offsets (trailing whitespace excluded); over-long ones are cut at spaces. */
function sentenceSpans(text: string, maxChars = 600): Array<[number, number]> {
  const spans: Array<[number, number]> = [];
  for (const match of text.matchAll(SENTENCE)) {
    let from = match.index;
    const end = match.index + match[0].trimEnd().length;
    while (from < end && /\s/.test(text[from]!)) from++;
    while (end - from > maxChars) {
      const cut = text.lastIndexOf(' ', from + maxChars);
      const at = cut > from ? cut : from + maxChars;
      spans.push([from, at]);
      from = at;
      while (from < end && /\s/.test(text[from]!)) from++;
    }
    if (end > from) spans.push([from, end]);
  }
  return spans;
}

/** A run of one page's text known from its retrieved passages (adjacent or overlapping passages joined). */
interface Segment {
  page: number;
  start: number;
  text: string;
  /** Prior of the best passage in it (0..1, from its retrieval rank and score). */
  prior: number;
  headingPath?: readonly string[];
}

/** Weight of a sentence's passage prior against its own match with the question (both 0..1). */
const PASSAGE_PRIOR_WEIGHT = 0.6;
/** Share of the better neighbour's match a sentence gets: the answer is often next to the sentence that names the topic. */
const NEIGHBOUR_WEIGHT = 0.35;
/** Passages whose sentences are considered (best first). */
const WINDOW_PASSAGES = 16;

/**
 * Packs the best sentences of the top passages: every sentence is scored by
 * its BM25 match with the question (the library's analyzer and formula),
 * its neighbours' match and its passage's retrieval rank; the best are taken
 * while they fit, then each page's chosen sentences become one source, in page
 * order, adjacent ones merged and gaps marked with "…". A source's text is
 * always the page's own words, so its citation and text-fragment link are exact.
 */
function packWindows(question: string, passages: readonly RetrievedPassage[], options: PackOptions): PackedContext {
  const { tokenizer, budget } = options;
  const top = passages.slice(0, WINDOW_PASSAGES);
  if (top.length === 0) return { sources: [], text: '', tokens: 0 };
  // Passage priors: rank-discounted score relative to the best passage.
  const best = Math.max(...top.map((p) => p.score ?? 0));
  const prior = top.map((p, rank) => (best > 0 && p.score !== undefined ? p.score / best : 1) / Math.sqrt(1 + rank));

  // Pages in rank order; their passages joined into segments of contiguous text.
  const pageIndex = new Map<string, number>();
  const pages: RetrievedPassage[] = [];
  const segments: Segment[] = [];
  const byPage = new Map<number, Array<{ passage: RetrievedPassage; prior: number }>>();
  top.forEach((passage, rank) => {
    let page = pageIndex.get(passage.url);
    if (page === undefined) {
      page = pages.length;
      pageIndex.set(passage.url, page);
      pages.push(passage);
      byPage.set(page, []);
    }
    byPage.get(page)!.push({ passage, prior: prior[rank]! });
  });
  for (const [page, list] of byPage) {
    list.sort((a, b) => a.passage.start! - b.passage.start!);
    let current: Segment | null = null;
    for (const { passage, prior: p } of list) {
      const end = current ? current.start + current.text.length : -1;
      if (current && passage.start! <= end) {
        if (passage.end! > end) current.text += passage.text.slice(end - passage.start!);
        current.prior = Math.max(current.prior, p);
      } else {
        current = { page, start: passage.start!, text: passage.text, prior: p, headingPath: passage.headingPath };
        segments.push(current);
      }
    }
  }

  // Sentences of every segment, scored.
  const units = segments.flatMap((segment, s) => sentenceSpans(segment.text).map(([from, to]) => ({ segment: s, from, to, text: segment.text.slice(from, to) })));
  if (units.length === 0) return { sources: [], text: '', tokens: 0 };
  const { scores } = rankTexts(
    units.map((u) => u.text),
    termsOf(question),
  );
  const maxScore = Math.max(...scores);
  const match = scores.map((score) => (maxScore > 0 ? score / maxScore : 0));
  const value = units.map((unit, i) => {
    const neighbour = Math.max(units[i - 1]?.segment === unit.segment ? match[i - 1]! : 0, units[i + 1]?.segment === unit.segment ? match[i + 1]! : 0);
    return match[i]! + NEIGHBOUR_WEIGHT * neighbour + PASSAGE_PRIOR_WEIGHT * segments[unit.segment]!.prior;
  });
  const order = units.map((_, i) => i).sort((a, b) => value[b]! - value[a]! || a - b);

  // Greedy choice under an estimate (sentence tokens + one frame per page + seams), verified exactly below.
  const cost = new Map<number, number>();
  const unitCost = (i: number) => {
    let c = cost.get(i);
    if (c === undefined) cost.set(i, (c = tokenizer.count(units[i]!.text) + 1));
    return c;
  };
  const frames = pages.map((page, i) => tokenizer.count('\n\n' + sourceBlock({ id: i + 1, title: page.title, url: page.url, site: page.site, readAt: page.readAt, text: '' })));
  const chosen: number[] = [];
  const chosenPages = new Set<number>();
  // The same sentence on two pages (syndicated or quoted text) is packed once.
  const seen = new Set<string>();
  let estimate = 0;
  for (const i of order) {
    const page = segments[units[i]!.segment]!.page;
    const normalized = units[i]!.text.replace(/\s+/g, ' ').toLowerCase();
    if (seen.has(normalized)) continue;
    const extra = unitCost(i) + 2 + (chosenPages.has(page) ? 0 : frames[page]!);
    if (estimate + extra > budget) continue;
    chosen.push(i);
    chosenPages.add(page);
    if (normalized.length >= 30) seen.add(normalized);
    estimate += extra;
  }
  // Render; while the exact count is over budget, drop the last chosen sentence.
  for (;;) {
    const packed = renderWindows(chosen, units, segments, pages, passages);
    packed.tokens = packed.text ? tokenizer.count(packed.text) : 0;
    if (packed.tokens <= budget || chosen.length === 0) return packed.tokens <= budget ? packed : { sources: [], text: '', tokens: 0 };
    chosen.pop();
  }
}

function renderWindows(
  chosen: readonly number[],
  units: ReadonlyArray<{ segment: number; from: number; to: number; text: string }>,
  segments: readonly Segment[],
  pages: readonly RetrievedPassage[],
  passages: readonly RetrievedPassage[],
): PackedContext {
  // Pages in the order of their first chosen sentence (best first); a page's sentences in text order.
  const pageOrder: number[] = [];
  const perPage = new Map<number, number[]>();
  for (const i of chosen) {
    const page = segments[units[i]!.segment]!.page;
    if (!perPage.has(page)) {
      perPage.set(page, []);
      pageOrder.push(page);
    }
    perPage.get(page)!.push(i);
  }
  const sources: PackedSource[] = [];
  const blocks: string[] = [];
  for (const page of pageOrder) {
    const list = perPage.get(page)!.sort((a, b) => segments[units[a]!.segment]!.start + units[a]!.from - (segments[units[b]!.segment]!.start + units[b]!.from));
    const pieces: string[] = [];
    let last: { segment: number; to: number } | null = null;
    for (const i of list) {
      const unit = units[i]!;
      const segment = segments[unit.segment]!;
      // Adjacent sentences of one segment (only whitespace between them) are joined with that whitespace.
      if (last && last.segment === unit.segment && !/\S/.test(segment.text.slice(last.to, unit.from))) {
        pieces[pieces.length - 1] += segment.text.slice(last.to, unit.to);
      } else {
        pieces.push(unit.text);
      }
      last = { segment: unit.segment, to: unit.to };
    }
    const meta = pages[page]!;
    const text = pieces.join('\n…\n');
    const whole = passages.filter((p) => p.url === meta.url).some((p) => p.text.trim() === text.trim());
    const first = segments[units[list[0]!]!.segment]!;
    const source: PackedSource = {
      id: sources.length + 1,
      title: meta.title,
      url: meta.url,
      site: meta.site,
      readAt: meta.readAt,
      text,
      headingPath: first.headingPath,
      narrowed: !whole,
    };
    sources.push(source);
    blocks.push(sourceBlock(source));
  }
  return { sources, text: blocks.join('\n\n'), tokens: 0 };
}
