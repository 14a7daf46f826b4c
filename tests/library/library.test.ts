import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { openLibraryDb, type LibraryDb } from '@/lib/library/db';
import { ingestPage, ingestPages, createIngestQueue } from '@/lib/library/ingest';
import { indexStats, mergeFanout, mergeSegments, resetIndexState } from '@/lib/library/lexical-index';
import { bucketEntries, packBuckets } from '@/lib/library/posting-buckets';
import { searchLibrary, recentPages, dateRange } from '@/lib/library/search';
import { deleteAll, deletePages, deleteSite, enforceBudget, libraryStats } from '@/lib/library/maintenance';
import { exportLibrary, exportPages, importLines } from '@/lib/library/export-import';
import { conversationTable, saveConversation } from '@/lib/answer/conversation-store';
import { ValidationError } from '@/lib/messaging/errors';
import { page, savedPage } from './support/saved-page';

const open: LibraryDb[] = [];
function freshDb(name = `lib-${Math.random()}`): LibraryDb {
  const db = openLibraryDb({ name });
  open.push(db);
  return db;
}
afterEach(() => open.splice(0).forEach((db) => db.close()));

const clock = (t: number) => () => t;

describe('ingest and dedupe', () => {
  it('adds a real page, then records a revisit without reindexing, then replaces a changed page', async () => {
    const db = freshDb();
    const wiki = savedPage('wikipedia', 'https://en.wikipedia.org/wiki/Mozilla');
    const first = await ingestPage(db, wiki, { now: clock(1000) });
    expect(first.status).toBe('added');
    expect(first.chunkCount).toBeGreaterThan(3);
    const again = await ingestPage(db, wiki, { now: clock(2000) });
    expect(again).toMatchObject({ status: 'unchanged', pageId: first.pageId });
    const row = await db.pages.get(first.pageId);
    expect(row).toMatchObject({ visitCount: 2, visitedAt: 2000, firstVisitedAt: 1000 });

    const changed = { ...wiki, text: 'Completely new text about zeppelins and airships.', blocks: [] };
    const updated = await ingestPage(db, changed, { now: clock(3000) });
    expect(updated).toMatchObject({ status: 'updated', pageId: first.pageId, chunkCount: 1 });
    expect((await db.texts.get(first.pageId))!.chunks).toHaveLength(1);
    expect((await searchLibrary(db, 'zeppelin')).pages.map((p) => p.pageId)).toEqual([first.pageId]);
    expect((await searchLibrary(db, 'Firefox browser')).pages).toEqual([]);
  });

  it('an aborted transaction leaves the old version intact (as a killed worker would)', async () => {
    const name = `abort-${Math.random()}`;
    const db = freshDb(name);
    const url = 'https://example.org/a';
    await ingestPage(db, page(url, 'Old', 'The old text talks about lighthouses.'));
    await expect(
      db.transaction('rw', db.tables, async () => {
        await ingestPage(db, page(url, 'New', 'The new text talks about submarines.'), { merge: false });
        throw new Error('worker killed');
      }),
    ).rejects.toThrow('worker killed');
    db.close();
    const reopened = freshDb(name); // a fresh worker: nothing in memory
    expect((await searchLibrary(reopened, 'lighthouse')).pages).toHaveLength(1);
    expect((await searchLibrary(reopened, 'submarine')).pages).toHaveLength(0);
    expect((await reopened.pages.toArray())[0]).toMatchObject({ title: 'Old', visitCount: 1 });
  });

  it('groups concurrent ingests into shared transactions and resolves each', async () => {
    const db = freshDb();
    const queue = createIngestQueue(db);
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, i) => queue.ingest(page(`https://s${i % 3}.example/p${i}`, `Page ${i}`, `Article number ${i} about topic${i}.`))),
    );
    expect(results.map((r) => r.status)).toEqual(Array(30).fill('added'));
    expect((await indexStats(db)).segments).toBeLessThan(30);
    expect((await searchLibrary(db, 'topic17')).pages[0]!.title).toBe('Page 17');
  });

  it('rejects bad input clearly and writes nothing: empty page, non-http URL', async () => {
    const db = freshDb();
    await expect(ingestPage(db, page('https://e.org/x', 'Empty', '   \n\n  '))).rejects.toThrow(ValidationError);
    await expect(ingestPage(db, page('file:///etc/passwd', 'Local', 'secret'))).rejects.toThrow(/http/);
    expect(await db.pages.count()).toBe(0);
  });

  it('keeps a 20 MB page (cut to the maximum) and binary garbage without crashing', async () => {
    const db = freshDb();
    const huge = page('https://e.org/huge', 'Huge', 'Lorem ipsum dolor sit amet. '.repeat(750_000)); // ~21 MB
    const r = await ingestPage(db, huge);
    expect(r).toMatchObject({ status: 'added', truncated: true });
    const garbage = Array.from({ length: 50_000 }, (_, i) => String.fromCharCode((i * 7919) % 65536)).join('');
    const g = await ingestPage(db, page('https://e.org/bin', 'Binary', garbage + ' needle'));
    expect(g.status).toBe('added');
    expect((await searchLibrary(db, 'needle')).pages[0]!.pageId).toBe(g.pageId);
    expect((await searchLibrary(db, 'lorem')).pages[0]!.pageId).toBe(r.pageId);
  });

  it('indexes pages in any script', async () => {
    const db = freshDb();
    await ingestPages(db, [
      page('https://ja.example/1', '東京の天気', '今日の東京は晴れです。明日は雨が降るでしょう。', { lang: 'ja' }),
      page('https://zh.example/1', '北京大学', '我们在北京大学学习中文。', { lang: 'zh' }),
      page('https://de.example/1', 'Straßenbahn', 'Die Straßenbahn fährt über die Brücke.', { lang: 'de' }),
      page('https://ru.example/1', 'Москва', 'Москва — столица России.', { lang: 'ru' }),
    ]);
    expect((await searchLibrary(db, '東京')).pages[0]!.url).toBe('https://ja.example/1');
    expect((await searchLibrary(db, '北京')).pages[0]!.url).toBe('https://zh.example/1');
    expect((await searchLibrary(db, 'bruecke brucke Brücke')).pages[0]!.url).toBe('https://de.example/1');
    expect((await searchLibrary(db, 'москва')).pages[0]!.url).toBe('https://ru.example/1');
  });
});

