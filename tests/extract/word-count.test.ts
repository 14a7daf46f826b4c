import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { countWords, nonSpaceLength, nonSpaceLengthUpTo, runsOfWords, runsOfWordsInUpTo, runsOfWordsUpTo, splitWords } from '@/lib/extract/word-count';
import { parseHtml } from '../../scripts/html-document';
import { readabilityPagesDir, wcxbPagesDir } from '../support/fixtures';

/** The words `Intl.Segmenter` finds in `text`, lower-cased: what `splitWords` must give in every script. */
function segmenterWords(text: string): string[] {
  const segmenter = new Intl.Segmenter(undefined, { granularity: 'word' });
  // Line by line: no word spans a line break, and the segmenter is slow on very long strings.
  return text.split('\n').flatMap((line) => [...segmenter.segment(line)].filter((s) => s.isWordLike).map((s) => s.segment.toLowerCase()));
}

describe('countWords and splitWords (lib/extract/word-count.ts): the words Intl.Segmenter finds, without one for spaced scripts', () => {
  afterEach(() => vi.restoreAllMocks());

  it.each([
    ['contractions, abbreviations and dotted names', "Don't say U.S. or e.g. foo.bar.baz", ["don't", 'say', 'u.s', 'or', 'e.g', 'foo.bar.baz']],
    ['numbers with separators, and letters beside digits', '1,000.50 and 3.14; 1;2 a1.2 A.1 1.a', ['1,000.50', 'and', '3.14', '1;2', 'a1.2', 'a', '1', '1', 'a']],
    ['hyphens and dashes break, connectors join', 'e-mail — snake_case __init__ _ x', ['e', 'mail', 'snake_case', '__init__', 'x']],
    ['a narrow no-break space joins (7.5 mg), a zero-width space breaks', 'Dose 7.5\u202fmg x\u200by', ['dose', '7.5\u202fmg', 'x', 'y']],
    ['marks, a soft hyphen and joiners stay inside the word', 'nai\u0308ve co\u00adoperate a\u200db', ['nai\u0308ve', 'co\u00adoperate', 'a\u200db']],
    [
      'Cyrillic, Greek, Arabic, Hebrew and Korean',
      'Привет мир, γεια σου, مرحبا بالعالم, צה"ל צ\', 한국어 문장',
      ['привет', 'мир', 'γεια', 'σου', 'مرحبا', 'بالعالم', 'צה"ל', "צ'", '한국어', '문장'],
    ],
    ['emoji, symbols and superscripts are not words', 'hi 😀 ½ x² ©', ['hi', 'x']],
    ['Chinese, Japanese and Thai, split by the segmenter', '東京の人口 ภาษาไทย and more', segmenterWords('東京の人口 ภาษาไทย and more')],
  ])('%s', (_what, text, words) => {
    expect(splitWords(text)).toEqual(words);
    expect(splitWords(text)).toEqual(segmenterWords(text));
    expect(countWords(text)).toBe(words.length);
  });

  it("finds Intl.Segmenter's words in the text of every saved page here (articles in several languages and scripts, 50 WCXB pages' gold text)", () => {
    const texts = [
      ...readdirSync(readabilityPagesDir)
        .filter((name) => !name.includes('.'))
        .map((name) => parseHtml(readFileSync(path.join(readabilityPagesDir, name, 'expected.html'), 'utf8'), 'https://example.com/').body.textContent ?? ''),
      ...readdirSync(wcxbPagesDir)
        .filter((file) => file.endsWith('.json'))
        .map((file) => (JSON.parse(readFileSync(path.join(wcxbPagesDir, file), 'utf8')) as { ground_truth: { main_content: string } }).ground_truth.main_content),
    ];
    let words = 0;
    for (const text of texts) {
      const expected = segmenterWords(text);
      words += expected.length;
      expect(text.split('\n').flatMap((line) => splitWords(line))).toEqual(expected);
    }
    expect(words).toBeGreaterThan(100_000);
  });

  it('makes no segmenter for text in a spaced script (the first one in a page costs 15–35 ms), and one for text that needs it', () => {
    let made = 0;
    const Segmenter = Intl.Segmenter;
    vi.spyOn(Intl, 'Segmenter', 'get').mockReturnValue(
      class extends Segmenter {
        constructor(...args: ConstructorParameters<typeof Segmenter>) {
          super(...args);
          made++;
        }
      },
    );
    // A language no earlier count used: its segmenter is not made yet.
    expect(countWords('Guten Tag, Welt', 'de-AT-1996')).toBe(3);
    expect(made).toBe(0);
    expect(countWords('東京の人口', 'de-AT-1996')).toBeGreaterThan(1);
    expect(made).toBe(1);
  });
});

