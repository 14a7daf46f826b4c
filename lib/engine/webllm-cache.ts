/**
 * The model manager's view of WebLLM's Cache Storage: which models are
 * downloaded, how many bytes each takes, whether a download is complete, and
 * deletion (which also repairs a half download: delete, then download again).
 * Deletion works on Cache Storage directly: WebLLM's own delete re-fetches a
 * missing tensor-cache.json from the network, which is exactly what a broken
 * half download (or an offline machine) lacks. Loaded lazily in the host only.
 */
import { hasModelInCache, prebuiltAppConfig, type ModelRecord } from '@mlc-ai/web-llm';
import type { CachedModel } from '@/lib/messaging/protocol';

/** The Cache Storage buckets WebLLM writes (its default "cache" backend). */
const MODEL_CACHE = 'webllm/model';
const CONFIG_CACHE = 'webllm/config';
const WASM_CACHE = 'webllm/wasm';

/** Where WebLLM keeps a model's files (`<model>/resolve/main/`, as its cleanModelUrl does). */
export function modelBaseUrl(model: string): string {
  let url = model.endsWith('/') ? model : `${model}/`;
  if (!/.+\/resolve\/.+\//.test(url)) url += 'resolve/main/';
  return new URL(url).href;
}

/**
 * Bytes of one cached file: its `content-length`, else counted by streaming
 * the body chunk by chunk — a weight shard is hundreds of MB, and reading it
 * whole (arrayBuffer) just to learn its size could exhaust the host's memory.
 */
export async function entrySize(response: Response): Promise<number> {
  const length = Number(response.headers.get('content-length'));
  if (Number.isFinite(length) && length > 0) return length;
  const body = response.clone().body;
  if (!body) return 0;
  const reader = body.getReader();
  let bytes = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return bytes;
    bytes += value.byteLength;
  }
}

async function keysOf(cacheStorage: CacheStorage, name: string): Promise<{ cache: Cache | null; requests: readonly Request[] }> {
  if (!(await cacheStorage.has(name))) return { cache: null, requests: [] };
  const cache = await cacheStorage.open(name);
  return { cache, requests: await cache.keys() };
}

/** Lists and deletes WebLLM models in this origin's Cache Storage. */
export function webllmModelCache(cacheStorage: CacheStorage = caches, records: ModelRecord[] = prebuiltAppConfig.model_list) {
  return {
    /** Every known model with at least one cached weight file, with bytes and completeness. */
    async list(): Promise<CachedModel[]> {
      const { cache, requests } = await keysOf(cacheStorage, MODEL_CACHE);
      if (!cache) return [];
      const out: CachedModel[] = [];
      for (const record of records) {
        const prefix = modelBaseUrl(record.model);
        const mine = requests.filter((r) => r.url.startsWith(prefix));
        if (mine.length === 0) continue;
        let bytes = 0;
        for (const request of mine) {
          const response = await cache.match(request);
          if (response) bytes += await entrySize(response);
        }
        const complete = await hasModelInCache(record.model_id, { ...prebuiltAppConfig, model_list: records }).catch(() => false);
        out.push({ modelId: record.model_id, bytes, complete });
      }
      return out;
    },

    /** Deletes a model's weights, tokenizer, config and (unless another cached model shares it) its library. */
    async remove(modelId: string): Promise<boolean> {
      const record = records.find((r) => r.model_id === modelId);
      if (!record) return false;
      const prefix = modelBaseUrl(record.model);
      let removed = false;
      for (const name of [MODEL_CACHE, CONFIG_CACHE]) {
        const { cache, requests } = await keysOf(cacheStorage, name);
        for (const request of requests) {
          if (request.url.startsWith(prefix)) removed = (await cache!.delete(request)) || removed;
        }
      }
      const others = new Set((await this.list()).map((m) => records.find((r) => r.model_id === m.modelId)?.model_lib));
      if (record.model_lib && !others.has(record.model_lib)) {
        const { cache } = await keysOf(cacheStorage, WASM_CACHE);
        if (cache) removed = (await cache.delete(record.model_lib)) || removed;
      }
      return removed;
    },
  };
}
