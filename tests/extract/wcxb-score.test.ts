import { describe, expect, it } from 'vitest';
import { snippetHits, wcxbF1, wcxbWords } from '@/lib/extract/wcxb-score';

describe('WCXB scoring (as the benchmark computes it)', () => {
  it('tokenizes like Python re.findall(r"\\w+", text.lower()): letters, digits, underscores', () => {
    expect(wcxbWords("Don't stop_me: 3.5 GHz — Ünïcode 東京")).toEqual(['don', 't', 'stop_me', '3', '5', 'ghz', 'ünïcode', '東京']);
  });

  it('scores words as a multiset: repeats count only as often as the gold has them', () => {
    const score = wcxbF1('the cat the cat the cat', 'the cat sat');
    expect(score.precision).toBeCloseTo(2 / 6);
    expect(score.recall).toBeCloseTo(2 / 3);
    expect(wcxbF1('', '').f1).toBe(1);
    expect(wcxbF1('words', '').f1).toBe(0);
  });

  it('finds snippets whatever the case, punctuation and line breaks, on word boundaries', () => {
    const text = 'Reviews\n\nGreat blender, works well.\nShipping: free over $50';
    expect(snippetHits(text, ['great blender works well', 'Five stars'], ['Shipping: free', 'ping free'])).toEqual({ withFound: 1, withoutKept: 1 });
  });
});
