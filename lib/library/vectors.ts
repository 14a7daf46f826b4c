import { chunkOf, type LibraryDb } from './db';
import { chunkPages } from './lexical-index';

/**
 * Room for dense vectors: an `Embedder` interface, a batch job that embeds
 * the passages that have no vector yet, brute-force cosine search, and
 * reciprocal rank fusion to merge lexical and dense rankings (hybrid search).
 * The model lives in the engine feature; nothing here downloads anything.
 */

/** Turns texts into vectors (one per text, same dimension). */
export interface Embedder {
  /** Model id, stored with each vector: vectors of another model are re-embedded. */
  readonly model: string;
  embed(texts: string[]): Promise<number[][]>;
}

/** Embeds passages without a vector for `embedder.model`, in batches; returns how many were embedded. */
export async function embedPendingChunks(db: LibraryDb, embedder: Embedder, options: { batchSize?: number; maxChunks?: number; signal?: AbortSignal } = {}): Promise<number> {
  const batchSize = options.batchSize ?? 32;
  const max = options.maxChunks ?? Infinity;
  // Index-only reads: the vectors themselves are not loaded; live passages come from the index's headers.
  const done = new Set(await db.vectors.where('model').equals(embedder.model).primaryKeys());
  const pageOf = await chunkPages(db);
  const pending = [...pageOf.keys()]
    .filter((id) => !done.has(id))
    .sort((a, b) => a - b)
    .slice(0, max);
  let embedded = 0;
  for (let i = 0; i < pending.length; i += batchSize) {
    options.signal?.throwIfAborted();
    const ids = pending.slice(i, i + batchSize);
    const rows = new Map((await db.texts.bulkGet([...new Set(ids.map((id) => pageOf.get(id)!))])).flatMap((row) => (row ? [[row.pageId, row] as const] : [])));
    const ready = ids.flatMap((id) => {
      const row = rows.get(pageOf.get(id)!);
      const chunk = row && chunkOf(row, id);
      return chunk ? [{ id, text: row.text.slice(chunk.start, chunk.end) }] : [];
    });
    const vectors = await embedder.embed(ready.map((c) => c.text));
    if (vectors.length !== ready.length) throw new Error(`Embedder returned ${vectors.length} vectors for ${ready.length} texts.`);
    await db.transaction('rw', db.vectors, db.texts, async () => {
      // A passage deleted (or replaced) while it was being embedded gets no vector.
      const now = await db.texts.bulkGet([...rows.keys()]);
      const alive = new Set(now.flatMap((row) => row?.chunks.map((c) => c.id) ?? []));
      await db.vectors.bulkPut(ready.flatMap((c, j) => (alive.has(c.id) ? [{ chunkId: c.id, model: embedder.model, vector: Float32Array.from(vectors[j]!) }] : [])));
    });
    embedded += ready.length;
  }
  return embedded;
}

/** Cosine similarity of two vectors of the same length. */
export function cosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i]! * b[i]!;
    na += a[i]! * a[i]!;
    nb += b[i]! * b[i]!;
  }
  return na > 0 && nb > 0 ? dot / Math.sqrt(na * nb) : 0;
}

/**
 * The passages closest to a query vector: a brute-force scan of the vectors of
 * `model` only (through its index; other models' vectors are not read), keeping
 * just the `limit` best scores (a min-heap), so memory stays bounded however
 * large the library.
 */
export async function denseSearch(db: LibraryDb, queryVector: readonly number[], options: { model: string; limit?: number }): Promise<Array<{ chunkId: number; score: number }>> {
  const limit = Math.max(0, options.limit ?? 100);
  if (limit === 0) return [];
  const heap: Array<{ chunkId: number; score: number }> = [];
  const better = (a: { chunkId: number; score: number }, b: { chunkId: number; score: number }) => a.score > b.score || (a.score === b.score && a.chunkId < b.chunkId);
  const siftDown = () => {
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < heap.length && better(heap[m]!, heap[l]!)) m = l;
      if (r < heap.length && better(heap[m]!, heap[r]!)) m = r;
      if (m === i) return;
      [heap[m], heap[i]] = [heap[i]!, heap[m]!];
      i = m;
    }
  };
  await db.vectors
    .where('model')
    .equals(options.model)
    .each((v) => {
      const hit = { chunkId: v.chunkId, score: cosine(queryVector, v.vector) };
      if (heap.length < limit) {
        heap.push(hit);
        // Sift up: the worst hit stays at the root.
        let i = heap.length - 1;
        while (i > 0) {
          const parent = (i - 1) >> 1;
          if (!better(heap[parent]!, heap[i]!)) break;
          [heap[parent], heap[i]] = [heap[i]!, heap[parent]!];
          i = parent;
        }
      } else if (better(hit, heap[0]!)) {
        heap[0] = hit;
        siftDown();
      }
    });
  return heap.sort((a, b) => b.score - a.score || a.chunkId - b.chunkId);
}

/**
 * Reciprocal rank fusion: each list contributes 1 / (k + rank) to an item's
 * score (rank from 1). Robust to the different score scales of BM25 and cosine.
 */
export function reciprocalRankFusion<T extends { chunkId: number }>(lists: ReadonlyArray<readonly T[]>, k = 60): Array<{ chunkId: number; score: number }> {
  const scores = new Map<number, number>();
  for (const list of lists) list.forEach((item, i) => scores.set(item.chunkId, (scores.get(item.chunkId) ?? 0) + 1 / (k + i + 1)));
  return [...scores].map(([chunkId, score]) => ({ chunkId, score })).sort((a, b) => b.score - a.score || a.chunkId - b.chunkId);
}
