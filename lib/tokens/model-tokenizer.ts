// The tokenizer.json of a WebLLM model, exactly the file WebLLM itself loads:
// WebLLM (0.2.86, `asyncLoadTokenizer`) fetches `<model url>/resolve/main/tokenizer.json`
// through its Cache Storage cache named "webllm/model" (cacheBackend "cache"). When the
// model is downloaded the file is already there; otherwise it is fetched alone (a few
// MB, not the weights) and put into that same cache, so WebLLM finds it there later.

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
export async function loadModelTokenizerFile(
  modelId: string,
  deps: ModelTokenizerDeps,
): Promise<{ bytes: ArrayBuffer; source: ModelTokenizerSource }> {
  const url = modelTokenizerUrl(modelId);
  const cache = await deps.caches.open(WEBLLM_MODEL_CACHE);
  const cached = await cache.match(url);
  if (cached) return { bytes: await cached.arrayBuffer(), source: 'webllm-cache' };
  let response: Response;
  try {
    response = await deps.fetch(url);
  } catch {
    throw new Error(
      `The tokenizer of ${modelId} is not downloaded yet and cannot be fetched (offline?). Reference tokenizers still count.`,
    );
  }
  if (!response.ok) throw new Error(`Could not download the tokenizer of ${modelId} (HTTP ${response.status}).`);
  await cache.put(url, response.clone());
  return { bytes: await response.arrayBuffer(), source: 'downloaded' };
}
