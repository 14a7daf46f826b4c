// The tokenizer.json of a WebLLM model, exactly the file WebLLM itself loads:
// WebLLM (0.2.86, `asyncLoadTokenizer`) fetches `<model url>/resolve/main/tokenizer.json`
// through its Cache Storage cache named "webllm/model" (cacheBackend "cache"). When the
// model is downloaded the file is already there; otherwise it is fetched alone (a few
// MB, not the weights) and put into that same cache, so WebLLM finds it there later.

import { findCatalogModel } from '../engine/catalog';
import { loadTokenizer, tokenizerNameForFamily, type TokenizerFiles } from './registry';
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

/**
 * The tokenizer to budget a catalog model's context with: its own tokenizer.json when it
 * can be had, otherwise the bundled reference of its family (same vocabulary for
 * llama-3, qwen2.5, qwen3, smollm2). `exact` says which one it is.
 */
export async function loadTokenizerForModel(modelId: string, deps: ModelTokenizerDeps & { files: TokenizerFiles }): Promise<{ tokenizer: Tokenizer; exact: boolean }> {
  try {
    return { tokenizer: await loadModelTokenizer(modelId, deps), exact: true };
  } catch (error) {
    const family = findCatalogModel(modelId)?.tokenizer;
    const name = family ? tokenizerNameForFamily(family) : null;
    if (!name) throw error;
    return { tokenizer: await loadTokenizer(name, deps.files), exact: false };
  }
}
