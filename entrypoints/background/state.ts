import { browser } from 'wxt/browser';
import { PORT_ENGINE } from '@/lib/messaging/protocol';
import type { PortLike } from '@/lib/messaging/port';
import type { ExtractedPage } from '@/lib/extract/types';
import { createEngineClient, type ViewEngineClient } from '@/lib/engine/client';
import { localPortPair } from '@/lib/engine/local-port';
import { createLibraryConnection } from '@/lib/library/connection';
import { createStorageGuard, pageWriteBytes, type StoragePressure } from '@/lib/library/storage-guard';
import { openLibraryDb, type LibraryDb } from '@/lib/library/db';
import { createIngestQueue, type IngestQueue, type IngestResult, type IngestVisit } from '@/lib/library/ingest';
import { deletePages, enforceBudget, markBurstPages } from '@/lib/library/maintenance';
import { createEmbeddingJob } from '@/lib/library/embedding-job';
import { DEFAULT_SETTINGS, SETTINGS_KEY, embeddingModelOf, loadSettings } from '@/lib/settings';
import { embeddingStateItem } from '@/lib/messaging/stored';
import { ensureHost } from './host-link';

/**
 * The background's state, in one place: the library database connection, the
 * storage guard, the ingest queue, the budget timer, the embedding job, the
 * background's own engine client and the settings listener that drives the job.
 * The `*-handlers.ts` files hold no state of their own: they answer requests
 * with these. Everything here is created lazily, so a restarted worker starts
 * with nothing open and opens what the first event needs.
 */

// One database connection (reopened after a failed write) and one group-committing writer per connection.
const connection = createLibraryConnection(() => openLibraryDb());
let queue: { db: LibraryDb; queue: IngestQueue } | null = null;

/** The library database of this worker (opened on first use, and again after a failure). */
export function libraryDb(): LibraryDb {
  return connection.get();
}

/** Runs a library read on the current connection. */
export const readLibrary = <T>(read: (db: LibraryDb) => Promise<T>): Promise<T> => connection.read(read);

/**
 * Runs a library write; a failure that is not the caller's fault (the browser refused
 * the write: full disk, aborted transaction, closed backing store) drops the connection,
 * so the next write opens a fresh one instead of failing until the worker restarts.
 */
export const writeLibrary = <T>(write: () => Promise<T>): Promise<T> => connection.write(() => write());

// Large writes stop before the disk is full (lib/library/storage-guard.ts).
export const storageGuard = createStorageGuard({ estimate: async () => navigator.storage?.estimate?.() });

/** Whether the disk is nearly full right now, in words for the views. */
export function libraryStoragePressure(): Promise<StoragePressure> {
  return storageGuard.pressure().catch(() => ({ low: false }));
}

function ingestQueue(): IngestQueue {
  const database = libraryDb();
  if (queue?.db !== database) queue = { db: database, queue: createIngestQueue(database, { mayMerge: () => storageGuard.allows(0) }) };
  return queue.queue;
}

/** Whether captured pages are being indexed right now. */
export const indexing = (): boolean => queue?.queue.busy() ?? false;

let budgetTimer: ReturnType<typeof setTimeout> | null = null;

/** Checks the storage budget a little after writes settle (eviction of least recently visited pages). */
export function scheduleBudgetCheck(): void {
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
  const result = await writeLibrary(() => ingestQueue().ingest(page, visit));
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

let backgroundClient: ViewEngineClient | null = null;

/**
 * The engine for work the background does itself (e.g. embedding chunks for
 * semantic search; it fits lib/library's Embedder): a Port to the offscreen
 * host on Chrome, an in-process Port to the host in this page on Firefox.
 */
function backgroundEngine(): ViewEngineClient {
  if (backgroundClient) return backgroundClient;
  if (import.meta.env.FIREFOX) {
    let accept: ((port: PortLike) => void) | null = null;
    backgroundClient = createEngineClient({
      wake: async () => {
        await ensureHost();
        const host = await import('@/lib/engine/host');
        accept = (port) => host.engineService()!.accept(port);
      },
      connect: () => {
        const [client, hostSide] = localPortPair(PORT_ENGINE);
        accept!(hostSide);
        return client;
      },
    });
  } else {
    backgroundClient = createEngineClient({
      wake: ensureHost,
      connect: () => browser.runtime.connect({ name: PORT_ENGINE }) as unknown as PortLike,
    });
  }
  return backgroundClient;
}

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
  // Settings shows it; it survives a worker restart, not a browser restart.
  onState: (state) => void embeddingStateItem.setValue(state).catch(() => undefined),
});

/** Registers the state's own listener; called once at start-up. */
export function startBackgroundState(): void {
  // Turning semantic search on embeds what is already in the library.
  browser.storage.onChanged.addListener((changes, area) => {
    const next = changes[SETTINGS_KEY]?.newValue as { library?: { semanticSearch?: boolean } } | undefined;
    if (area === 'local' && next?.library?.semanticSearch) void embeddingJob.request();
  });
}
