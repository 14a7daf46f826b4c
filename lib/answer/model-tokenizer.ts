/**
 * Which tokenizer counts a model's budgets: the model's own when Gleaner has
 * it (catalog models of the Llama 3, Qwen and SmolLM2 families), otherwise a
 * reference tokenizer with a safety margin, so an estimate errs on the side
 * of sending less rather than overflowing.
 */
import { findCatalogModel, type TokenizerFamily } from '@/lib/engine/catalog';
import type { Tokenizer } from '@/lib/tokens/types';

/** Tokenizer names for the families whose exact tokenizer ships with Gleaner. */
const EXACT: Partial<Record<TokenizerFamily, string>> = {
  'llama-3': 'llama-3',
  'qwen2.5': 'qwen2.5',
  qwen3: 'qwen3',
  smollm2: 'smollm2',
};

/** Margin applied to an approximate count (other BPE vocabularies differ by up to ~15% on English). */
const APPROXIMATE_MARGIN = 1.2;

/** A tokenizer whose counts are scaled up: for budgets only, never for showing exact counts. */
function withSafetyMargin(tokenizer: Tokenizer, factor = APPROXIMATE_MARGIN): Tokenizer {
  return {
    name: `${tokenizer.name} (approximate)`,
    encode: (text) => tokenizer.encode(text),
    decode: (ids) => tokenizer.decode(ids),
    count: (text) => Math.ceil(tokenizer.count(text) * factor),
  };
}

/** The tokenizer that counts budgets for `modelId`; `load` resolves a tokenizer name ('llama-3', 'gpt-4o'…). */
export async function tokenizerForModel(modelId: string | null, load: (name: string) => Promise<Tokenizer>): Promise<Tokenizer> {
  const family = modelId ? findCatalogModel(modelId)?.tokenizer : undefined;
  const exact = family ? EXACT[family] : undefined;
  if (exact) {
    try {
      return await load(exact);
    } catch {
      // Fall through to the approximation: a summary is better than an error about tokenizer files.
    }
  }
  return withSafetyMargin(await load('gpt-4o'));
}
