/**
 * Word counting and word splitting that work beyond English: `Intl.Segmenter`
 * finds words in scripts written without spaces (Chinese, Japanese, Thai);
 * text in other scripts is split by the same rules without one (`SPACED_WORD`).
 */

const segmenters = new Map<string, Intl.Segmenter>();

function segmenterFor(lang: string | undefined): Intl.Segmenter {
  const key = lang ?? '';
  let segmenter = segmenters.get(key);
  if (!segmenter) {
    try {
      segmenter = new Intl.Segmenter(lang || undefined, { granularity: 'word' });
    } catch {
      // An invalid language tag from a page must not break extraction.
      segmenter = new Intl.Segmenter(undefined, { granularity: 'word' });
    }
    segmenters.set(key, segmenter);
  }
  return segmenter;
}

/** Longest piece handed to the segmenter: V8's segmenter slows down super-linearly on long strings. */
const MAX_PIECE = 2048;

/** Splits `text` into pieces of at most MAX_PIECE characters, at line breaks or spaces when it can. */
function* pieces(text: string): Generator<string> {
  let start = 0;
  while (start < text.length) {
    let end = Math.min(text.length, start + MAX_PIECE);
    if (end < text.length) {
      const window = text.slice(start, end);
      const cut = Math.max(window.lastIndexOf('\n'), window.lastIndexOf(' '));
      // Text without spaces (Chinese, Japanese) is cut hard; a word split there counts as two.
      if (cut > MAX_PIECE / 2) end = start + cut + 1;
    }
    yield text.slice(start, end);
    start = end;
  }
}

/**
 * Scripts whose words `Intl.Segmenter` finds with a dictionary or its own rules (written without spaces
 * between words): text holding any of them is always handed to the segmenter.
 */
const UNSPACED =
  /[\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}\p{sc=Bopomofo}\p{sc=Yi}\p{sc=Thai}\p{sc=Lao}\p{sc=Khmer}\p{sc=Myanmar}\p{sc=Tai_Tham}\p{sc=Tai_Viet}\p{sc=New_Tai_Lue}\p{sc=Tai_Le}\p{sc=Balinese}\p{sc=Javanese}]/u;

/** Marks and invisible format characters, which a word carries along (UAX #29 WB4); a zero-width space is a break. */
const EXTEND = String.raw`(?:(?!\u200B)[\p{M}\p{Cf}])*`;
/** What joins letters and digits without a break (ExtendNumLet: `_`, a narrow no-break space; WB13a/b). */
const CONNECTOR = String.raw`[\p{Pc}\u202F]`;
/** What a word is made of: a letter, a digit or a connector (WB5, WB8–WB10, WB13a/b). */
const WORD_CHAR = String.raw`(?:[\p{Alphabetic}\p{Nd}]|${CONNECTOR})`;
/** A run of them. */
const PART = String.raw`(?:${WORD_CHAR}${EXTEND})+`;
/** One connector alone is not a word (two are, to ICU): no word starts with a connector that nothing follows. */
const NOT_LONE_CONNECTOR = String.raw`(?!${CONNECTOR}${EXTEND}(?!${WORD_CHAR}))`;
/** What joins two letters into one word ("don't", "U.S", "a·b": WB6/7) and two digits into one number ("1,000.50": WB11/12). */
const MID_LETTER = String.raw`[:.'\u00B7\u0387\u055F\u05F4\u2018\u2019\u2024\u2027\uFE13\uFE52\uFE55\uFF07\uFF0E\uFF1A]`;
const MID_NUMBER = String.raw`[,;.'\u037E\u0589\u060C\u060D\u066C\u07F8\u2018\u2019\u2024\u2044\uFE10\uFE14\uFE50\uFE52\uFE54\uFF07\uFF0C\uFF0E\uFF1B]`;
const JOIN = String.raw`(?:(?<=\p{Alphabetic}${EXTEND})${MID_LETTER}${EXTEND}(?=\p{Alphabetic})|(?<=\p{Nd}${EXTEND})${MID_NUMBER}${EXTEND}(?=\p{Nd})|(?<=\p{sc=Hebrew}${EXTEND})"${EXTEND}(?=\p{sc=Hebrew}))`;
/** Hebrew letters keep a trailing apostrophe (WB7a). */
const HEBREW_END = String.raw`(?:(?<=\p{sc=Hebrew}${EXTEND})'${EXTEND})?`;
/**
 * A word-like segment of text in a spaced script, as `Intl.Segmenter` finds it (the word-boundary rules of Unicode
 * UAX #29 that decide a word in such text). Why not the segmenter itself: the first one made in a renderer process
 * loads ICU's break rules, 15–35 ms in Chromium, and a content script runs in a page of a site just opened, a
 * process of its own, where that was a fifth of extraction's time (docs/benchmarks.md). tests/extract/word-count.test.ts
 * holds both to the same words on real pages in many languages.
 */