describe('search', () => {
  it('ranks title matches above body mentions, groups per page, highlights matched words', async () => {
    const db = freshDb();
    await ingestPages(db, [
      page('https://a.example/1', 'Gardening notes', 'Tomatoes need sun. Someone once mentioned volcanoes in passing.'),
      page('https://b.example/2', 'Volcanoes of Iceland', 'Iceland has many active volcanoes. Volcanic eruptions shape the island.'),
      page('https://c.example/3', 'Cooking', 'Pasta and sauce.'),
    ]);
    const r = await searchLibrary(db, 'volcano');
    expect(r.pages.map((p) => p.url)).toEqual(['https://b.example/2', 'https://a.example/1']);
    const hit = r.pages[0]!.chunks[0]!;
    expect(hit.title).toBe('Volcanoes of Iceland');
    expect(hit.text).toBe(hit.snippet.text);
    const marked = hit.snippet.highlights.map(([s, e]) => hit.snippet.text.slice(s, e));
    expect(marked).toEqual(['volcanoes']);
    expect(r.chunks.every((c, i, all) => i === 0 || all[i - 1]!.score >= c.score)).toBe(true);
  });

  it('filters by site and by visit date; lists recent pages newest first', async () => {
    const db = freshDb();
    const day = 86_400_000;
    const now = 100 * day;
    await ingestPage(db, page('https://news.example/old', 'Old rocket news', 'A rocket launched.'), { now: clock(now - 30 * day) });
    await ingestPage(db, page('https://news.example/new', 'New rocket news', 'Another rocket launched.'), { now: clock(now - day) });
    await ingestPage(db, page('https://blog.example/r', 'Rocket blog', 'I like rockets.'), { now: clock(now - 2 * day) });
    expect((await searchLibrary(db, 'rocket', { site: 'news.example' })).pages).toHaveLength(2);
    const lastWeek = await searchLibrary(db, 'rocket', dateRange('week', now));
    expect(lastWeek.pages.map((p) => p.title).sort()).toEqual(['New rocket news', 'Rocket blog']);
    expect((await searchLibrary(db, 'rocket', { site: 'news.example', ...dateRange('week', now) })).pages.map((p) => p.title)).toEqual(['New rocket news']);
    expect((await recentPages(db, { limit: 2 })).map((p) => p.title)).toEqual(['New rocket news', 'Rocket blog']);
  });

  it('a word repeated in a long question does not outweigh the rest of it (query term counts saturate)', async () => {
    const db = freshDb();
    await ingestPages(db, [
      page('https://a.example/stress', 'Coping with stress', 'Stress is part of life. Breathing exercises help with stress.'),
      page('https://b.example/pressure', 'Blood pressure', 'Blood pressure rises with age, salt and too little sleep.'),
      page('https://c.example/garden', 'Gardening notes', 'Tomatoes need sun and water.'),
    ]);
    // "stress" three times is grammar, not three times the topic: the page about what is asked
    // (stress raising blood pressure) ranks first, not the page that only repeats "stress".
    const r = await searchLibrary(db, 'Does stress at work, stress at home and stress on the road raise blood pressure?');
    expect(r.pages.map((p) => p.url)).toEqual(['https://b.example/pressure', 'https://a.example/stress']);
    expect(r.termWeights['stress']! / r.termWeights['blood']!).toBeLessThan(3);
  });

  it('returns nothing (and no error) for a query of stop words only', async () => {
    const db = freshDb();
    await ingestPage(db, page('https://a.example/1', 'A', 'Some text.'));
    expect(await searchLibrary(db, 'the of and')).toMatchObject({ terms: [], pages: [] });
  });
});

