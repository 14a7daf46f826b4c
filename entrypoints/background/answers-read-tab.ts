import type { ExtractedPage } from '@/lib/extract/types';
import { captureHandlers } from './capture-handlers';
import { libraryDb } from './library-handlers';

/**
 * Extracts the readable text of a tab on demand through the capture feature
 * (allowed even where automatic capture is paused), with when the page was
 * last read when the library has it.
 */
export async function readTabText(tabId: number): Promise<ExtractedPage & { readAt?: number }> {
  const page = await captureHandlers['capture.extractTab']({ tabId }, { fromContentScript: false, incognito: false });
  const known = await libraryDb()
    .pages.where('url')
    .equals(page.canonicalUrl)
    .first()
    .catch(() => undefined);
  return known ? { ...page, readAt: known.visitedAt } : page;
}
