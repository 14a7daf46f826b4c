/**
 * What summarizing a page will cost, known before starting and cheaply: the
 * number of parts and a rough time, from the page's length and a sampled
 * token rate (tokenizing a 20 MB page whole took the popup 40 s). A page that
 * needs many parts is not started blindly: the person chooses to read all of
 * it, only its beginning, or nothing.
 */
import type { Tokenizer } from '@/lib/tokens/types';
import { ANSWER_LENGTH_TOKENS, promptBudget } from './budget';
import type { SummaryLength } from './prompts';

/** Above this many parts the person is asked before the summary starts. */
export const CONFIRM_PARTS = 12;

/**
 * Speeds the estimate assumes: a small model (1–3B) on a mid-range GPU, or a
 * local server. Only a rough guide; the view says "about".
 */
const PLAN_SPEEDS = { prefillTokensPerSecond: 400, decodeTokensPerSecond: 15 } as const;

/** Tokens kept for the notes of one part: small enough that two notes always fit one combine prompt. */
export function notesReplyTokens(contextWindow: number): number {
  return Math.min(384, Math.floor(contextWindow / 8));
}

/** Tokens of the prompt around a part's text (system prompt, fence, instructions), generously. */
const PART_SCAFFOLD_TOKENS = 220;
/** Characters sampled at each of three places to estimate the page's tokens per character. */
const SAMPLE_CHARS = 8_000;

/** The page's tokens, estimated from three samples (start, middle, end): exact for short pages. */
export function estimateTokens(text: string, tokenizer: Tokenizer): number {
  if (text.length <= 3 * SAMPLE_CHARS) return tokenizer.count(text);
  const samples = [0, Math.floor(text.length / 2), text.length - SAMPLE_CHARS].map((at) => text.slice(at, at + SAMPLE_CHARS));
  const tokens = samples.reduce((sum, sample) => sum + tokenizer.count(sample), 0);
  return Math.ceil((tokens / (3 * SAMPLE_CHARS)) * text.length);
}

/** A summary's plan, before it starts. */
export interface SummaryPlan {
  /** Parts the page will be read in (1: one pass). */
  parts: number;
  /** Estimated tokens of the page. */
  pageTokens: number;
  /** Estimated seconds for the whole summary at PLAN_SPEEDS. */
  seconds: number;
  /** Characters of the page the first `CONFIRM_PARTS` parts cover: what "only the beginning" reads. */
  beginningChars: number;
  /** Estimated seconds for only the beginning. */
  beginningSeconds: number;
  /** True when the person should choose before it starts. */
  confirm: boolean;
}

function secondsFor(parts: number, partTokens: number, notesReply: number, finalReply: number): number {
  const { prefillTokensPerSecond: prefill, decodeTokensPerSecond: decode } = PLAN_SPEEDS;
  if (parts <= 1) return partTokens / prefill + finalReply / decode;
  // Notes on every part, then the notes combined (read again, written shorter), then the final summary.
  const map = parts * (partTokens / prefill + notesReply / decode);
  const reduce = (parts * notesReply) / prefill + (Math.max(0, Math.ceil(parts / 8) - 1) * notesReply) / decode;
  return map + reduce + finalReply / decode;
}

/** Plans the summary of `text` for a model with `contextWindow` tokens, without tokenizing the whole page. */
export function planSummary(text: string, tokenizer: Tokenizer, contextWindow: number, length: SummaryLength): SummaryPlan {
  const pageTokens = estimateTokens(text, tokenizer);
  const finalReply = ANSWER_LENGTH_TOKENS[length];
  const notesReply = notesReplyTokens(contextWindow);
  if (pageTokens + PART_SCAFFOLD_TOKENS <= promptBudget(contextWindow, finalReply)) {
    const seconds = secondsFor(1, pageTokens, notesReply, finalReply);
    return { parts: 1, pageTokens, seconds, beginningChars: text.length, beginningSeconds: seconds, confirm: false };
  }
  const partTokens = Math.max(64, promptBudget(contextWindow, notesReply) - PART_SCAFFOLD_TOKENS);
  const parts = Math.ceil(pageTokens / partTokens);
  const charsPerPart = text.length / parts;
  const beginningParts = Math.min(parts, CONFIRM_PARTS);
  return {
    parts,
    pageTokens,
    seconds: secondsFor(parts, partTokens, notesReply, finalReply),
    beginningChars: Math.min(text.length, Math.floor(charsPerPart * beginningParts)),
    beginningSeconds: secondsFor(beginningParts, partTokens, notesReply, finalReply),
    confirm: parts > CONFIRM_PARTS,
  };
}

/** A duration in plain words: "about 40 seconds", "about 12 minutes", "about 3 hours". */
export function aboutDuration(seconds: number): string {
  if (seconds < 90) return `about ${Math.max(5, Math.round(seconds / 5) * 5)} seconds`;
  if (seconds < 90 * 60) return `about ${Math.round(seconds / 60)} minutes`;
  return `about ${Math.round(seconds / 3600)} hours`;
}
