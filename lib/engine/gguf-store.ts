/**
 * Downloads of GGUF model files for the CPU engine, kept in Cache Storage
 * (survives restarts, no size limit per entry): a file is stored in parts of
 * PART_BYTES as they arrive, so a download cut off by a cancel, a crash or a
 * browser restart resumes from the last whole part with an HTTP Range request.
 * Opening a model joins its parts into one Blob (disk-backed: no copy in memory).
 * Takes the CacheStorage and fetch as parameters so it runs under Vitest too.
 */
import { AbortedError } from '@/lib/messaging/errors';
import { DownloadFailedError, StorageQuotaError } from './errors';

/** The Cache Storage bucket of GGUF files. */
const GGUF_CACHE = 'gleaner/gguf';
/** Bytes per stored part: small enough to hold while downloading, large enough to be few. */
const PART_BYTES = 4 * 1024 * 1024;

/** What is stored for one URL. */
export interface StoredGguf {
  url: string;
  /** Bytes stored so far. */
  bytes: number;
  /** The file's size, when the server said. */
  total: number | null;
  complete: boolean;
}

interface Meta {
  url: string;
  total: number | null;
  parts: number;
  complete: boolean;
  etag?: string;
}

/** The parts of CacheStorage the store uses. */
export type CacheStorageLike = Pick<CacheStorage, 'open' | 'has'>;

// Cache Storage ignores fragments and a model URL may carry a query: each file's
// entries live under a synthetic URL that encodes the model URL as one path segment.
const KEY_BASE = 'https://gguf.gleaner.invalid/';
const keyPrefix = (url: string) => `${KEY_BASE}${encodeURIComponent(url)}/`;
const metaKey = (url: string) => `${keyPrefix(url)}meta`;
const partKey = (url: string, i: number) => `${keyPrefix(url)}part-${String(i).padStart(5, '0')}`;

function isQuotaError(error: unknown): boolean {
  return error instanceof Error && (error.name === 'QuotaExceededError' || /quota/i.test(error.message));
}

/** The store of GGUF files in one CacheStorage. */
export class GgufStore {
  constructor(
    private readonly caches: CacheStorageLike,
    private readonly fetchFn: typeof fetch = (...args) => fetch(...args),
  ) {}

  private cache(): Promise<Cache> {
    return this.caches.open(GGUF_CACHE);
  }

  private async meta(cache: Cache, url: string): Promise<Meta | null> {
    const response = await cache.match(metaKey(url));
    return response ? ((await response.json()) as Meta) : null;
  }

  private async putMeta(cache: Cache, meta: Meta): Promise<void> {
    await cache.put(metaKey(meta.url), new Response(JSON.stringify(meta), { headers: { 'content-type': 'application/json' } }));
  }

  /** What is stored for `url` (null when nothing is). */
  async status(url: string): Promise<StoredGguf | null> {
    const cache = await this.cache();
    const meta = await this.meta(cache, url);
    if (!meta) return null;
    let bytes = 0;
    for (let i = 0; i < meta.parts; i++) {
      const part = await cache.match(partKey(url, i));
      if (!part) return { url, bytes, total: meta.total, complete: false };
      bytes += Number(part.headers.get('content-length')) || (await part.blob()).size;
    }
    return { url, bytes, total: meta.total, complete: meta.complete };
  }

  /** Every stored file. */
  async list(): Promise<StoredGguf[]> {
    if (!(await this.caches.has(GGUF_CACHE))) return [];
    const cache = await this.cache();
    const out: StoredGguf[] = [];
    for (const request of await cache.keys()) {
      if (!request.url.startsWith(KEY_BASE) || !request.url.endsWith('/meta')) continue;
      const status = await this.status(decodeURIComponent(request.url.slice(KEY_BASE.length, -'/meta'.length)));
      if (status) out.push(status);
    }
    return out;
  }