describe('index segments', () => {
  it('merges segments without changing results, and drops deleted chunks at merge', async () => {
    const db = freshDb();
    const pages = Array.from({ length: mergeFanout(0) }, (_, i) => page(`https://m.example/${i}`, `Doc ${i}`, `shared words plus unique${i} marker`));
    for (const p of pages) await ingestPage(db, p, { merge: false });
    const before = await searchLibrary(db, 'shared unique5', { limit: 50 });
    expect((await indexStats(db)).segments).toBe(mergeFanout(0));
    await deletePages(db, [before.pages.at(-1)!.pageId]);
    expect((await indexStats(db)).tombstones).toBe(1);
    expect(await mergeSegments(db)).toBeGreaterThan(0);
    const stats = await indexStats(db);
    expect(stats).toMatchObject({ tombstones: 0, liveChunks: mergeFanout(0) - 1, segments: 1 });
    const after = await searchLibrary(db, 'shared unique5', { limit: 50 });
    expect(after.pages.map((p) => p.pageId)).toEqual(before.pages.slice(0, -1).map((p) => p.pageId));
  });

  it('finds postings in segments written before bucket counts were recorded (old bucket table by level)', async () => {
    const db = freshDb();
    const { pageId } = await ingestPage(db, savedPage('wikipedia', 'https://en.wikipedia.org/wiki/Mozilla'), { merge: false });
    const before = (await searchLibrary(db, 'firefox browser')).chunks.map((c) => [c.chunkId, c.score]);
    expect(before.length).toBeGreaterThan(0);
    // Rewrite its segment as an old level-1 segment: no `buckets`, rows in level 1's old 128 buckets.
    const [segment] = await db.segments.toArray();
    const rows = await db.postings.toArray();
    const postings = new Map(rows.flatMap((row) => [...bucketEntries(row)]));
    await db.transaction('rw', db.segments, db.postings, async () => {
      await db.postings.clear();
      await db.segments.clear();
      const { buckets: _unrecorded, ...old } = segment!;
      await db.segments.put({ ...old, level: 1 });
      await db.postings.bulkAdd(packBuckets(segment!.id, 128, postings));
    });
    resetIndexState(db);
    expect((await searchLibrary(db, 'firefox browser')).chunks.map((c) => [c.chunkId, c.score])).toEqual(before);
    expect((await searchLibrary(db, 'firefox browser')).pages[0]!.pageId).toBe(pageId);
  });

  it('merges two levels of segments with deleted and replaced pages into the index a fresh library would have', async () => {
    const names = ['wikipedia', 'ars-1', 'bbc-1', 'cnet', 'nytimes-1', 'guardian-1', 'medium-1', 'mozilla-1', 'lemonde-1'];
    // Enough single-page segments for two levels: 8 level-0 merges make the 8 level-1 segments of one level-2 merge.
    const rounds = Math.ceil((mergeFanout(0) * mergeFanout(1)) / 9);
    const pages = Array.from({ length: rounds }, (_, round) =>
      names.map((name) => {
        const saved = savedPage(name, `https://r${round}.example/${name}`);
        return { ...saved, title: `${saved.title} round ${round}` };
      }),
    ).flat();
    const replaced = { ...pages[40]!, text: 'Replaced text about merging segments.', blocks: [] };
    const deleted = new Set([3, 20, 21, 70, 100]);
    // Library A: one level-0 segment per page, then deletes and a replacement, then merges.
    const a = freshDb();
    const ids: number[] = [];
    for (const p of pages) ids.push((await ingestPage(a, p, { merge: false })).pageId);
    await deletePages(
      a,
      [...deleted].map((i) => ids[i]!),
    );
    await ingestPage(a, replaced, { merge: false });
    const segments = pages.length + 1;
    expect((await indexStats(a)).segments).toBe(segments);
    expect(await mergeSegments(a)).toBe(mergeFanout(1) + 1);
    expect(await indexStats(a)).toMatchObject({ segments: 1 + (segments - mergeFanout(0) * mergeFanout(1)), tombstones: 0 });
    // Library B: the same live pages written at once.
    const b = freshDb();
    await ingestPages(
      b,
      pages.map((p, i) => (i === 40 ? replaced : p)).filter((_, i) => !deleted.has(i)),
    );
    const queries = ['firefox browser mozilla', 'the latest phone review', 'round 5 merging', 'gouvernement politique', 'space telescope images'];
    const ranked = async (db: LibraryDb) =>
      Promise.all(queries.map(async (q) => (await searchLibrary(db, q, { limit: 40 })).chunks.map((c) => `${c.url} ${c.start} ${c.score.toFixed(9)}`)));
    const merged = await ranked(a);
    expect(merged.every((list) => list.length > 0)).toBe(true);
    expect(merged).toEqual(await ranked(b));
  }, 120_000); // ~100 real pages through two merge levels: tens of seconds on a busy two-core machine
});

