import { browser } from 'wxt/browser';
import type { ExtractedPage } from '@/lib/extract/types';
import type { LibraryMessages, Handlers } from '@/lib/messaging/protocol';
import { ValidationError } from '@/lib/messaging/errors';
import { createLibraryConnection } from '@/lib/library/connection';
import { createStorageGuard, pageWriteBytes, type StoragePressure } from '@/lib/library/storage-guard';
import { expectNumber, expectObject, expectString } from '@/lib/messaging/validate';
import { chunkOf, openLibraryDb, type LibraryDb } from '@/lib/library/db';
import { createIngestQueue, type IngestQueue, type IngestResult, type IngestVisit } from '@/lib/library/ingest';
import { searchLibrary, recentPages } from '@/lib/library/search';
import { deleteAll, deletePages, deleteSite, enforceBudget, libraryStats, markBurstPages } from '@/lib/library/maintenance';
import { exportSlice, importLines } from '@/lib/library/export-import';
import { textFragmentUrl } from '@/lib/library/text-fragment';
import { DEFAULT_SETTINGS, SETTINGS_KEY, embeddingModelOf, loadSettings } from '@/lib/settings';
import { createEmbeddingJob } from '@/lib/library/embedding-job';
import { backgroundEngine } from './engine-handlers';

// One database connection (reopened after a failed write) and one group-committing writer per connection.
const connection = createLibraryConnection(() => openLibraryDb());
let queue: { db: LibraryDb; queue: IngestQueue } | null = null;

/** The library database of this worker (opened on first use, and again after a failure). */
export function libraryDb(): LibraryDb {
  return connection.get();
}

// Large writes stop before the disk is full (lib/library/storage-guard.ts).
const storageGuard = createStorageGuard({ estimate: async () => navigator.storage?.estimate?.() });

/** Whether the disk is nearly full right now, in words for the views. */
export function libraryStoragePressure(): Promise<StoragePressure> {
  return storageGuard.pressure().catch(() => ({ low: false }));
}

function ingestQueue(): IngestQueue {
  const database = libraryDb();
  if (queue?.db !== database) queue = { db: database, queue: createIngestQueue(database, { mayMerge: () => storageGuard.allows(0) }) };
  return queue.queue;
}

/**
 * Runs a library write; a failure that is not the caller's fault (the browser refused
 * the write: full disk, aborted transaction, closed backing store) drops the connection,
 * so the next write opens a fresh one instead of failing until the worker restarts.
 */
const writing = <T>(write: () => Promise<T>): Promise<T> => connection.write(() => write());

let budgetTimer: ReturnType<typeof setTimeout> | null = null;

/** Checks the storage budget a little after writes settle (eviction of least recently visited pages). */
function scheduleBudgetCheck(): void {
  if (budgetTimer) return;
  budgetTimer = setTimeout(async () => {
    budgetTimer = null;
    const settings = await loadSettings(browser.storage.local).catch(() => DEFAULT_SETTINGS);
    await connection.write((db) => enforceBudget(db, settings.library.budgetMB * 1024 * 1024)).catch((error) => console.warn('Library budget check failed', error));
  }, 5000);
}

/**
 * Adds an extracted page to the library (the capture path calls this): grouped
 * with concurrent captures into one transaction, resolved once durable.
 */
export async function ingestCapturedPage(page: ExtractedPage, visit?: IngestVisit): Promise<IngestResult> {
  await storageGuard.ensure(pageWriteBytes(typeof page.text === 'string' ? page.text.length : 0));
  const result = await writing(() => ingestQueue().ingest(page, visit));
  if (result.status !== 'unchanged') {
    scheduleBudgetCheck();
    void embeddingJob.request();
  }
  return result;
}

/** What the flood guard may do to the library (lib/library/flood-guard.ts via the capture flow). */
export const libraryFloodHands = {
  removePage: async (pageId: number) => void (await deletePages(libraryDb(), [pageId])),
  markBurst: (pageIds: number[]) => markBurstPages(libraryDb(), pageIds),
};

/** Where the view reads the embedding job's state (survives a worker restart, not a browser restart). */
export const EMBEDDING_STATE_KEY = 'embeddingState';

