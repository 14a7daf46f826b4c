import { stemmer } from 'stemmer';
import { ENGLISH_STOP_WORDS } from './stop-words';

/**
 * Text analysis shared by indexing and querying: the same function turns a
 * page's text and a query into index terms, so they always agree.
 *
 * - Folding: NFKC (full-width forms), lower case, Latin/Greek/Cyrillic accents
 *   removed (only the combining diacritics block, so Japanese voicing marks stay).
 * - Words: runs of letters/digits (with inner apostrophes, as in "don't"), found by a
 *   character-class scanner, for scripts that separate words with spaces;
 *   `Intl.Segmenter` (ICU dictionaries) for runs of scripts that do not
 *   (Han, kana, Thai, Lao, Khmer, Myanmar).
 * - English stop words dropped; ASCII words Porter-stemmed (whatever the page
 *   language: the query's language is unknown, and stemming both sides the same
 *   way is what matters).
 */

/** One analyzed word: its index term and where it was in the input. */
export interface AnalyzedToken {
  term: string;
  start: number;
  end: number;
}

/** Scripts written without spaces between words. */
const NO_SPACE_SCRIPT = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]/u;
const NO_SPACE_RUN = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}ー々〆]+/gu;
const ASCII_WORD = /^[a-z]+$/;
const COMBINING_DIACRITICS = /[\u0300-\u036f]/g;
/** Terms longer than this are noise (hashes, base64): skipped. */
const MAX_TERM_LENGTH = 40;

let segmenter: Intl.Segmenter | null | undefined;
function wordSegmenter(): Intl.Segmenter | null {
  if (segmenter === undefined) {
    segmenter = typeof Intl !== 'undefined' && 'Segmenter' in Intl ? new Intl.Segmenter('ja', { granularity: 'word' }) : null;
  }
  return segmenter;
}

/** Case- and accent-folds one word (no stemming). */
function foldWord(word: string): string {
  let folded = word.normalize('NFKC').toLowerCase();
  // Only decompose when there is something non-ASCII: the common case stays cheap.
  // eslint-disable-next-line no-control-regex
  if (/[^\x00-\x7f]/.test(folded)) {
    folded = folded.normalize('NFD').replace(COMBINING_DIACRITICS, '').normalize('NFC');
  }
  return folded.replace(/’/g, "'").replace(/ß/g, 'ss');
}

