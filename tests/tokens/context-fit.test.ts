import { describe, expect, it } from 'vitest';
import { CATALOG } from '@/lib/engine/catalog';
import { CPU_CATALOG } from '@/lib/engine/cpu-catalog';
import { modelInUseTarget, REFERENCE_WINDOWS, windowFits } from '@/lib/tokens/context-fit';

const smol = CATALOG.find((model) => model.tokenizer === 'smollm2')!;

describe('windowFits: the bars of the Tokens view', () => {
  it('shows the model in use first, then each reference window once (no window repeated)', () => {
    const inUse = modelInUseTarget({ backend: 'webllm', modelId: smol.id });
    const counts = new Map([
      [`model:${smol.id}`, 2500],
      ['gpt-4o', 2100],
      ['llama-3', 2300],
    ]);
    const fits = windowFits(counts, [`model:${smol.id}`, 'llama-3', 'gpt-4o'], inUse);
    const windows = fits.map((fit) => fit.contextWindow);
    expect(new Set(windows).size).toBe(windows.length);
    // The catalog's 4,096 is the model in use's; the 4k reference is not repeated.
    expect(fits.map((fit) => fit.id)).toEqual(['in-use', 'window-8k', 'window-32k', 'gpt-4o', 'window-200k']);
    expect(fits[0]).toMatchObject({ inUse: true, contextWindow: smol.contextWindow, tokens: 2500, basisKind: 'own', leftForAnswer: smol.contextWindow - 2500, fits: true });
    expect(fits[0]!.fraction).toBeCloseTo(2500 / smol.contextWindow);
    // GPT-4o's window is counted with GPT-4o's tokenizer; the plain sizes with the model in use's.
    expect(fits.find((fit) => fit.id === 'gpt-4o')).toMatchObject({ contextWindow: 128_000, tokens: 2100, basis: 'gpt-4o', basisKind: 'own' });
    expect(fits.find((fit) => fit.id === 'window-8k')).toMatchObject({ tokens: 2500, basis: `model:${smol.id}`, basisKind: 'size' });
  });

  it('marks a model counted with another tokenizer as approximate, and says when it does not fit', () => {
    const inUse = modelInUseTarget({ backend: 'webllm', modelId: smol.id });
    const fits = windowFits(new Map([['llama-3', 9000]]), [`model:${smol.id}`, 'llama-3'], inUse);
    expect(fits[0]).toMatchObject({ id: 'in-use', basis: 'llama-3', basisKind: 'approx', fits: false, leftForAnswer: 0 });
    expect(fits.find((fit) => fit.id === 'gpt-4o')).toMatchObject({ basis: 'llama-3', basisKind: 'approx', fits: true });
  });

  it('uses the family tokenizer of a CPU model and the window a server reports', () => {
    const cpu = CPU_CATALOG.find((model) => model.tokenizer === 'llama-3')!;
    expect(modelInUseTarget({ backend: 'cpu', modelId: cpu.id })).toMatchObject({ contextWindow: cpu.contextWindow, tokenizers: ['llama-3'] });
    const server = modelInUseTarget({ backend: 'openai', modelId: 'qwen3:8b', contextWindow: 32_768 });
    const fits = windowFits(new Map([['gpt-4o', 100]]), ['gpt-4o'], server);
    expect(fits[0]).toMatchObject({ label: 'qwen3:8b (your server)', contextWindow: 32_768 });
    // The server's 32k replaces the 32k reference; the 4k reference comes back.
    expect(fits.map((fit) => fit.contextWindow)).toEqual([32_768, 4096, 8192, 128_000, 200_000]);
  });

  it('says so when the window of a server is not known yet, instead of assuming one', () => {
    const server = modelInUseTarget({ backend: 'openai', modelId: '' });
    const [fit] = windowFits(new Map([['gpt-4o', 100]]), ['gpt-4o'], server);
    expect(fit).toMatchObject({ contextWindow: null, fits: false, note: expect.stringMatching(/window/) });
  });

  it('lists only reference windows without a model, and nothing before a count', () => {
    expect(modelInUseTarget({ backend: 'webllm', modelId: '' })).toBeNull();
    expect(windowFits(new Map(), ['gpt-4o'], null)).toEqual([]);
    const fits = windowFits(new Map([['gpt-4o', 100]]), ['gpt-4o'], null);
    expect(fits.map((fit) => fit.contextWindow)).toEqual(REFERENCE_WINDOWS.map((window) => window.contextWindow));
  });
});
