import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { describe, expect, it } from 'vitest';
import { declareVersions, openLibraryDb, type LibraryDb } from '@/lib/library/db';
import { terms } from '@/lib/library/analyze';
import { writeSegment } from '@/lib/library/lexical-index';
import { searchLibrary } from '@/lib/library/search';
import { SCHEMA_VERSIONS } from '@/lib/library/schema';

/**
 * The migration pattern: build the database at an old version, seed it, then
 * open it with the current code and check the data survived the upgrades.
 * Each new schema version adds a case here.
 */
async function openAt(name: string, version: number): Promise<Dexie> {
  const db = new Dexie(name);
  declareVersions(db, version);
  await db.open();
  return db;
}

describe('library schema', () => {
  it('declares versions in increasing order', () => {
    const numbers = SCHEMA_VERSIONS.map(([v]) => v);
    expect(numbers).toEqual([...numbers].sort((a, b) => a - b));
  });

  it('upgrades a v1 database to the current version without losing pages', async () => {
    const name = `migrate-${Math.random()}`;
    const old = await openAt(name, 1);
    await old.table('pages').add({ url: 'https://example.com/a', site: 'example.com', title: 'A', visitedAt: 1 });
    old.close();

    const db = openLibraryDb({ name });
    await db.open();
    expect(db.verno).toBe(SCHEMA_VERSIONS.at(-1)![0]);
    expect(await db.pages.where('url').equals('https://example.com/a').count()).toBe(1);
    db.close();
  });

  it('v1 → v2: pages gain visit counts and sizes, and can be searched once re-read', async () => {
    const name = `migrate-v2-${Math.random()}`;
    const old = await openAt(name, 1);
    await old.table('pages').add({ url: 'https://example.com/b', site: 'example.com', title: 'B', visitedAt: 42 });
    old.close();

    const db = openLibraryDb({ name });
    const page = (await db.pages.where('url').equals('https://example.com/b').first())!;
    expect(page).toMatchObject({ visitCount: 1, firstVisitedAt: 42, contentHash: '', chunkCount: 0, storedBytes: 0 });
    expect(await db.texts.count()).toBe(0);
    db.close();
  });

  it('v3 → v4: stored vectors stay and are found by their model', async () => {
    const name = `migrate-v4-${Math.random()}`;
    const old = await openAt(name, 3);
    await old.table('vectors').bulkAdd([
      { chunkId: 1, model: 'arctic-s', vector: Float32Array.from([0.1, 0.2]) },
      { chunkId: 2, model: 'arctic-m', vector: Float32Array.from([0.3, 0.4]) },
    ]);
    old.close();

    const db = openLibraryDb({ name });
    await expect(db.vectors.where('model').equals('arctic-s').primaryKeys()).resolves.toEqual([1]);
    expect(Array.from((await db.vectors.get(2))!.vector)).toHaveLength(2);
    db.close();
  });

  it('v4 → v5: passage rows move into their text rows, in order, and the page is still found and quoted', async () => {
    const name = `migrate-v5-${Math.random()}`;
    const old = await openAt(name, 4);
    const text = 'Airships float. They carry hydrogen or helium.\n\nZeppelins were airships.';
    await old.table('pages').add({
      id: 7,
      url: 'https://example.com/z',
      site: 'example.com',
      title: 'Airships',
      visitedAt: 1,
      firstVisitedAt: 1,
      visitCount: 1,
      contentHash: 'h',
      isArticle: true,
      textLength: text.length,
      storedBytes: 100,
      chunkCount: 2,
    });
    await old.table('texts').add({ pageId: 7, text, blocks: [] });
    // Rows stored out of order: the upgrade orders them by ordinal.
    await old.table('chunks').bulkAdd([
      { id: 11, pageId: 7, ordinal: 1, start: 48, end: text.length, headingPath: ['History'], tokenCount: 5 },
      { id: 10, pageId: 7, ordinal: 0, start: 0, end: 46, headingPath: [], tokenCount: 10 },
    ]);
    await old.transaction('rw', old.table('segments'), old.table('postings'), () =>
      writeSegment(
        old as unknown as LibraryDb,
        [
          { chunkId: 10, pageId: 7, title: terms('Airships'), heading: [], body: terms(text.slice(0, 46)) },
          { chunkId: 11, pageId: 7, title: terms('Airships'), heading: terms('History'), body: terms(text.slice(48)) },
        ],
        1,
      ),
    );
    old.close();

    const db = openLibraryDb({ name });
    expect((await db.texts.get(7))!.chunks).toEqual([
      { id: 10, start: 0, end: 46, headingPath: [], tokenCount: 10 },
      { id: 11, start: 48, end: text.length, headingPath: ['History'], tokenCount: 5 },
    ]);
    expect(db.tables.map((t) => t.name)).not.toContain('chunks');
    const found = await searchLibrary(db, 'zeppelins');
    expect(found.chunks.map((c) => [c.chunkId, c.text, c.headingPath])).toEqual([[11, 'Zeppelins were airships.', ['History']]]);
    db.close();
  });
});
