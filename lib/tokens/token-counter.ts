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
 * pages; `npm run eval:estimate` measures the estimate against
 * exact cl100k on them (about 5% off on average; English prose is closest,
 * Lorem ipsum and non-English words spelled in ASCII are under-counted).
 */

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
  if (LOWER.test(word)) return lerp(lowerWordTokens(n), latinWordTokens(n), foreign);
  if (CAPITALIZED.test(word)) return lerp(capitalizedWordTokens(n), latinWordTokens(n), foreign);
  if (ASCII_LETTERS.test(word)) return mixedCaseWordTokens(n);
  if (LATIN.test(word)) return latinWordTokens(n);
  // CJK and other scripts: BPE merges few of their bytes (about 1.3 tokens per Han character).
  return Math.max(1, utf8Bytes(word) * (HAN.test(word) ? HAN_TOKENS_PER_BYTE : 0.38));
}

/** Common English words are single tokens; longer ones split into a few sub-words. */
function lowerWordTokens(n: number): number {
  return 1 + Math.max(0, n - 5) * 0.05 + Math.max(0, n - 12) * 0.2;
}

function capitalizedWordTokens(n: number): number {
  return n <= 3 ? 1 : 0.85 + n * 0.08;
}

/** Acronyms and camelCase split more often than plain words. */
function mixedCaseWordTokens(n: number): number {
  return Math.max(1, 0.4 + n * 0.25);
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
  const english = scanEstimate(text, 0);
  if (english.foreign <= 0) return Math.round(english.total);
  // A text that looks non-English: every word is weighed again with its foreign share.
  return Math.round(scanEstimate(text, Math.min(1, english.foreign)).total);
}

/** What chunking needs of a tokenizer: a name and a count (any `Tokenizer` fits). */
export type TokenCounter = Pick<Tokenizer, 'name' | 'count'>;

/** The chunker's default counter: the cl100k estimate (it counts only; it cannot encode). */
export const chunkTokenizer: TokenCounter = {
  name: 'cl100k-estimate',
  count: estimateTokens,
};

/*
 * cl100k's pre-tokenizer, as a scanner instead of its regex (as in tiktoken and gpt-tokenizer):
 *   '(?:[sS]|[dD]|[mM]|[tT]|[lL][lL]|[vV][eE]|[rR][eE])|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}
 *   | ?[^\s\p{L}\p{N}]+[\r\n]*|\s+$|\s*[\r\n]|\s+(?!\S)|\s
 * It finds the same pieces from character classes and computes ASCII words and punctuation
 * from their character codes, so the common piece costs neither a string nor a cache lookup
 * (chunking runs on every page the library stores). tests/tokens/token-counter.test.ts pins
 * its pieces on tricky strings and its estimates on real pages.
 */

const LETTER = 1;
const NUMBER = 2;
const NEWLINE = 3;
const SPACE = 4;
const OTHER = 5;
/** Class of each BMP code unit, filled on first sight (0: not seen yet). */
const CLASS = new Uint8Array(0x10000);

function classOf(code: number): number {
  let c = CLASS[code]!;
  if (c === 0) {
    const ch = String.fromCharCode(code);
    c = code >= 0xd800 && code <= 0xdfff ? OTHER : /\p{L}/u.test(ch) ? LETTER : /\p{N}/u.test(ch) ? NUMBER : code === 10 || code === 13 ? NEWLINE : /\s/u.test(ch) ? SPACE : OTHER;
    CLASS[code] = c;
  }
  return c;
}

/** Class of an astral code point (both halves of its surrogate pair get it). */
function astralClassOf(pair: string): number {
  return /\p{L}/u.test(pair) ? LETTER : /\p{N}/u.test(pair) ? NUMBER : OTHER;
}

/** End of cl100k's contraction piece ('s 'd 'm 't 'll 've 're, any case) at `i`, or -1. */
function contractionEnd(text: string, i: number): number {
  const a = text.charCodeAt(i + 1) | 0x20;
  if (a === 0x73 || a === 0x64 || a === 0x6d || a === 0x74) return i + 2; // s d m t
  const b = text.charCodeAt(i + 2) | 0x20;
  if ((a === 0x6c && b === 0x6c) || (a === 0x76 && b === 0x65) || (a === 0x72 && b === 0x65)) return i + 3; // ll ve re
  return -1;
}

/** Classes of the text being scanned (reused: one allocation, not one per sentence), and which units start a surrogate pair. */
let scratch = new Uint8Array(1024);
let pairs = new Uint8Array(1024);

/**
 * One pass over the text's pieces. With `foreign` 0 it sums each piece's English estimate
 * and measures how non-English the text looks (the share of accented Latin words, scaled:
 * above 0 the caller passes it back for a second pass that weighs every piece with it).
 */
