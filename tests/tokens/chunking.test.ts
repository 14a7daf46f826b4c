import { describe, expect, it } from 'vitest';
import { nextSafeCut, splitAtSafeBoundaries } from '@/lib/tokens/chunking';
import { countTokens } from '@/lib/tokens/counting';
import { loadTokenizer } from '@/lib/tokens/registry';
import { nodeTokenizerFiles } from '@/lib/tokens/node-files';
import { realPagesText } from '../../scripts/fixture-pages';
import { readabilityPagesDir } from '../support/fixtures';

// The real pages of tests/fixtures (en, de, fr, es, cs, pt, ja, zh, code, tables): chunked counting must
// give exactly the ids of whole-text encoding, or progress would change the count.
const text = realPagesText(readabilityPagesDir);

describe('splitAtSafeBoundaries', () => {
  it('cuts only before " letter" after a letter, or after a lone line break before a letter, losing nothing', () => {
    const pieces = splitAtSafeBoundaries(text, 2000);
    expect(pieces.length).toBeGreaterThan(100);
    expect(pieces.join('')).toBe(text);
    for (const [i, piece] of pieces.slice(1).entries()) {
      const before = pieces[i]!;
      const cutAtSpace = /\p{L}$/u.test(before) && /^ \p{L}/u.test(piece);
      const cutAtLine = /\S\n$/.test(before) && /^\p{L}/u.test(piece);
      expect(cutAtSpace || cutAtLine).toBe(true);
    }
  });

  it('keeps a text with no safe place whole', () => {
    expect(splitAtSafeBoundaries('1\n2\n3\n 4 5', 1)).toEqual(['1\n2\n3\n 4 5']);
    expect(nextSafeCut('ab\n\ncd', 0)).toBe(-1);
    expect(nextSafeCut('ab.\ncd', 0)).toBe(4);
    expect(nextSafeCut('ab cd', 0)).toBe(2);
  });
});

for (const name of ['llama-3', 'qwen2.5', 'smollm2', 'gpt-4o', 'gpt-4']) {
  describe(`chunked counting with ${name}`, () => {
    it('equals whole-text counting on real pages, ids included', async () => {
      const tokenizer = await loadTokenizer(name, nodeTokenizerFiles);
      expect(tokenizer.chunkSafe).toBe(true);
      const whole = tokenizer.encode(text);
      const pieces = splitAtSafeBoundaries(text, 3000);
      expect(pieces.flatMap((piece) => tokenizer.encode(piece))).toEqual(whole);
      const progress: number[] = [];
      const result = await countTokens(tokenizer, [{ text }], {
        chunkSize: 20_000,
        keepIds: 500,
        onProgress: (p) => progress.push(p.doneChars),
      });
      expect(result).toEqual({ tokens: whole.length, firstIds: whole.slice(0, 500), chunked: true });
      expect(progress.length).toBeGreaterThan(10);
      expect(progress.at(-1)).toBe(text.length);
    });
  });
}

describe('countTokens', () => {
  it('stops at the next piece when its request is cancelled', async () => {
    const tokenizer = await loadTokenizer('gpt-4o', nodeTokenizerFiles);
    const controller = new AbortController();
    let pieces = 0;
    const counting = countTokens(tokenizer, [{ text }], {
      chunkSize: 10_000,
      signal: controller.signal,
      onProgress: () => {
        if (++pieces === 3) controller.abort(new Error('superseded'));
      },
    });
    await expect(counting).rejects.toThrow('superseded');
    expect(pieces).toBe(3);
  });
});