  /**
   * Downloads `url` (or the rest of it), reporting bytes as they arrive.
   * A cancel keeps every whole part for the next attempt.
   */
  async download(url: string, options: { signal?: AbortSignal; onProgress?: (loaded: number, total: number | null) => void } = {}): Promise<StoredGguf> {
    const cache = await this.cache();
    let meta = (await this.meta(cache, url)) ?? { url, total: null, parts: 0, complete: false };
    if (meta.complete && (await this.status(url))?.complete) return (await this.status(url))!;
    // Parts are written in order: the first missing one is where to resume.
    let parts = 0;
    while (parts < meta.parts && (await cache.match(partKey(url, parts)))) parts += 1;
    let start = parts * PART_BYTES;
    let response: Response;
    try {
      response = await this.fetchFn(url, { signal: options.signal, headers: start > 0 ? { range: `bytes=${start}-` } : {} });
    } catch (error) {
      if (options.signal?.aborted) throw new AbortedError('Download cancelled; what was downloaded is kept for next time.');
      throw new DownloadFailedError(`The model file could not be downloaded from ${new URL(url).host}.`, { cause: error } as never);
    }
    if (start > 0 && response.status === 200) {
      // The server ignored the range: start over.
      parts = 0;
      start = 0;
    } else if (!response.ok) {
      throw new DownloadFailedError(`The model server answered ${response.status} for ${new URL(url).pathname.split('/').pop()}.`);
    }
    const length = Number(response.headers.get('content-length'));
    const range = /\/(\d+)$/.exec(response.headers.get('content-range') ?? '');
    const total = range ? Number(range[1]) : Number.isFinite(length) && length > 0 ? start + length : null;
    const etag = response.headers.get('etag') ?? undefined;
    if (start > 0 && meta.etag && etag && etag !== meta.etag) {
      // The file changed on the server since the first part: start over.
      await this.remove(url);
      return this.download(url, options);
    }
    meta = { url, total, parts, complete: false, ...(etag ? { etag } : meta.etag ? { etag: meta.etag } : {}) };
    await this.putMeta(cache, meta);
    let loaded = start;
    options.onProgress?.(loaded, total);
    const reader = response.body!.getReader();
    let buffer = new Uint8Array(PART_BYTES);
    let filled = 0;
    const flush = async () => {
      if (filled === 0) return;
      const body = buffer.slice(0, filled);
      await cache.put(partKey(url, meta.parts), new Response(body, { headers: { 'content-length': String(filled) } }));
      meta.parts += 1;
      await this.putMeta(cache, meta);
      filled = 0;
    };
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        let offset = 0;
        while (offset < value.length) {
          const take = Math.min(value.length - offset, PART_BYTES - filled);
          buffer.set(value.subarray(offset, offset + take), filled);
          filled += take;
          offset += take;
          if (filled === PART_BYTES) {
            await flush();
            buffer = new Uint8Array(PART_BYTES);
          }
        }
        loaded += value.length;
        options.onProgress?.(loaded, total);
      }
      await flush();
    } catch (error) {
      if (options.signal?.aborted) throw new AbortedError('Download cancelled; what was downloaded is kept for next time.');
      if (isQuotaError(error)) throw new StorageQuotaError();
      throw new DownloadFailedError('The download of the model broke off.', { cause: error } as never);
    }
    if (total !== null && loaded !== total) throw new DownloadFailedError(`The download broke off after ${loaded} of ${total} bytes.`);
    meta.complete = true;
    meta.total = loaded;
    await this.putMeta(cache, meta);
    return { url, bytes: loaded, total: loaded, complete: true };
  }

  /** The stored file as one Blob (its parts joined; nothing is copied into memory). */
  async open(url: string): Promise<Blob> {
    const cache = await this.cache();
    const meta = await this.meta(cache, url);
    if (!meta?.complete) throw new DownloadFailedError('The model file is not completely downloaded.');
    const blobs: Blob[] = [];
    for (let i = 0; i < meta.parts; i++) {
      const part = await cache.match(partKey(url, i));
      if (!part)
        throw new DownloadFailedError('Part of the model file is missing from storage.', { hint: 'Repair it: delete the model and download it again.', action: 'open-models' });
      blobs.push(await part.blob());
    }
    return new Blob(blobs);
  }

  /** Deletes every part of `url`; returns whether anything was stored. */
  async remove(url: string): Promise<boolean> {
    if (!(await this.caches.has(GGUF_CACHE))) return false;
    const cache = await this.cache();
    let removed = false;
    for (const request of await cache.keys()) {
      if (request.url.startsWith(keyPrefix(url))) removed = (await cache.delete(request)) || removed;
    }
    return removed;
  }
}
