import { describe, expect, it } from 'vitest';
import { countWords, nonSpaceLength, nonSpaceLengthUpTo, runsOfWords, runsOfWordsInUpTo, runsOfWordsUpTo } from '@/lib/extract/word-count';
import { parseHtml } from '../../scripts/html-document';

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
