import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchExtension, requestFromPage, type Extension } from './harness';
import { savedPage } from '../library/support/saved-page';
import type { IngestResult } from '@/lib/library/ingest';

// Semantic search end to end: the background embeds new passages through the
// engine host. Vectors come from the named test engine (a hashed bag of words,
// not a model): no embedding model can be downloaded here.
describe('semantic search in the built extension', () => {
  let ext: Extension;

  beforeAll(async () => {
    ext = await launchExtension();
    await ext.worker.evaluate(() => chrome.storage.local.set({ settings: { version: 1, engine: { backend: 'test' }, library: { semanticSearch: false } } }));
  });
  afterAll(async () => {
    await ext?.close();
  });

  it('embeds nothing while it is off, then every passage once it is turned on, and questions use hybrid search', async () => {
    const tab = await ext.openPage('popup.html');
    const page = savedPage('wikipedia', 'https://en.wikipedia.org/wiki/Mozilla');
    await expect(requestFromPage<IngestResult>(tab, 'library.ingest', { page })).resolves.toMatchObject({ status: 'added' });
    await expect(requestFromPage(tab, 'answers.searchMode', {})).resolves.toMatchObject({ hybrid: false });

    const panel = await ext.openPage('sidepanel.html#settings');
    await panel.getByRole('checkbox', { name: /Semantic search/ }).check();
    await expect.poll(() => requestFromPage<{ hybrid: boolean }>(tab, 'answers.searchMode', {}).then((mode) => mode.hybrid), { timeout: 30_000 }).toBe(true);
    await panel
      .getByTestId('embedding-status')
      .filter({ hasText: /Embedded \d+ new passages|Every passage is embedded/ })
      .waitFor();
  });
});