function scanEstimate(text: string, foreign: number): { total: number; foreign: number } {
  const n = text.length;
  if (scratch.length <= n) {
    scratch = new Uint8Array(Math.max(n + 1, 2 * scratch.length));
    pairs = new Uint8Array(scratch.length);
  }
  const cls = scratch;
  cls[n] = 0;
  let astral = false;
  for (let i = 0; i < n; i++) {
    const code = text.charCodeAt(i);
    if (code >= 0xd800 && code < 0xdc00 && i + 1 < n) {
      const low = text.charCodeAt(i + 1);
      if (low >= 0xdc00 && low < 0xe000) {
        if (!astral) pairs.fill(0, 0, n);
        astral = true;
        cls[i] = cls[i + 1] = astralClassOf(text.slice(i, i + 2));
        pairs[i] = 1;
        i++;
        continue;
      }
    }
    cls[i] = classOf(code);
  }
  /** Code units of the character at `i` (2 for a surrogate pair). */
  const width = (i: number) => (astral && pairs[i] === 1 ? 2 : 1);
  const runEnd = (from: number, c: number) => {
    while (from < n && cls[from] === c) from++;
    return from;
  };
  let total = 0;
  let latinWords = 0;
  let accented = 0;
  /** A piece off the fast path (not plain ASCII, or the second pass): the cached per-piece path. */
  const other = (start: number, end: number) => {
    if (foreign > 0) {
      total += pieceTokens(text.slice(start, end), foreign);
      return;
    }
    const info = pieceInfo(text.slice(start, end));
    total += info.englishTokens;
    if (info.latin) latinWords++;
    if (info.accented) accented++;
  };
  let i = 0;
  while (i < n) {
    const c = cls[i]!;
    const code = text.charCodeAt(i);
    let letters = -1;
    let end: number;
    if (code === 0x27 && (end = contractionEnd(text, i)) > 0) letters = i + 1;
    else if (c === LETTER) end = runEnd((letters = i), LETTER);
    else if ((c === SPACE || c === OTHER) && cls[i + width(i)] === LETTER) end = runEnd((letters = i + width(i)), LETTER);
    else if (c === NUMBER) {
      // At most three digits (code points, not code units).
      end = i;
      for (let digits = 0; digits < 3 && end < n && cls[end] === NUMBER; digits++) end += width(end);
      if (code >= 0x30 && code <= 0x39 && foreign <= 0) total += 1;
      else other(i, end);
      i = end;
      continue;
    } else if (c === OTHER || (code === 0x20 && cls[i + 1] === OTHER)) {
      const marks = c === OTHER ? i : i + 1;
      const marksEnd = runEnd(marks, OTHER);
      end = runEnd(marksEnd, NEWLINE);
      const tokens = foreign > 0 ? -1 : asciiMarkTokens(text, marks, marksEnd);
      if (tokens < 0) other(i, end);
      else total += tokens;
      i = end;
      continue;
    } else {
      // Whitespace: to the end of the text; else to its last newline; else all but the
      // last space (which joins the next word); else one character.
      let j = i;
      let lastNewline = -1;
      while (j < n && (cls[j] === SPACE || cls[j] === NEWLINE)) {
        if (cls[j] === NEWLINE) lastNewline = j;
        j++;
      }
      end = j === n ? n : lastNewline >= 0 ? lastNewline + 1 : j - i >= 2 ? j - 1 : i + 1;
      total += 1;
      i = end;
      continue;
    }
    if (foreign > 0) {
      other(i, end);
      i = end;
      continue;
    }
    // A word piece: letters from `letters` to `end`, maybe after one leading character.
    let ascii = true;
    let lower = true;
    let capitalized = true;
    for (let k = letters; k < end; k++) {
      const w = text.charCodeAt(k);
      if (w >= 0x80) {
        ascii = false;
        break;
      }
      const isLower = w >= 0x61 && w <= 0x7a;
      if (!isLower) lower = false;
      if (k === letters ? isLower : !isLower) capitalized = false;
    }
    if (!ascii || (letters > i && code >= 0x80)) other(i, end);
    else {
      const len = end - letters;
      const word = lower ? lowerWordTokens(len) : capitalized && len > 1 ? capitalizedWordTokens(len) : mixedCaseWordTokens(len);
      total += word + (letters > i && code !== 0x20 ? 0.5 : 0);
      latinWords++;
    }
    i = end;
  }
  return { total, foreign: foreign > 0 ? foreign : latinWords === 0 ? 0 : (accented / latinWords - FOREIGN_FROM) / (FOREIGN_AT - FOREIGN_FROM) };
}

/** Tokens of an ASCII run of marks (`pieceTokens`' punctuation rule), or -1 when it is not ASCII. */
function asciiMarkTokens(text: string, start: number, end: number): number {
  let repeated = true;
  for (let k = start; k < end; k++) {
    const code = text.charCodeAt(k);
    if (code < 0x21 || code > 0x7e) return -1;
    if (code !== text.charCodeAt(start)) repeated = false;
  }
  const len = end - start;
  if (len <= 4) return 1;
  return repeated ? Math.max(1, len / 8) : len * 0.5;
}
