import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { openLibraryDb } from '@/lib/library/db';
import { ingestPage } from '@/lib/library/ingest';
import { createEmbeddingJob, type EmbeddingJobState } from '@/lib/library/embedding-job';
import { TestEngine } from '@/lib/engine/test-engine';
import type { Embedder } from '@/lib/library/vectors';
import { savedPage } from './support/saved-page';

// The embedder is the named TestEngine's embed (a hashed bag of words, not a
// model): real vectors cannot be computed without a GPU here.
function testEmbedder(): Embedder & { calls: number } {
  const engine = new TestEngine();
  const embedder = {
    model: 'gleaner-test-engine',
    calls: 0,
    embed: (texts: string[]) => {
      embedder.calls++;
      return engine.embed(texts);
    },
  };
  return embedder;
}

describe('the embedding job', () => {
  it('embeds every passage once when semantic search is on, and nothing when it is off', async () => {
    const db = openLibraryDb({ name: `embed-${Math.random()}` });
    await ingestPage(db, savedPage('wikipedia'));
    const chunks = (await db.texts.toArray()).flatMap((row) => row.chunks).length;
    expect(chunks).toBeGreaterThan(3);

    const off = createEmbeddingJob({ db: () => db, embedder: async () => null });
    await off.request();
    expect(await db.vectors.count()).toBe(0);

    const embedder = testEmbedder();
    const states: EmbeddingJobState[] = [];
    const job = createEmbeddingJob({ db: () => db, embedder: async () => embedder, onState: (s) => states.push(s) });
    await Promise.all([job.request(), job.request()]);
    expect(await db.vectors.count()).toBe(chunks);
    expect(states.at(-1)).toMatchObject({ running: false });
    const callsAfterFirst = embedder.calls;
    await job.request();
    expect(embedder.calls).toBe(callsAfterFirst);
  });

  it('reports a failure in the state instead of throwing', async () => {
    const db = openLibraryDb({ name: `embed-fail-${Math.random()}` });
    await ingestPage(db, savedPage('wikipedia'));
    const states: EmbeddingJobState[] = [];
    const job = createEmbeddingJob({
      db: () => db,
      embedder: async () => ({ model: 'm', embed: () => Promise.reject(new Error('WebGPU is not available.')) }),
      onState: (s) => states.push(s),
    });
    await job.request();
    expect(states.at(-1)).toEqual({ running: false, embedded: 0, error: 'WebGPU is not available.' });
  });
});
