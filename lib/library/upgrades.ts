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
  /** v5: each page's passage rows move into its text row (ordered by ordinal); the chunks table is then dropped. */
  5: async (tx) => {
    type OldChunk = { id: number; pageId: number; ordinal: number; start: number; end: number; headingPath: string[]; tokenCount: number };
    const byPage = new Map<number, OldChunk[]>();
    await tx.table('chunks').each((c: OldChunk) => {
      const list = byPage.get(c.pageId);
      if (list) list.push(c);
      else byPage.set(c.pageId, [c]);
    });
    await tx
      .table('texts')
      .toCollection()
      .modify((row: Record<string, unknown>) => {
        const chunks = (byPage.get(row.pageId as number) ?? []).sort((a, b) => a.ordinal - b.ordinal);
        row.chunks = chunks.map(({ id, start, end, headingPath, tokenCount }) => ({ id, start, end, headingPath, tokenCount }));
      });
  },
};
