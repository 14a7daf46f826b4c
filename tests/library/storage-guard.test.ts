import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { RESERVE_FLOOR_BYTES, checkStorage, createStorageGuard, pageWriteBytes, plainWriteError, reserveFor, type StorageEstimateLike } from '@/lib/library/storage-guard';
import { LIBRARY_UNREADABLE, createLibraryConnection } from '@/lib/library/connection';
import { openLibraryDb, type LibraryDb } from '@/lib/library/db';
import { ingestPage } from '@/lib/library/ingest';
import { handleCapturedPage } from '@/lib/capture/flow';
import { loadTabStatus, type SessionArea } from '@/lib/capture/status';
import { StorageFullError, serializeError } from '@/lib/messaging/errors';
import { rebuildError } from '@/lib/messaging/rebuild-error';
import { DEFAULT_SETTINGS } from '@/lib/settings';
import type { ExtractedPage } from '@/lib/extract/types';

const MB = 1024 * 1024;

/** A reading as Chromium gives it on a 64 MB disk: quota = usage + free disk space (measured, see storage-guard.ts). */
const reading = (usedByUs: number, freeOnDisk: number): StorageEstimateLike => ({
  usage: usedByUs,
  quota: usedByUs + freeOnDisk,
  usageDetails: { indexedDB: usedByUs },
});

function memorySession(): SessionArea {
  const data = new Map<string, unknown>();
  return {
    get: async (key) => (data.has(key) ? { [key]: structuredClone(data.get(key)) } : {}),
    set: async (items) => void Object.entries(items).forEach(([k, v]) => data.set(k, structuredClone(v))),
    remove: async (key) => void data.delete(key),
  };
}

const page = (n: number): ExtractedPage => ({
  url: `https://news.example.com/story-${n}`,
  canonicalUrl: `https://news.example.com/story-${n}`,
  title: `Story ${n}`,
  text: `Story ${n} tells of rivers, bridges and the towns between them. `.repeat(40),
  blocks: [],
  isArticle: true,
  wordCount: 400,
  hasPasswordField: false,
});

describe('the storage guard', () => {
  it('keeps a reserve free: the floor plus half of the database, capped', () => {
    expect(reserveFor(reading(0, 1000 * MB))).toBe(RESERVE_FLOOR_BYTES);
    expect(reserveFor(reading(100 * MB, 1000 * MB))).toBe(RESERVE_FLOOR_BYTES + 50 * MB);
    // A 4 GB model cache in the same origin does not count: only the database's share.
    expect(reserveFor({ usage: 4096 * MB, quota: 8192 * MB, usageDetails: { indexedDB: 10 * MB, caches: 4086 * MB } })).toBe(RESERVE_FLOOR_BYTES + 5 * MB);
    expect(reserveFor(reading(4096 * MB, 8192 * MB))).toBe(RESERVE_FLOOR_BYTES + 512 * MB);
  });

  it('refuses a write that would eat into the reserve, allows it with room, and allows when it cannot tell', () => {
    const need = pageWriteBytes(400_000);
    expect(checkStorage(reading(2 * MB, 40 * MB), need).ok).toBe(true);
    expect(checkStorage(reading(2 * MB, 33.5 * MB), need)).toMatchObject({ ok: false, freeBytes: 33.5 * MB });
    expect(checkStorage(undefined, need).ok).toBe(true);
    expect(checkStorage({}, need).ok).toBe(true);
  });

  it('throws a StorageFullError in plain words, reports the pressure, and lifts it when space is back', async () => {
    let current = reading(2 * MB, 33 * MB);
    let clock = 1000;
    const guard = createStorageGuard({ estimate: async () => current, now: () => clock });
    await expect(guard.ensure(pageWriteBytes(100_000))).rejects.toThrow(/Your disk is almost full \(33 MB free\), so Gleaner stopped saving new pages/);
    await expect(guard.ensure(pageWriteBytes(100_000))).rejects.toBeInstanceOf(StorageFullError);
    clock += 5000;
    expect(await guard.pressure()).toMatchObject({ low: true, since: 1000, message: expect.stringContaining('saving resumes by itself') });
    // The error crosses the messaging boundary as itself (the popup shows its words).
    const error = await guard.ensure(1).catch((e: unknown) => e);
    expect(rebuildError(serializeError(error))).toBeInstanceOf(StorageFullError);

    current = reading(2 * MB, 200 * MB); // the person freed space
    clock += 5000;
    expect((await guard.pressure()).low).toBe(false);
    await expect(guard.ensure(pageWriteBytes(100_000))).resolves.toBeUndefined();
  });

  it('never shows a raw IndexedDB error to the person', () => {
    const raw = new Error('pages.bulkAdd(): 1 of 1 operations failed. Errors: AbortError: The transaction was aborted, so the request cannot be fulfilled.');
    raw.name = 'BulkError';
    expect(plainWriteError(raw)).not.toMatch(/bulkAdd|AbortError|operations failed/);
    const quota = new Error('Encountered full disk while opening backing store for indexedDB.open.');
    quota.name = 'UnknownError';
    expect(plainWriteError(quota)).toMatch(/^The disk is full, so this page could not be saved\. The pages already in your library are kept/);
  });
});