describe('nonSpaceLength (lib/extract/word-count.ts)', () => {
  it('counts every character but whitespace of any kind, as removing the whitespace would', () => {
    const text = '  Shoes\tfor\n\nwalking\u00a0— 東京の人口\u2003 \ufeffend  ';
    expect(nonSpaceLength(text)).toBe(text.replace(/\s+/g, '').length);
    expect(nonSpaceLength(text)).toBe(24);
    expect(nonSpaceLength('   \n\t ')).toBe(0);
    expect(nonSpaceLength('')).toBe(0);
    expect(nonSpaceLength(null)).toBe(0);
    expect(nonSpaceLength(undefined)).toBe(0);
  });

  it('treats as whitespace exactly what \\s matches, over every UTF-16 unit', () => {
    const odd: number[] = [];
    for (let c = 0; c < 0x10000; c++) {
      const ch = String.fromCharCode(c);
      if (nonSpaceLength(`a${ch}b`) !== (/\s/.test(ch) ? 2 : 3)) odd.push(c);
    }
    expect(odd).toEqual([]);
  });

  it('gives the same answer on consecutive calls (no state left in the shared expression)', () => {
    expect(nonSpaceLength('a b')).toBe(2);
    expect(nonSpaceLength('a b')).toBe(2);
  });
});

describe('runsOfWords and runsOfWordsUpTo (lib/extract/word-count.ts)', () => {
  const text = 'Photo: Getty Images — 2024, über naïve 東京の人口 3.5';

  it('counts runs of letters or digits in any script', () => {
    // Photo, Getty, Images, 2024, über, naïve, 東京の人口, 3, 5
    expect(runsOfWords(text)).toBe(9);
    expect(runsOfWords('— , .')).toBe(0);
    expect(runsOfWords(null)).toBe(0);
  });

  it('stops one past the limit, and is exact within it', () => {
    expect(runsOfWordsUpTo(text, 3)).toBe(4);
    expect(runsOfWordsUpTo(text, 8)).toBe(9);
    expect(runsOfWordsUpTo(text, 9)).toBe(9);
    expect(runsOfWordsUpTo(text, 100)).toBe(9);
    expect(runsOfWordsUpTo(text, 0)).toBe(1);
    expect(runsOfWordsUpTo('', 0)).toBe(0);
    // A stop midway leaves nothing behind for the next count.
    expect(runsOfWords(text)).toBe(9);
  });

  it('is the rough count: close to the exact one on spaced text', () => {
    expect(runsOfWords('The quick brown fox')).toBe(countWords('The quick brown fox', 'en'));
  });
});

describe('nonSpaceLengthUpTo and runsOfWordsInUpTo (lib/extract/word-count.ts): the text of an element, read node by node', () => {
  // Runs that go on across elements ("Sub<b>total</b>", "東京<i>の</i>人口"), spaces only between some, a script, an empty node.
  const body = parseHtml(
    `<body><p>Sub<b>total</b> €0.00</p><div> Cookie<span>s</span> and <em>consent</em></div><p>東京<i>の</i>人口 3.5</p>
     <script>var x = "a b c";</script><span></span><p>naïve<br>end</p></body>`,
    'https://example.com/',
  ).body;
  const joined = body.textContent ?? '';

  it('counts as the joined text does, exactly up to the limit', () => {
    const runs = runsOfWords(joined);
    for (let limit = 0; limit <= runs + 2; limit++) expect(runsOfWordsInUpTo(body, limit)).toBe(runsOfWordsUpTo(joined, limit));
    expect(runsOfWordsInUpTo(body, Infinity)).toBe(runs);
    const chars = nonSpaceLength(joined);
    expect(nonSpaceLengthUpTo(body, Infinity)).toBe(chars);
    for (let limit = 0; limit <= chars + 2; limit++) {
      const counted = nonSpaceLengthUpTo(body, limit);
      if (chars <= limit) expect(counted).toBe(chars);
      else expect(counted).toBeGreaterThan(limit);
    }
  });
});
