import type { Tokenizer } from '@/lib/tokens/types';

/**
 * Token counts for chunking, estimated without a tokenizer.
 *
 * Chunking runs in the background service worker, which the browser restarts
 * often and re-parses on every wake: an exact BPE tokenizer there would add
 * megabytes of rank data to its start-up code. Passage sizes need to be good,
 * not exact — the answers feature re-counts every passage with the model's own
 * tokenizer when it packs a prompt (and narrows passages that don't fit). So
 * this counter splits text with cl100k's own pre-tokenizer (BPE encodes each
 * piece on its own, so a text's count is the sum of its pieces' counts) and
 * estimates each piece's count from its shape: length, case, ASCII or not,
 * UTF-8 bytes. The weights were fitted against exact cl100k on the real saved
 * pages; tests/library/token-counter.test.ts measures the estimate against
 * exact cl100k on them (about 5% off on average; English prose is closest,
 * Lorem ipsum and non-English words spelled in ASCII are under-counted).
 */

/** cl100k's pre-tokenizer (as in tiktoken and gpt-tokenizer). */
const CL100K_SPLIT = /'(?:[sS]|[dD]|[mM]|[tT]|[lL][lL]|[vV][eE]|[rR][eE])|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s+$|\s*[\r\n]|\s+(?!\S)|\s/gu;

const LOWER = /^[a-z]+$/;
const CAPITALIZED = /^[A-Z][a-z]+$/;
const ASCII_LETTERS = /^[A-Za-z]+$/;
const ASCII_PUNCT = /^[\x21-\x7e]+$/;
const LETTERS = /^\p{L}+$/u;
const LATIN = /^\p{Script=Latin}+$/u;
const HAN = /\p{Script=Han}/u;
const REPEATED = /^(.)\1*$/u;
const NON_ASCII = /[^\p{ASCII}]/u;
const HAN_TOKENS_PER_BYTE = 0.42;
/** Shares of accented words at which a text starts to, and wholly, count as non-English. */
const FOREIGN_FROM = 0.15;
const FOREIGN_AT = 0.5;
const LEADING_NON_LETTER = /^[^\p{L}\p{N}]/u;

/** UTF-8 length of a string, without allocating. */
function utf8Bytes(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c < 0xdc00) {
      bytes += 4;
      i++; // the low surrogate is part of the same code point
    } else bytes += 3;
  }
  return bytes;
}

/**
 * Estimated cl100k tokens of one run of letters (a word, without its leading space).
 * `foreign` (0…1) is how non-English the text looks: plain ASCII words of
 * Spanish or Czech text split like foreign words, not like English ones.
 */
function wordTokens(word: string, foreign: number): number {
  const n = word.length;
  // Common English words are single tokens; longer ones split into a few sub-words.
  if (LOWER.test(word)) return lerp(1 + Math.max(0, n - 5) * 0.05 + Math.max(0, n - 12) * 0.2, latinWordTokens(n), foreign);
  if (CAPITALIZED.test(word)) return lerp(n <= 3 ? 1 : 0.85 + n * 0.08, latinWordTokens(n), foreign);
  // Acronyms and camelCase split more often than plain words.
  if (ASCII_LETTERS.test(word)) return Math.max(1, 0.4 + n * 0.25);
  if (LATIN.test(word)) return latinWordTokens(n);
  // CJK and other scripts: BPE merges few of their bytes (about 1.3 tokens per Han character).
  return Math.max(1, utf8Bytes(word) * (HAN.test(word) ? HAN_TOKENS_PER_BYTE : 0.38));
}

/** Accented Latin words: the vocabulary is mostly English, so they split into short pieces. */
function latinWordTokens(n: number): number {
  return n <= 2 ? 1 : 0.9 + n * 0.3;
}

function lerp(a: number, b: number, t: number): number {
  return a + (b - a) * t;
}

/** Estimated cl100k tokens of one pre-tokenizer piece. */
function pieceTokens(piece: string, foreign: number): number {
  const first = piece.charCodeAt(0);
  // Digits come in groups of at most three, each one token.
  if (first >= 0x30 && first <= 0x39) return 1;
  if (piece.trim() === '') return 1;
  const word = wordOf(piece);
  if (word) {
    // A leading space merges into the word; another leading mark is sometimes its own token.
    const extra = word.length < piece.length && piece[0] !== ' ' ? 0.5 : 0;
    return wordTokens(word, foreign) + extra;
  }
  if (/^\p{N}+$/u.test(piece)) return Math.max(1, utf8Bytes(piece) * 0.4);
  // Punctuation runs: short ASCII runs (", ", "...", "://") are mostly one token.
  const mark = piece.trim();
  if (ASCII_PUNCT.test(mark)) {
    if (mark.length <= 4) return 1;
    // Rules and leaders ("-----", "......") merge into long tokens; mixed runs do not.
    return REPEATED.test(mark) ? Math.max(1, mark.length / 8) : mark.length * 0.5;
  }
  return Math.max(1, utf8Bytes(mark) * 0.35);
}

/** The letters of a word piece (without its leading space or mark), or '' for other pieces. */
function wordOf(piece: string): string {
  const word = LEADING_NON_LETTER.test(piece) ? piece.slice(1) : piece;
  return word.length > 0 && LETTERS.test(word) ? word : '';
}

/** What one pre-tokenizer piece contributes, remembered: pieces repeat (Zipf), and the shape tests are the costly part. */
interface PieceInfo {
  /** A run of Latin letters (counts toward the text's foreign share). */
  latin: boolean;
  /** …with a non-ASCII letter (an accented word). */
  accented: boolean;
  /** Its estimate in a text that looks wholly English (foreign = 0), the common case. */
  englishTokens: number;
}
let pieceCache = new Map<string, PieceInfo>();
const MAX_CACHED_PIECES = 100_000;

function pieceInfo(piece: string): PieceInfo {
  let info = pieceCache.get(piece);
  if (info === undefined) {
    const word = wordOf(piece);
    const latin = !!word && LATIN.test(word);
    info = { latin, accented: latin && NON_ASCII.test(word), englishTokens: pieceTokens(piece, 0) };
    if (pieceCache.size >= MAX_CACHED_PIECES) pieceCache = new Map();
    pieceCache.set(piece, info);
  }
  return info;
}

/** Estimates a text's cl100k token count from its pre-tokenizer pieces, with no tokenizer data. */
export function estimateTokens(text: string): number {
  const pieces = Array.from(text.matchAll(CL100K_SPLIT), (m) => m[0]);
  const infos = pieces.map(pieceInfo);
  let latinWords = 0;
  let accented = 0;
  for (const info of infos) {
    if (!info.latin) continue;
    latinWords++;
    if (info.accented) accented++;
  }
  const foreign = latinWords === 0 ? 0 : Math.min(1, Math.max(0, (accented / latinWords - FOREIGN_FROM) / (FOREIGN_AT - FOREIGN_FROM)));
  let total = 0;
  if (foreign === 0) for (const info of infos) total += info.englishTokens;
  else for (const piece of pieces) total += pieceTokens(piece, foreign);
  return Math.round(total);
}

/** What chunking needs of a tokenizer: a name and a count (any `Tokenizer` fits). */
export type TokenCounter = Pick<Tokenizer, 'name' | 'count'>;

/** The chunker's default counter: the cl100k estimate (it counts only; it cannot encode). */
export const chunkTokenizer: TokenCounter = {
  name: 'cl100k-estimate',
  count: estimateTokens,
};