describe('maintenance', () => {
  it('deletes one page, one site, everything', async () => {
    const db = freshDb();
    const [a] = await ingestPages(db, [
      page('https://one.example/a', 'A', 'alpha text'),
      page('https://one.example/b', 'B', 'beta text'),
      page('https://two.example/c', 'C', 'gamma text'),
    ]);
    expect(await deletePages(db, [a!.pageId])).toBe(1);
    expect((await searchLibrary(db, 'alpha')).pages).toEqual([]);
    expect(await deleteSite(db, 'one.example')).toBe(1);
    expect((await libraryStats(db)).sites).toEqual([{ site: 'two.example', pages: 1 }]);
    expect(await deleteAll(db)).toEqual({ pages: 1, conversations: 0 });
    expect(await libraryStats(db)).toMatchObject({ pages: 0, chunks: 0 });
    expect((await searchLibrary(db, 'gamma')).pages).toEqual([]);
    await ingestPage(db, page('https://three.example/d', 'D', 'delta text'));
    expect((await searchLibrary(db, 'delta')).pages).toHaveLength(1);
  });

  it('a deleted page comes back whole from the lines kept for Undo (text, metadata, visits, search)', async () => {
    const db = freshDb();
    await ingestPage(db, savedPage('wikipedia', 'https://en.wikipedia.org/wiki/Mozilla'), { now: clock(5000) });
    await ingestPage(db, savedPage('wikipedia', 'https://en.wikipedia.org/wiki/Mozilla'), { now: clock(9000) });
    const before = (await searchLibrary(db, 'Mozilla Firefox')).pages[0]!;
    const record = (await db.pages.get(before.pageId))!;
    const text = (await db.texts.get(before.pageId))!;

    const restore = await exportPages(db, [before.pageId]);
    expect(await deletePages(db, [before.pageId])).toBe(1);
    expect((await searchLibrary(db, 'Mozilla Firefox')).pages).toEqual([]);

    expect(await importLines(db, restore)).toMatchObject({ added: 1, failed: 0 });
    const after = (await searchLibrary(db, 'Mozilla Firefox')).pages[0]!;
    expect(after).toMatchObject({ url: before.url, title: before.title, visitedAt: 9000, visitCount: 2 });
    const { id: _a, ...restored } = (await db.pages.get(after.pageId))!;
    const { id: _b, ...original } = record;
    expect(restored).toEqual(original);
    expect(await db.texts.get(after.pageId)).toMatchObject({ text: text.text, blocks: text.blocks });
    expect(await exportPages(db, [before.pageId])).toHaveLength(1);
  });

  it('finds a page deleted and read again (the deleted passages do not count against it)', async () => {
    const db = freshDb();
    const a = await ingestPage(db, page('https://one.example/a', 'A', 'alpha text here'));
    await deletePages(db, [a.pageId]);
    await ingestPage(db, page('https://one.example/a', 'A', 'alpha text here'));
    expect((await searchLibrary(db, 'alpha')).pages.map((p) => p.title)).toEqual(['A']);
  });

  it('evicts the least recently visited pages past the budget', async () => {
    const db = freshDb();
    for (let i = 0; i < 6; i++) await ingestPage(db, page(`https://e.example/${i}`, `P${i}`, `text number ${i} `.repeat(200)), { now: clock(i * 1000) });
    const { estimatedBytes } = await libraryStats(db);
    const evicted = await enforceBudget(db, Math.floor(estimatedBytes * 0.6));
    expect(evicted).toBeGreaterThanOrEqual(2);
    const left = (await recentPages(db)).map((p) => p.title);
    expect(left).toEqual(['P5', 'P4', 'P3', 'P2', 'P1', 'P0'].slice(0, 6 - evicted));
    expect((await libraryStats(db)).estimatedBytes).toBeLessThanOrEqual(estimatedBytes * 0.6);
  });

  it('exports and imports the library (round trip, idempotent, bad lines reported)', async () => {
    const db = freshDb();
    await ingestPage(db, savedPage('wikipedia', 'https://en.wikipedia.org/wiki/Mozilla'), { now: clock(5000) });
    await ingestPage(db, page('https://x.example/1', 'X', 'xylophone music'), { now: clock(6000) });
    const lines: string[] = [];
    for await (const line of exportLibrary(db)) lines.push(line);
    expect(JSON.parse(lines[0]!)).toMatchObject({ format: 'gleaner-library', version: 1 });

    const copy = freshDb();
    expect(await importLines(copy, [...lines, 'not json', '{"type":"page","url":"ftp://x","text":"a"}'])).toMatchObject({ added: 2, failed: 2 });
    expect(await importLines(copy, lines)).toMatchObject({ added: 0, unchanged: 2, failed: 0 });
    const original = await searchLibrary(db, 'xylophone');
    const imported = await searchLibrary(copy, 'xylophone');
    expect(imported.pages[0]).toMatchObject({ url: original.pages[0]!.url, visitedAt: 6000, visitCount: 1 });
    const wiki = (await copy.pages.where('url').equals('https://en.wikipedia.org/wiki/Mozilla').first())!;
    expect((await copy.texts.get(wiki.id))!.text).toBe(savedPage('wikipedia').text);
  });

  it('"Delete everything" counts the saved conversations it deletes; export, delete, import gives them back (issue 16 item 5)', async () => {
    const db = freshDb();
    await ingestPage(db, page('https://x.example/1', 'X', 'xylophone music'), { now: clock(6000) });
    const table = conversationTable(db);
    const asked = (n: number) => ({
      title: `Question ${n} <img src=x onerror=alert(1)>`,
      scope: { kind: 'library' as const },
      createdAt: 1000 + n,
      updatedAt: 2000 + n,
      turns: [{ question: `What about ${n}?`, answer: `An answer [1] for ${n}.`, sources: [], askedAt: 1500 + n, finish: 'stop' as const }],
    });
    for (const n of [1, 2, 3]) await saveConversation(table, asked(n));
    expect(await libraryStats(db)).toMatchObject({ pages: 1, conversations: 3 });

    const lines: string[] = [];
    for await (const line of exportLibrary(db)) lines.push(line);
    expect(lines.map((l) => JSON.parse(l).type)).toEqual([undefined, 'page', 'conversation', 'conversation', 'conversation']);
    expect(await deleteAll(db)).toEqual({ pages: 1, conversations: 3 });
    expect(await table.count()).toBe(0);

    expect(await importLines(db, lines)).toMatchObject({ added: 1, conversations: 3, failed: 0 });
    const back = (await table.toArray()).sort((a, b) => a.createdAt - b.createdAt);
    expect(back.map(({ id: _id, ...c }) => c)).toEqual([1, 2, 3].map(asked));
    // Importing the same file again adds no second copy; a malformed conversation line is reported.
    expect(await importLines(db, [...lines, '{"type":"conversation","title":"x","scope":{"kind":"evil"},"turns":[]}'])).toMatchObject({
      conversations: 0,
      unchanged: 1,
      failed: 1,
    });
    expect(await table.count()).toBe(3);
  });
});