const SPACED_WORD = new RegExp(`${NOT_LONE_CONNECTOR}${PART}(?:${JOIN}${PART})*${HEBREW_END}`, 'gu');

/** The word-like segments of `text`, in order. */
function* words(text: string, lang: string | undefined): Generator<string> {
  if (!UNSPACED.test(text)) {
    for (const [word] of text.matchAll(SPACED_WORD)) yield word;
    return;
  }
  const segmenter = segmenterFor(lang);
  for (const piece of pieces(text)) for (const segment of segmenter.segment(piece)) if (segment.isWordLike) yield segment.segment;
}

/** Counts the words of `text` (word-like segments only: no spaces or punctuation). */
export function countWords(text: string, lang?: string): number {
  let count = 0;
  for (const _ of words(text, lang)) count += 1;
  return count;
}

/** The word-like segments of `text`, lower-cased, in order. */
export function splitWords(text: string, lang?: string): string[] {
  const split: string[] = [];
  for (const word of words(text, lang)) split.push(word.toLowerCase());
  return split;
}

/** Any non-space character; and every whitespace character as `\s` reads it (ECMAScript's WhiteSpace and LineTerminator). */
const NON_SPACE = /\S/;
const SPACE = /\s/g;

/** Non-space characters of `text`: the extraction rules' measure of how much text a part holds (script-neutral). */
export function nonSpaceLength(text: string | null | undefined): number {
  // Counted by the regular expression engine: this is asked of every text node of a page, by code that runs cold in
  // each page, where a loop over the code units in JavaScript took 3 times as long (measured in Chromium).
  // Most of a page's text nodes are only the spaces between elements: no match to collect there.
  if (!text || !NON_SPACE.test(text)) return 0;
  return text.length - (text.match(SPACE)?.length ?? 0);
}

/** A run of letters or digits; global, so the counts below step through matches without collecting them. */
const RUN = /[\p{L}\p{N}]+/gu;

/**
 * Letter-or-digit runs in `text`: the cheap word count the extraction rules compare with their
 * thresholds (a caption, a banner, a card); `countWords` is the exact one, for what is stored.
 */
export const runsOfWords = (text: string | null | undefined): number => runsOfWordsUpTo(text, Infinity);

/**
 * `runsOfWords`, counted no further than `limit + 1`: for a rule that only asks whether a text is
 * within `limit` words, so that a box's size is known without reading all of a long page's text.
 */
export function runsOfWordsUpTo(text: string | null | undefined, limit: number): number {
  if (!text) return 0;
  RUN.lastIndex = 0;
  let count = 0;
  while (count <= limit && RUN.exec(text)) count++;
  return count;
}

/** Text nodes and CDATA sections: what `textContent` joins. */
const SHOW_TEXT_AND_CDATA = 4 | 8;
const STARTS_WITH_WORD = /^[\p{L}\p{N}]/u;
const ENDS_WITH_WORD = /[\p{L}\p{N}]$/u;

/**
 * `nonSpaceLength(root.textContent)`, read node by node and no further than past `limit`: exact
 * up to `limit`, some value above it beyond. A rule that only compares a part with a share of the
 * page neither joins a whole page's text (its inline scripts included) nor reads all of it.
 */
export function nonSpaceLengthUpTo(root: Node, limit: number): number {
  const walker = (root.ownerDocument ?? (root as Document)).createTreeWalker(root, SHOW_TEXT_AND_CDATA);
  let length = 0;
  for (let node = walker.nextNode(); node && length <= limit; node = walker.nextNode()) length += nonSpaceLength((node as CharacterData).data);
  return length;
}

/**
 * `runsOfWordsUpTo(root.textContent, limit)`, read node by node and no further than past `limit`
 * (the same value: exact up to `limit`, `limit + 1` beyond). A run that goes on from one text node
 * into the next is one run, as in the joined text.
 */
export function runsOfWordsInUpTo(root: Node, limit: number): number {
  const walker = (root.ownerDocument ?? (root as Document)).createTreeWalker(root, SHOW_TEXT_AND_CDATA);
  let count = 0;
  let inRun = false;
  for (let node = walker.nextNode(); node && count <= limit; node = walker.nextNode()) {
    const data = (node as CharacterData).data;
    if (!data) continue;
    // Counted one past what is left (a run joined to the last one is taken off again).
    let runs = runsOfWordsUpTo(data, limit - count + 1);
    if (inRun && runs > 0 && STARTS_WITH_WORD.test(data)) runs--;
    count += runs;
    inRun = ENDS_WITH_WORD.test(data);
  }
  return Math.min(count, limit + 1);
}