// Semantic search: passages are embedded in the background by the engine host's
// embedding model, only when the person turned it on (it downloads a model).
const embeddingJob = createEmbeddingJob({
  db: libraryDb,
  embedder: async () => {
    const settings = await loadSettings(browser.storage.local).catch(() => DEFAULT_SETTINGS);
    const model = embeddingModelOf(settings.engine);
    if (!settings.library.semanticSearch || !model) return null;
    const engine = backgroundEngine();
    return { model, embed: (texts) => engine.embed(texts) };
  },
  onState: (state) => void browser.storage.session.set({ [EMBEDDING_STATE_KEY]: state }).catch(() => undefined),
});

function optionalNumber(value: unknown, what: string): number | undefined {
  return value === undefined || value === null ? undefined : expectNumber(value, what, -8.64e15, 8.64e15);
}

/** Requests of the library feature. */
export const libraryHandlers: Handlers<LibraryMessages> = {
  'library.ingest': ({ page }) => ingestCapturedPage(expectObject(page, 'page') as unknown as ExtractedPage),
  'library.search': (req) =>
    connection.read((db) =>
      searchLibrary(db, expectString(req.query, 'query', 2000), {
        limit: optionalNumber(req.limit, 'limit'),
        chunksPerPage: optionalNumber(req.chunksPerPage, 'chunksPerPage'),
        site: req.site === undefined ? undefined : expectString(req.site, 'site', 300),
        since: optionalNumber(req.since, 'since'),
        until: optionalNumber(req.until, 'until'),
      }),
    ),
  'library.recent': async (req) => ({
    pages: await connection.read((db) =>
      recentPages(db, {
        limit: optionalNumber(req.limit, 'limit'),
        before: optionalNumber(req.before, 'before'),
        site: req.site === undefined ? undefined : expectString(req.site, 'site', 300),
        since: optionalNumber(req.since, 'since'),
      }),
    ),
  }),
  'library.stats': async () => {
    const [stats, settings, estimate, storage] = await Promise.all([
      connection.read(libraryStats),
      loadSettings(browser.storage.local).catch(() => DEFAULT_SETTINGS),
      navigator.storage?.estimate?.().catch(() => undefined),
      libraryStoragePressure(),
    ]);
    return {
      ...stats,
      storage,
      indexing: queue?.queue.busy() ?? false,
      budgetBytes: settings.library.budgetMB * 1024 * 1024,
      ...(estimate?.usage !== undefined ? { originUsageBytes: estimate.usage } : {}),
    };
  },
  'library.deletePage': async ({ pageId }) => ({ deleted: await deletePages(libraryDb(), [expectNumber(pageId, 'pageId', 1, 2 ** 53)]) }),
  'library.deleteSite': async ({ site }) => ({ deleted: await deleteSite(libraryDb(), expectString(site, 'site', 300)) }),
  'library.deleteAll': async ({ confirm }) => {
    if (confirm !== true) throw new ValidationError('Deleting the whole library needs confirmation.');
    const { pages, conversations } = await deleteAll(libraryDb());
    return { deleted: pages, conversations };
  },
  'library.export': ({ after, limit }) => exportSlice(libraryDb(), optionalNumber(after, 'after'), optionalNumber(limit, 'limit') ?? 200),
  'library.import': async ({ lines }) => {
    if (!Array.isArray(lines) || lines.some((l) => typeof l !== 'string')) throw new ValidationError('Import: expected lines of text.');
    await storageGuard.ensure(lines.reduce((sum, line) => sum + pageWriteBytes(line.length), 0));
    const summary = await writing(() => importLines(libraryDb(), lines));
    scheduleBudgetCheck();
    return summary;
  },
  'library.openPage': async ({ pageId, chunkId }) => {
    const database = libraryDb();
    const page = await database.pages.get(expectNumber(pageId, 'pageId', 1, 2 ** 53));
    if (!page) throw new ValidationError('This page is no longer in the library.');
    let url = page.url;
    if (chunkId !== undefined) {
      const text = await database.texts.get(page.id);
      const chunk = text && chunkOf(text, chunkId);
      if (chunk) url = textFragmentUrl(page.url, text.text.slice(chunk.start, chunk.end));
    }
    await browser.tabs.create({ url });
    return { opened: true };
  },
};

/** Registers the library feature's listeners (menus, commands, alarms); called once at start-up. */
export function startLibraryFeature(): void {
  // Turning semantic search on embeds what is already in the library.
  browser.storage.onChanged.addListener((changes, area) => {
    const next = changes[SETTINGS_KEY]?.newValue as { library?: { semanticSearch?: boolean } } | undefined;
    if (area === 'local' && next?.library?.semanticSearch) void embeddingJob.request();
  });
}
