import { browser } from 'wxt/browser';
import type { ExtractedPage } from '@/lib/extract/types';
import type { LibraryMessages, Handlers } from '@/lib/messaging/protocol';
import { ValidationError } from '@/lib/messaging/errors';
import { pageWriteBytes } from '@/lib/library/storage-guard';
import { expectNumber, expectObject, expectString } from '@/lib/messaging/validate';
import { chunkOf } from '@/lib/library/db';
import { searchLibrary, recentPages } from '@/lib/library/search';
import { deleteAll, deletePages, deleteSite, libraryStats } from '@/lib/library/maintenance';
import { exportPages, exportSlice, importLines } from '@/lib/library/export-import';
import { textFragmentUrl } from '@/lib/library/text-fragment';
import { DEFAULT_SETTINGS, loadSettings } from '@/lib/settings';
import { indexing, ingestCapturedPage, libraryDb, libraryStoragePressure, readLibrary, scheduleBudgetCheck, storageGuard, writeLibrary } from './state';

/** The library feature's requests; its state (database, queue, guard, timers) lives in ./state. */

function optionalNumber(value: unknown, what: string): number | undefined {
  return value === undefined || value === null ? undefined : expectNumber(value, what, -8.64e15, 8.64e15);
}

/** Requests of the library feature. */
export const libraryHandlers: Handlers<LibraryMessages> = {
  'library.ingest': ({ page }) => ingestCapturedPage(expectObject(page, 'page') as unknown as ExtractedPage),
  'library.search': (req) =>
    readLibrary((db) =>
      searchLibrary(db, expectString(req.query, 'query', 2000), {
        limit: optionalNumber(req.limit, 'limit'),
        chunksPerPage: optionalNumber(req.chunksPerPage, 'chunksPerPage'),
        site: req.site === undefined ? undefined : expectString(req.site, 'site', 300),
        since: optionalNumber(req.since, 'since'),
        until: optionalNumber(req.until, 'until'),
      }),
    ),
  'library.recent': async (req) => ({
    pages: await readLibrary((db) =>
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
      readLibrary(libraryStats),
      loadSettings(browser.storage.local).catch(() => DEFAULT_SETTINGS),
      navigator.storage?.estimate?.().catch(() => undefined),
      libraryStoragePressure(),
    ]);
    return {
      ...stats,
      storage,
      indexing: indexing(),
      budgetBytes: settings.library.budgetMB * 1024 * 1024,
      ...(estimate?.usage !== undefined ? { originUsageBytes: estimate.usage } : {}),
    };
  },
  // The reply carries the page as export lines: the view's Undo imports them back.
  'library.deletePage': async ({ pageId }) => {
    const id = expectNumber(pageId, 'pageId', 1, 2 ** 53);
    const restore = await exportPages(libraryDb(), [id]);
    return { deleted: await deletePages(libraryDb(), [id]), restore };
  },
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
    const summary = await writeLibrary(() => importLines(libraryDb(), lines));
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
