// The tokenizer.json of a WebLLM model, exactly the file WebLLM itself loads:
// WebLLM (0.2.86, `asyncLoadTokenizer`) fetches `<model url>/resolve/main/tokenizer.json`
// through its Cache Storage cache named "webllm/model" (cacheBackend "cache"). When the
// model is downloaded the file is already there; otherwise it is fetched alone (a few
// MB, not the weights) and put into that same cache, so WebLLM finds it there later.

import { findCatalogModel } from '../engine/catalog';
import { tokenizerNameForFamily } from './registry';
import { tokenizerFromJson } from './tokenizer-json';
import type { Tokenizer } from './types';

/** Cache Storage cache WebLLM keeps model files (weights shards, tokenizer.json) in. */
export const WEBLLM_MODEL_CACHE = 'webllm/model';

/** URL WebLLM loads a prebuilt model's tokenizer.json from (its cache key too). */
export function modelTokenizerUrl(modelId: string): string {
  return `https://huggingface.co/mlc-ai/${encodeURIComponent(modelId)}/resolve/main/tokenizer.json`;
}

/** Where a model's tokenizer.json came from. */
export type ModelTokenizerSource = 'webllm-cache' | 'downloaded';

export interface ModelTokenizerDeps {
  caches: CacheStorage;
  fetch: typeof fetch;
}

/** Bytes of a model's tokenizer.json: from WebLLM's cache, or fetched once and cached there. */
export async function loadModelTokenizerFile(modelId: string, deps: ModelTokenizerDeps): Promise<{ bytes: ArrayBuffer; source: ModelTokenizerSource }> {
  const url = modelTokenizerUrl(modelId);
  const cache = await deps.caches.open(WEBLLM_MODEL_CACHE);
  const cached = await cache.match(url);
  if (cached) return { bytes: await cached.arrayBuffer(), source: 'webllm-cache' };
  let response: Response;
  try {
    response = await deps.fetch(url);
  } catch {
    throw new Error(`The tokenizer of ${modelId} is not downloaded yet and cannot be fetched (offline?). Reference tokenizers still count.`);
  }
  if (!response.ok) throw new Error(`Could not download the tokenizer of ${modelId} (HTTP ${response.status}).`);
  await cache.put(url, response.clone());
  return { bytes: await response.arrayBuffer(), source: 'downloaded' };
}

/** A WebLLM model's own tokenizer (exact), loaded as `loadModelTokenizerFile` finds it. */
export async function loadModelTokenizer(modelId: string, deps: ModelTokenizerDeps): Promise<Tokenizer> {
  const { bytes } = await loadModelTokenizerFile(modelId, deps);
  return tokenizerFromJson(modelId, bytes);
}

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

/** Where `budgetTokenizer` gets tokenizers from. */
export interface BudgetTokenizerDeps {
  /** The model's own tokenizer (`loadModelTokenizer` in the extension). */
  own(modelId: string): Promise<Tokenizer>;
  /** A bundled tokenizer by name ('llama-3', 'gpt-4o'…). */
  load(name: string): Promise<Tokenizer>;
}

/**
 * The one tokenizer fallback: what counts the budgets of `modelId`, best first —
 * 1. a catalog model's own tokenizer.json (WebLLM's cache, or fetched once): exact;
 * 2. the bundled reference of its family (llama-3, qwen2.5, qwen3, smollm2: the same vocabulary);
 * 3. a reference (gpt-4o) with a 20% safety margin, so an estimate errs on the side of
 *    sending less rather than overflowing (a summary is better than an error about tokenizer files).
 * `exact` is true only for the model's own file.
 */
export async function budgetTokenizer(modelId: string | null, deps: BudgetTokenizerDeps): Promise<{ tokenizer: Tokenizer; exact: boolean }> {
  const family = modelId ? findCatalogModel(modelId)?.tokenizer : undefined;
  if (modelId && family) {
    try {
      return { tokenizer: await deps.own(modelId), exact: true };
    } catch {
      // Next best below.
    }
  }
  const reference = family ? tokenizerNameForFamily(family) : null;
  if (reference) {
    try {
      return { tokenizer: await deps.load(reference), exact: false };
    } catch {
      // Next best below.
    }
  }
  return { tokenizer: withSafetyMargin(await deps.load('gpt-4o')), exact: false };
}