/** Turns a folded word into its index term, or null for a stop word / noise. */
function termOf(folded: string): string | null {
  if (folded.length > MAX_TERM_LENGTH) return null;
  const bare = folded.endsWith("'s") ? folded.slice(0, -2) : folded;
  if (ENGLISH_STOP_WORDS.has(bare)) return null;
  if (ASCII_WORD.test(bare)) return bare.length > 2 ? stemmer(bare) : bare;
  return bare.replace(/'/g, '');
}

/** Splits a run of a no-space script into words (ICU), or into single characters without Intl.Segmenter. */
function segmentRun(run: string, offset: number, out: AnalyzedToken[]): void {
  const seg = wordSegmenter();
  if (!seg) {
    for (let i = 0; i < run.length; i++) out.push({ term: run[i]!, start: offset + i, end: offset + i + 1 });
    return;
  }
  for (const piece of seg.segment(run)) {
    if (!piece.isWordLike) continue;
    // Single hiragana characters are particles (の, は, を): the stop words of Japanese.
    if (piece.segment.length === 1 && /\p{Script=Hiragana}/u.test(piece.segment)) continue;
    const term = foldWord(piece.segment);
    out.push({ term, start: offset + piece.index, end: offset + piece.index + piece.segment.length });
  }
}

/** Analyzes text into index terms with their offsets (stop words removed). */
export function analyze(text: string): AnalyzedToken[] {
  const out: AnalyzedToken[] = [];
  forEachWord(text, (start, end) => analyzeWord(text.slice(start, end), start, out));
  return out;
}

/** The index terms of a text, in order (duplicates kept): `analyze` without offsets (the ingest hot path). */
export function terms(text: string): string[] {
  const out: string[] = [];
  let segmented: AnalyzedToken[] | undefined;
  forEachWord(text, (start, end) => {
    const word = text.slice(start, end);
    let term = termCache.get(word);
    if (term === undefined) {
      if (NO_SPACE_SCRIPT.test(word)) {
        // Rare: a run with a no-space script takes the full path.
        segmented ??= [];
        segmented.length = 0;
        analyzeWord(word, 0, segmented);
        for (const t of segmented) out.push(t.term);
        return;
      }
      term = cacheTerm(word);
    }
    if (term) out.push(term);
  });
  return out;
}

/** The terms of one word (as `forEachWord` finds them), at `start`. */
function analyzeWord(word: string, start: number, out: AnalyzedToken[]): void {
  // Cached words skip the script test too (a no-space run is never cached as one word).
  if (!termCache.has(word) && NO_SPACE_SCRIPT.test(word)) {
    // Mixed runs ("GPU対応") are split into no-space and spaced parts.
    let last = 0;
    for (const run of word.matchAll(NO_SPACE_RUN)) {
      if (run.index! > last) pushWord(word.slice(last, run.index!), start + last, out);
      segmentRun(run[0], start + run.index!, out);
      last = run.index! + run[0].length;
    }
    if (last < word.length) pushWord(word.slice(last), start + last, out);
    return;
  }
  pushWord(word, start, out);
}

/** Word → term, remembered: folding and stemming are the costly part, and words repeat. */
let termCache = new Map<string, string | null>();
const MAX_CACHED_TERMS = 200_000;

function cacheTerm(word: string): string | null {
  const term = termOf(foldWord(word));
  if (termCache.size >= MAX_CACHED_TERMS) termCache = new Map();
  termCache.set(word, term);
  return term;
}

function pushWord(word: string, start: number, out: AnalyzedToken[]): void {
  let term = termCache.get(word);
  if (term === undefined) term = cacheTerm(word);
  if (term) out.push({ term, start, end: start + word.length });
}

/**
 * Calls `visit` with the bounds of each word: a run of letters, digits and combining marks,
 * then any number of apostrophe + letters (the regex /[\p{L}\p{N}\p{M}]+(?:['’]\p{L}+)*\/gu,
 * scanned from character classes: no match object per word on the ingest hot path).
 */
function forEachWord(text: string, visit: (start: number, end: number) => void): void {
  const n = text.length;
  const cls = classify(text);
  let i = 0;
  while (i < n) {
    if (cls[i] === NOT_WORD) {
      i++;
      continue;
    }
    const start = i;
    while (cls[i] === LETTER || cls[i] === WORD_MARK) i++;
    for (;;) {
      const code = text.charCodeAt(i);
      if ((code !== 0x27 && code !== 0x2019) || cls[i + 1] !== LETTER) break;
      i++;
      while (cls[i] === LETTER) i++;
    }
    visit(start, i);
  }
}

/*
 * Character classes for `forEachWord`. A surrogate pair gets the
 * class of its code point on both halves, so runs step one unit at a time.
 */
const NOT_WORD = 1;
const LETTER = 2;
/** Digits and combining marks: word characters that are not letters. */
const WORD_MARK = 3;
const BMP_CLASS = new Uint8Array(0x10000);
let classes = new Uint8Array(1024);

function classOf(ch: string): number {
  return /\p{L}/u.test(ch) ? LETTER : /[\p{N}\p{M}]/u.test(ch) ? WORD_MARK : NOT_WORD;
}

/** The class of every code unit of `text` (a shared buffer; the unit after the text is NOT_WORD). */
function classify(text: string): Uint8Array {
  const n = text.length;
  if (classes.length <= n) classes = new Uint8Array(Math.max(n + 1, 2 * classes.length));
  const cls = classes;
  for (let i = 0; i < n; i++) {
    const code = text.charCodeAt(i);
    if (code >= 0xd800 && code < 0xdc00 && i + 1 < n) {
      const low = text.charCodeAt(i + 1);
      if (low >= 0xdc00 && low < 0xe000) {
        cls[i] = cls[i + 1] = classOf(text.slice(i, i + 2));
        i++;
        continue;
      }
    }
    let c = BMP_CLASS[code]!;
    if (c === 0) c = BMP_CLASS[code] = code >= 0xd800 && code < 0xe000 ? NOT_WORD : classOf(String.fromCharCode(code));
    cls[i] = c;
  }
  cls[n] = NOT_WORD;
  return cls;
}
