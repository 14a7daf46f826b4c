/**
 * The model manager's view of WebLLM's Cache Storage: which models are
 * downloaded, how many bytes each takes, whether a download is complete, and
 * deletion (which also repairs a half download: delete, then download again).
 * Imports WebLLM, so it is loaded lazily in the engine host only.
 */
import { deleteModelAllInfoInCache, hasModelInCache, prebuiltAppConfig } from '@mlc-ai/web-llm';
import type { CachedModel } from '@/lib/messaging/protocol';

/** The Cache Storage buckets WebLLM writes (its "cache" backend). */
const MODEL_CACHE = 'webllm/model';

function modelUrlPrefix(model: string): string {
  // Weights live under `<model url>/resolve/main/` on Hugging Face.
  const base = model.endsWith('/') ? model : `${model}/`;
  return base.includes('/resolve/') ? base : `${base}resolve/main/`;
}

async function entrySize(response: Response): Promise<number> {
  const length = Number(response.headers.get('content-length'));
  if (Number.isFinite(length) && length > 0) return length;
  return (await response.clone().arrayBuffer()).byteLength;
}

/** Lists and deletes WebLLM models in this origin's Cache Storage. */
export function webllmModelCache(cacheStorage: CacheStorage = caches) {
  return {
    /** Every prebuilt model with at least one cached file, with bytes and completeness. */
    async list(): Promise<CachedModel[]> {
      if (!(await cacheStorage.has(MODEL_CACHE))) return [];
      const cache = await cacheStorage.open(MODEL_CACHE);
      const requests = await cache.keys();
      const out: CachedModel[] = [];
      for (const record of prebuiltAppConfig.model_list) {
        const prefix = modelUrlPrefix(record.model);
        const mine = requests.filter((r) => r.url.startsWith(prefix));
        if (mine.length === 0) continue;
        let bytes = 0;
        for (const request of mine) {
          const response = await cache.match(request);
          if (response) bytes += await entrySize(response);
        }
        const complete = await hasModelInCache(record.model_id, prebuiltAppConfig).catch(() => false);
        out.push({ modelId: record.model_id, bytes, complete });
      }
      return out;
    },
    /** Deletes a model's weights, config and library; true when something was there. */
    async remove(modelId: string): Promise<boolean> {
      const had = (await this.list()).some((m) => m.modelId === modelId);
      await deleteModelAllInfoInCache(modelId, prebuiltAppConfig);
      return had;
    },
  };
}
