import type { Transaction } from 'dexie';

/**
 * Data upgrades, keyed by the version they upgrade to. Versions whose change
 * is only new tables or indexes need no entry.
 */
export const UPGRADES: Record<number, (tx: Transaction) => Promise<void>> = {
  /** v2: pages gain visit counts, sizes and a content hash; v1 pages had no text, so they hold no chunks. */
  2: async (tx) => {
    await tx
      .table('pages')
      .toCollection()
      .modify((page: Record<string, unknown>) => {
        const visitedAt = typeof page.visitedAt === 'number' ? page.visitedAt : 0;
        page.firstVisitedAt ??= visitedAt;
        page.visitCount ??= 1;
        page.contentHash ??= '';
        page.textLength ??= 0;
        page.storedBytes ??= 0;
        page.chunkCount ??= 0;
        page.isArticle ??= false;
      });
  },
};
