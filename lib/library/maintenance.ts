import type { LibraryDb } from './db';
import { resetIndexState, tombstoneChunks } from './lexical-index';
import type { StoragePressure } from './storage-guard';
import type { EvictionSummary } from './flood-guard';

/**
 * Deleting pages, the storage budget, and library statistics. Every deletion
 * is one transaction: a page's row, text, passages and vectors go together,
 * and its index entries become tombstones (dropped at the next merge).
 */

/** Page count, storage used and the sites present. */
export interface LibraryStats {
  pages: number;
  chunks: number;
  /** Estimated bytes of the library (sum over pages: text, passages, postings). */
  estimatedBytes: number;
  /** Bytes of stored text (UTF-8). */
  textChars: number;
  /** Bytes the browser reports for the extension's storage, when it can tell. */
  originUsageBytes?: number;
  /** The budget, in bytes (from settings). */
  budgetBytes?: number;
  /** Pages are being written or merged into the index right now (from the worker's queue). */
  indexing?: boolean;
  /** Whether large writes are held back because the disk is almost full (from the worker's storage guard). */
  storage?: StoragePressure;
  /** What the budget's last eviction removed (the Library view tells the person). */
  lastEviction?: EvictionRecord;
  /** Saved conversations (deleted with everything else by "Delete everything"). */
  conversations: number;
  /** Sites with their page counts, most pages first. */
  sites: Array<{ site: string; pages: number }>;
}

/** Deletes pages (and their text, passages, vectors, index entries) in one transaction; returns how many existed. */
export async function deletePages(db: LibraryDb, pageIds: readonly number[]): Promise<number> {
  if (pageIds.length === 0) return 0;
  let deleted = 0;
  let apply = () => {};
  await db.transaction('rw', [db.pages, db.texts, db.vectors, db.tombstones], async () => {
    const existing = (await db.pages.bulkGet([...pageIds])).filter((p) => !!p);
    deleted = existing.length;
    const ids = existing.map((p) => p!.id);
    const chunkIds = (await db.texts.bulkGet(ids)).flatMap((row) => row?.chunks.map((c) => c.id) ?? []);
    await db.vectors.bulkDelete(chunkIds);
    await db.texts.bulkDelete(ids);
    await db.pages.bulkDelete(ids);
    apply = await tombstoneChunks(db, chunkIds);
  });
  apply();
  return deleted;
}

/** Deletes every page of a site; returns how many. */
export async function deleteSite(db: LibraryDb, site: string): Promise<number> {
  return deletePages(db, await db.pages.where('site').equals(site).primaryKeys());
}

/** What "Delete everything" removed: every page and every saved conversation (settings are kept). */
export interface DeletedAll {
  pages: number;
  conversations: number;
}

/** Deletes the whole library (every table, counters and saved conversations included); says how many pages and conversations there were. */
export async function deleteAll(db: LibraryDb): Promise<DeletedAll> {
  const deleted: DeletedAll = { pages: 0, conversations: 0 };
  await db.transaction('rw', db.tables, async () => {
    deleted.pages = await db.pages.count();
    deleted.conversations = await conversationCount(db);
    await Promise.all(db.tables.map((t) => t.clear()));
  });
  resetIndexState(db);
  return deleted;
}

/** Saved conversations in the database (they live beside the pages since schema v3). */
function conversationCount(db: LibraryDb): Promise<number> {
  return db.tables.some((t) => t.name === 'conversations') ? db.table('conversations').count() : Promise.resolve(0);
}

/** Counts pages, passages, bytes and sites. */
export async function libraryStats(db: LibraryDb): Promise<LibraryStats> {
  let estimatedBytes = 0;
  let textChars = 0;
  const sites = new Map<string, number>();
  let pages = 0;
  let chunks = 0;
  await db.pages.each((p) => {
    pages++;
    chunks += p.chunkCount ?? 0;
    estimatedBytes += p.storedBytes ?? 0;
    textChars += p.textLength ?? 0;
    sites.set(p.site, (sites.get(p.site) ?? 0) + 1);
  });
  const evicted = await lastEviction(db);
  const conversations = await conversationCount(db);
  return {
    conversations,
    ...(evicted ? { lastEviction: evicted } : {}),
    pages,
    chunks,
    estimatedBytes,
    textChars,
    sites: [...sites].map(([site, n]) => ({ site, pages: n })).sort((a, b) => b.pages - a.pages || a.site.localeCompare(b.site)),
  };
}

/** Marks pages as added by a flood (lib/library/flood-guard.ts). A revisit of such a page clears nothing: it stays first to go. */
export async function markBurstPages(db: LibraryDb, pageIds: readonly number[]): Promise<void> {
  if (pageIds.length === 0) return;
  await db.pages
    .where('id')
    .anyOf([...pageIds])
    .modify({ burst: true });
}

/** What the last eviction removed, for the Library view (kept in the `meta` table); `burst`: of which a flooding tab had added. */
type EvictionRecord = EvictionSummary;

const EVICTION_KEY = 'lastEviction';

/** The last eviction, if any. */
async function lastEviction(db: LibraryDb): Promise<EvictionRecord | undefined> {
  const row = await db.meta.get(EVICTION_KEY);
  if (typeof row?.value !== 'string') return undefined;
  try {
    return JSON.parse(row.value) as EvictionRecord;
  } catch {
    return undefined;
  }
}

/**
 * Keeps the library within `budgetBytes` (estimated). Pages a flooding tab
 * added go first (oldest first), so a page that rewrites itself can never push
 * out what the person read; then the least recently visited pages. Records
 * what it removed (the Library view says so). Returns how many pages were evicted.
 */
export async function enforceBudget(db: LibraryDb, budgetBytes: number, now = Date.now()): Promise<number> {
  let total = 0;
  const burst: Array<{ id: number; visitedAt: number; bytes: number }> = [];
  await db.pages.each((p) => {
    total += p.storedBytes ?? 0;
    if (p.burst) burst.push({ id: p.id, visitedAt: p.visitedAt, bytes: p.storedBytes ?? 0 });
  });
  if (total <= budgetBytes) return 0;
  const victims: number[] = [];
  burst.sort((a, b) => a.visitedAt - b.visitedAt);
  for (const p of burst) {
    if (total <= budgetBytes) break;
    victims.push(p.id);
    total -= p.bytes;
  }
  const burstVictims = victims.length;
  if (total > budgetBytes) {
    const taken = new Set(victims);
    await db.pages
      .orderBy('visitedAt')
      .until(() => total <= budgetBytes)
      .each((p) => {
        if (taken.has(p.id)) return;
        victims.push(p.id);
        total -= p.storedBytes ?? 0;
      });
  }
  let evicted = 0;
  for (let i = 0; i < victims.length; i += 200) evicted += await deletePages(db, victims.slice(i, i + 200));
  const record: EvictionRecord = { at: now, pages: evicted, burst: Math.min(burstVictims, evicted), budgetBytes };
  await db.meta.put({ key: EVICTION_KEY, value: JSON.stringify(record) });
  return evicted;
}