describe('capture on a nearly full disk (real ingest on IndexedDB)', () => {
  let db: LibraryDb | undefined;
  afterEach(async () => {
    db?.close();
    await db?.delete();
  });

  it('refuses the capture before writing, records a plain "storage-full" status with a retry delay, and keeps what is stored', async () => {
    db = openLibraryDb({ name: `guard-${Math.random()}` });
    let current = reading(2 * MB, 100 * MB);
    const guard = createStorageGuard({ estimate: async () => current });
    const session = memorySession();
    const deps = {
      settings: { ...structuredClone(DEFAULT_SETTINGS.capture), minWords: 1 },
      session,
      ingest: async (p: ExtractedPage) => {
        await guard.ensure(pageWriteBytes(p.text.length));
        return ingestPage(db!, p);
      },
      now: () => 1_700_000_000_000,
    };
    const sender = (n: number) => ({ tabId: n, incognito: false, url: page(n).url });
    expect(await handleCapturedPage(page(1), sender(1), deps)).toMatchObject({ outcome: 'stored' });

    current = reading(3 * MB, 33 * MB);
    const refused = await handleCapturedPage(page(2), sender(2), deps);
    expect(refused).toMatchObject({ outcome: 'failed', state: 'storage-full', retryAfterMs: 60_000 });
    expect(refused.detail).toMatch(/^Your disk is almost full/);
    expect(await loadTabStatus(session, 2)).toMatchObject({ state: 'storage-full', detail: refused.detail });
    expect((await db.pages.toArray()).map((p) => p.title)).toEqual(['Story 1']);

    current = reading(3 * MB, 500 * MB);
    expect(await handleCapturedPage(page(2), sender(2), deps)).toMatchObject({ outcome: 'stored', state: 'indexed' });
    expect(await db.pages.count()).toBe(2);
  });

  it('a write the browser aborts is reported in plain words, not as the raw error', async () => {
    const outcome = await handleCapturedPage(
      page(3),
      { tabId: 3, incognito: false, url: page(3).url },
      {
        settings: { ...structuredClone(DEFAULT_SETTINGS.capture), minWords: 1 },
        session: memorySession(),
        ingest: async () => {
          const error = new Error('pages.bulkAdd(): 1 of 1 operations failed. Errors: AbortError: Backend aborted error');
          error.name = 'BulkError';
          throw error;
        },
        now: () => 0,
      },
    );
    expect(outcome).toMatchObject({ outcome: 'failed', state: 'failed' });
    expect(outcome.detail).not.toMatch(/bulkAdd|AbortError|Backend aborted/);
  });
});

describe('the library connection', () => {
  it('opens a fresh database connection after a failed write, and after the browser closed it', async () => {
    const name = `connection-${Math.random()}`;
    const opened: LibraryDb[] = [];
    const connection = createLibraryConnection(() => {
      const db = openLibraryDb({ name });
      opened.push(db);
      return db;
    });
    await ingestPage(connection.get(), page(1));
    expect(connection.get()).toBe(opened[0]);

    // A failed write: the connection is dropped, the next use opens a new one and works.
    connection.reset();
    expect(opened[0]!.hasBeenClosed()).toBe(true);
    await ingestPage(connection.get(), page(2));
    expect(opened).toHaveLength(2);

    // The backing store was closed under us (as Chromium does on a full disk): not kept.
    opened[1]!.close();
    expect(await connection.get().pages.count()).toBe(2);
    expect(opened).toHaveLength(3);
    connection.get().close();
    await openLibraryDb({ name }).delete();
  });

  it('a read the browser fails is tried once more on a fresh connection; twice failed, it says so in plain words', async () => {
    // A stand-in for a broken backing store: the browser's raw error on the first use of a connection.
    let opened = 0;
    const failing = new Set<number>([1]);
    const connection = createLibraryConnection(() => {
      const n = ++opened;
      return { n, close() {}, hasBeenClosed: () => false };
    });
    const read = (db: { n: number }) => {
      if (failing.has(db.n)) {
        const error = new Error('Encountered full disk while opening backing store for indexedDB.open.');
        error.name = 'UnknownError';
        return Promise.reject(error);
      }
      return Promise.resolve(`read on connection ${db.n}`);
    };
    expect(await connection.read(read)).toBe('read on connection 2');
    failing.add(3).add(4);
    connection.reset();
    const error = (await connection.read(read).catch((e: unknown) => e)) as Error;
    expect(error.message).toBe(LIBRARY_UNREADABLE);
    expect(error.message).not.toMatch(/backing store/);
    // Our own errors are not retried and keep their words.
    await expect(connection.read(() => Promise.reject(new StorageFullError('Your disk is almost full')))).rejects.toThrow('Your disk is almost full');
    // A failed write drops the connection: the next use opens a fresh one.
    const broken = opened; // the connection in use now breaks
    failing.add(broken);
    await expect(connection.write(read)).rejects.toThrow(/backing store/);
    expect(await connection.write(read)).toBe(`read on connection ${broken + 1}`);
  });
});
