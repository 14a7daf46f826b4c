import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { openLibraryDb } from '@/lib/library/db';
import { ingestPages } from '@/lib/library/ingest';
import { searchLibrary } from '@/lib/library/search';
import { chunkPages } from '@/lib/library/lexical-index';
import { cosine, denseSearch, embedPendingChunks, reciprocalRankFusion, type Embedder } from '@/lib/library/vectors';
import { page } from './support/saved-page';

/** Test double (no model can run here): fixed 3-d vectors by keyword — [cats, space, food]. */
const keywordEmbedder: Embedder = {
  model: 'test-keyword-embedder',
  embed: async (texts) => texts.map((t) => ['cat', 'orbit', 'soup'].map((k) => (t.toLowerCase().includes(k) ? 1 : 0))),
};

describe('vectors', () => {
  it('reciprocal rank fusion rewards items ranked well by both lists', () => {
    const lexical = [{ chunkId: 1 }, { chunkId: 2 }, { chunkId: 3 }];
    const dense = [{ chunkId: 2 }, { chunkId: 9 }, { chunkId: 3 }];
    const fused = reciprocalRankFusion([lexical, dense]);
    expect(fused.map((f) => f.chunkId)).toEqual([2, 3, 1, 9]);
    expect(fused[0]!.score).toBeCloseTo(1 / 62 + 1 / 61);
  });

  it('embeds pending passages once, then finds them by a query vector and fuses with lexical results', async () => {
    const db = openLibraryDb({ name: `vec-${Math.random()}` });
    await ingestPages(db, [
      page('https://v.example/cats', 'Cats', 'The cat sleeps all day.'),
      page('https://v.example/space', 'Space', 'Satellites orbit the planet.'),
      page('https://v.example/food', 'Food', 'A warm soup for winter.'),
    ]);
    expect(await embedPendingChunks(db, keywordEmbedder, { batchSize: 2 })).toBe(3);
    expect(await embedPendingChunks(db, keywordEmbedder)).toBe(0);
    const dense = await denseSearch(db, [0, 1, 0], { model: keywordEmbedder.model, limit: 1 });
    const pageId = (await chunkPages(db)).get(dense[0]!.chunkId)!;
    expect((await db.pages.get(pageId))!.title).toBe('Space');
    const lexical = (await searchLibrary(db, 'winter soup')).chunks;
    const fused = reciprocalRankFusion([lexical, dense]);
    expect(new Set(fused.map((f) => f.chunkId))).toEqual(new Set([lexical[0]!.chunkId, dense[0]!.chunkId]));
    expect(cosine([1, 0], [0, 1])).toBe(0);
    db.close();
  });

  it('dense search reads only the vectors of the asked model and keeps the best `limit`', async () => {
    const db = openLibraryDb({ name: `vec-bound-${Math.random()}` });
    // 2,000 vectors of another model and 50 of the asked one (rows written directly: the scan is what is under test).
    await db.vectors.bulkPut(Array.from({ length: 2000 }, (_, i) => ({ chunkId: i + 1, model: 'other-model', vector: Float32Array.from([1, 0]) })));
    await db.vectors.bulkPut(Array.from({ length: 50 }, (_, i) => ({ chunkId: 5001 + i, model: 'asked-model', vector: Float32Array.from([i, 50 - i]) })));
    let read = 0;
    const count = (row: unknown) => {
      read++;
      return row;
    };
    db.vectors.hook('reading', count);
    const hits = await denseSearch(db, [1, 0], { model: 'asked-model', limit: 3 });
    db.vectors.hook('reading').unsubscribe(count);
    expect(hits.map((h) => h.chunkId)).toEqual([5050, 5049, 5048]);
    expect(hits[0]!.score).toBeGreaterThan(hits[1]!.score);
    expect(read).toBeLessThanOrEqual(50);
    db.close();
  });
});
