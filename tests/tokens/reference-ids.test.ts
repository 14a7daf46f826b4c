import { readFileSync } from 'node:fs';
import { referenceIdsFile } from '../support/fixtures';
import { describe, expect, it } from 'vitest';
import { loadTokenizer } from '@/lib/tokens/registry';
import { nodeTokenizerFiles } from '@/lib/tokens/node-files';

// Exact ids against the reference suite of Hugging Face tokenizers.js
// (tests/fixtures/tokenizers/reference-ids.json). Our ids are of the text alone;
// "Xenova/llama3-tokenizer-new" is the same vocabulary with a BOS (128000) prepended,
// so its expected ids are compared after that one id.

type Cases = Record<string, { text: string; ids: number[] }>;
const reference = JSON.parse(readFileSync(referenceIdsFile, 'utf8')) as Record<string, Cases>;

const suites: { tokenizer: string; reference: string; bos?: number }[] = [
  { tokenizer: 'llama-3', reference: 'Xenova/llama3-tokenizer' },
  { tokenizer: 'llama-3', reference: 'Xenova/llama3-tokenizer-new', bos: 128000 },
  // Qwen1.5's vocabulary and pre-tokenizer are Qwen2.5's: plain-text ids are equal.
  { tokenizer: 'qwen2.5', reference: 'Xenova/Qwen1.5-0.5B-Chat' },
  { tokenizer: 'qwen3', reference: 'Xenova/Qwen1.5-0.5B-Chat' },
  { tokenizer: 'gpt-4o', reference: 'Xenova/gpt-4o' },
  { tokenizer: 'gpt-4', reference: 'Xenova/gpt-4' },
];

for (const suite of suites) {
  describe(`${suite.tokenizer} matches ${suite.reference}`, async () => {
    const tokenizer = await loadTokenizer(suite.tokenizer, nodeTokenizerFiles);
    const cases = Object.entries(reference[suite.reference]!);
    it('has cases to check', () => expect(cases.length).toBeGreaterThan(3));
    for (const [caseName, { text, ids }] of cases) {
      it(caseName, () => {
        const expected = suite.bos !== undefined ? ids.slice(1) : ids;
        if (suite.bos !== undefined) expect(ids[0]).toBe(suite.bos);
        expect(tokenizer.encode(text)).toEqual(expected);
        expect(tokenizer.count(text)).toBe(expected.length);
      });
    }
  });
}

describe("GPT-4o and GPT-4 follow OpenAI's tiktoken core where JavaScript ports differ", () => {
  // Real pages contain U+FEFF (the Wikipedia fixture has it in coordinates). Rust's `\s`
  // does not match it, JavaScript's does: " \uFEFF" is one piece, and one token, in tiktoken.
  it('encodes " \\uFEFF" as tiktoken does, and decodes it back', async () => {
    const gpt4o = await loadTokenizer('gpt-4o', nodeTokenizerFiles);
    const gpt4 = await loadTokenizer('gpt-4', nodeTokenizerFiles);
    expect(gpt4o.encode(' \uFEFF42°')).toEqual([71280, 4689, 6793]);
    expect(gpt4.encode(' \uFEFF42°')).toEqual([76880, 2983, 11877]);
    expect(gpt4o.decode(gpt4o.encode('\uFEFFa \uFEFF'))).toBe('\uFEFFa \uFEFF');
  });
});
