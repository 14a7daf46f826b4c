import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Tokenizer as HfTokenizer } from '@huggingface/tokenizers';
import { describe, expect, it } from 'vitest';
import { createTokenizerCache, loadTokenizer, tokenizerNameForFamily } from '@/lib/tokens/registry';
import { nodeTokenizerFiles, nodeTokenizerPath } from '@/lib/tokens/node-files';
import { CATALOG } from '@/lib/engine/catalog';
import { readabilityPagesDir } from '../support/fixtures';

const pageText = readFileSync(path.join(readabilityPagesDir, 'wikipedia', 'expected.html'), 'utf8').replace(/<[^>]+>/g, ' ');

describe('loadTokenizer', () => {
  it('loads SmolLM2 from its real tokenizer.json with the ids of an independent implementation', async () => {
    // No reference ids exist for SmolLM2: @huggingface/tokenizers (pure JS) is the check.
    const smol = await loadTokenizer('smollm2', nodeTokenizerFiles);
    const json = JSON.parse(readFileSync(nodeTokenizerPath('smollm2'), 'utf8'));
    const independent = new HfTokenizer(json, {});
    const ids = smol.encode(pageText);
    expect(ids.length).toBeGreaterThan(1000);
    expect(ids).toEqual(independent.encode(pageText, { add_special_tokens: false }).ids);
    expect(smol.decode(ids)).toBe(pageText);
    expect(smol.specialTokenId?.('<|im_start|>')).toBe(1);
  });

  it('loads any tokenizer.json by path, same ids as by name', async () => {
    const byPath = await loadTokenizer(nodeTokenizerPath('llama-3'), nodeTokenizerFiles);
    const byName = await loadTokenizer('llama-3', nodeTokenizerFiles);
    expect(byPath.encode(pageText)).toEqual(byName.encode(pageText));
  });

  it('keeps Qwen3-only special tokens out of Qwen2.5', async () => {
    const qwen25 = await loadTokenizer('qwen2.5', nodeTokenizerFiles);
    const qwen3 = await loadTokenizer('qwen3', nodeTokenizerFiles);
    expect(qwen3.encode('<think>')).toEqual([151667]);
    expect(qwen25.encode('<think>').length).toBeGreaterThan(1);
    expect(qwen25.specialTokenId?.('<|im_end|>')).toBe(151645);
    expect(qwen25.encode(pageText)).toEqual(qwen3.encode(pageText));
  });

  it('explains an unknown name and a missing file', async () => {
    await expect(loadTokenizer('llama-9', nodeTokenizerFiles)).rejects.toThrow(/Unknown tokenizer "llama-9"/);
    await expect(loadTokenizer('/nope/tokenizer.json', nodeTokenizerFiles)).rejects.toThrow(/Cannot read tokenizer file/);
  });

  it('rejects a JSON file that is not a tokenizer', async () => {
    const files = { ...nodeTokenizerFiles, at: async () => new TextEncoder().encode('{"version":"1"}') };
    await expect(loadTokenizer('x/tokenizer.json', files)).rejects.toThrow(/not a tokenizer\.json/);
  });

  it('loads each tokenizer once per cache and retries after a failure', async () => {
    let reads = 0;
    const cache = createTokenizerCache({
      ...nodeTokenizerFiles,
      named: (file) => {
        reads++;
        return reads === 1 ? Promise.reject(new Error('offline')) : nodeTokenizerFiles.named(file);
      },
    });
    await expect(cache('llama-3')).rejects.toThrow('offline');
    const [a, b] = await Promise.all([cache('llama-3'), cache('llama-3')]);
    expect(a).toBe(b);
    expect(reads).toBe(2);
  });

  it('names a reference tokenizer for every catalog family that has one', () => {
    const families = new Set(CATALOG.map((model) => model.tokenizer));
    expect(tokenizerNameForFamily('llama-3')).toBe('llama-3');
    expect(tokenizerNameForFamily('phi-3')).toBeNull();
    expect([...families].filter((f) => tokenizerNameForFamily(f)).length).toBeGreaterThanOrEqual(3);
  });
});
