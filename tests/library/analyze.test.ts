import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { analyze, terms } from '@/lib/library/analyze';
import { savedPage } from './support/saved-page';

describe('analyze', () => {
  it('folds case, drops English stop words and stems with Porter', () => {
    expect(terms('The Runners were RUNNING to the running track')).toEqual(['runner', 'run', 'run', 'track']);
    expect(terms('connection connected connecting')).toEqual(['connect', 'connect', 'connect']);
  });

  it('folds accents and German sharp s, keeps umlaut words searchable without them', () => {
    expect(terms('Café résumé')).toEqual(terms('cafe resume'));
    expect(terms('Straße über Äpfel')).toEqual(terms('strasse uber apfel'));
  });

  it('segments Japanese and Chinese with Intl.Segmenter (no spaces in the text)', () => {
    const ja = terms('東京タワーへ行きました');
    expect(ja).toContain('東京タワー');
    expect(ja).not.toContain('へ');
    const zh = terms('我们在北京大学学习中文');
    expect(zh).toEqual(expect.arrayContaining(['北京', '大学']));
    expect(zh.join('')).toContain('中文');
  });

  it('gives offsets that locate each word in the original text', () => {
    const text = 'Ünïcode — 東京 and Résumés';
    for (const token of analyze(text)) expect(text.slice(token.start, token.end).length).toBeGreaterThan(0);
    const last = analyze(text).at(-1)!;
    expect(text.slice(last.start, last.end)).toBe('Résumés');
  });

  it('skips very long tokens (hashes, base64) and handles full-width digits', () => {
    expect(terms('a'.repeat(100))).toEqual([]);
    expect(terms('２０２４年')).toContain('2024');
  });

  it('gives the pinned terms and offsets on mixed scripts, apostrophes and astral letters', () => {
    const text = "Don't stop: it’s GPU対応 e.g. 2nd-hand 𝐀𝐁𝐂";
    expect(analyze(text).map((t) => [t.term, t.start, t.end])).toEqual([
      ['dont', 0, 5],
      ['stop', 6, 10],
      ['gpu', 17, 20],
      ['対応', 20, 22],
      ['e', 23, 24],
      ['g', 25, 26],
      ['2nd', 28, 31],
      ['hand', 32, 36],
      ['abc', 37, 43],
    ]);
    expect(terms(text)).toEqual(analyze(text).map((t) => t.term));
    expect(analyze('Ünïcode — 東京タワーへ and Résumés').map((t) => [t.term, t.start, t.end])).toEqual([
      ['unicod', 0, 7],
      ['東京タワー', 10, 15],
      ['resum', 21, 28],
    ]);
  });

  // Pinned from the regex analyzer the scanner replaced (equal on all 130 saved pages and
  // 30,000 random strings of tricky characters): the number of terms and a digest of them.
  it('gives the pinned terms on the real saved pages, the same from terms() and analyze()', () => {
    const pinned: Record<string, [number, string]> = {
      '001': [429, '407c59d93862ef13'],
      '002': [1477, '6f086817323ef992'],
      aktualne: [668, 'bfdd4c2d4b1de60c'],
      'ars-1': [348, '4d784dceb277e596'],
      'bbc-1': [451, 'c75273477c9ea363'],
      cnet: [323, 'a5d64a94aabfe9e2'],
      folha: [304, 'ab80c6c282daea17'],
      gmw: [1803, '7653c7cb4c98407b'],
      'guardian-1': [721, 'f1be8ec6109199ee'],
      heise: [259, '4d6137356ac1acd4'],
      'keep-tabular-data': [1376, '73546a676e00eda5'],
      'lemonde-1': [1473, '7c309d672d1d9156'],
      'medium-1': [1358, '862a8600da4e82b4'],
      'mozilla-1': [117, '3e1347521b4b2848'],
      'nytimes-1': [465, '060dea7f5adc5452'],
      'nytimes-5': [375, '449a9bbc4369610b'],
      pixnet: [1325, 'd503881bfc864786'],
      qq: [368, '56031b8fbb635027'],
      'rtl-1': [126, '0b3bf96735c53cc4'],
      'v8-blog': [1427, '73f4960fbcbc79d6'],
      wikipedia: [3250, '7bfba5b74976c1ac'],
      'wikipedia-2': [13613, 'b7bc19ef5288a046'],
      'yahoo-4': [431, 'e0e82f106105bce6'],
      youth: [1377, '27ded887e9e36a93'],
    };
    const digest = (list: string[]) => [list.length, createHash('sha256').update(list.join(' ')).digest('hex').slice(0, 16)];
    // The pages pinned, not every page of the folder: a page added later has no digest from the old analyzer.
    for (const name of Object.keys(pinned)) {
      const text = savedPage(name).text;
      expect(digest(terms(text)), name).toEqual(pinned[name]);
      expect(digest(analyze(text).map((t) => t.term)), name).toEqual(pinned[name]);
    }
  });
});
