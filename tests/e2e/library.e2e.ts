import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { currentWorker, launchExtension, requestFromPage, type Extension } from './harness';
import { page as plainPage, savedPage } from '../library/support/saved-page';
import type { IngestResult } from '@/lib/library/ingest';
import type { SearchResult } from '@/lib/library/search';

describe('the library in the built extension (real IndexedDB)', () => {
  let ext: Extension;

  beforeAll(async () => {
    ext = await launchExtension();
  });
  afterAll(async () => {
    await ext?.close();
  });

  it('ingests real pages through the background and finds them from the Library view, highlighted', async () => {
    const tab = await ext.openPage('popup.html');
    const pages = [
      savedPage('wikipedia', 'https://en.wikipedia.org/wiki/Mozilla'),
      savedPage('nytimes-1', 'https://www.nytimes.com/article'),
      plainPage('https://notes.example/volcano', 'Volcanoes of Iceland', 'Iceland has many active volcanoes.'),
    ];
    const results = await Promise.all(pages.map((page) => requestFromPage<IngestResult>(tab, 'library.ingest', { page })));
    expect(results.map((r) => r.status)).toEqual(['added', 'added', 'added']);
    const again = await requestFromPage<IngestResult>(tab, 'library.ingest', { page: pages[2] });
    expect(again.status).toBe('unchanged');

    const panel = await ext.openPage('sidepanel.html#library');
    await panel.getByRole('searchbox', { name: 'Search everything you have read' }).fill('volcanoes');
    const results2 = panel.getByTestId('search-results');
    await results2.getByRole('button', { name: 'Volcanoes of Iceland', exact: true }).waitFor();
    await expect(results2.locator('mark').first().textContent()).resolves.toBe('volcanoes');

    // The recent list shows every page with its site.
    await panel.getByRole('searchbox').fill('');
    await panel
      .getByTestId('recent-pages')
      .getByText(/^notes\.example · read/)
      .waitFor();
    await expect(panel.getByTestId('recent-pages').locator('li').count()).resolves.toBe(3);
    await panel.close();
    await tab.close();
  });

  it('keeps the library across a worker restart, and deletes a page from the view', async () => {
    const tab = await ext.openPage('popup.html');
    const cdp = await ext.context.newCDPSession(tab);
    await cdp.send('ServiceWorker.enable');
    await cdp.send('ServiceWorker.stopAllWorkers');
    const found = await requestFromPage<SearchResult>(tab, 'library.search', { query: 'Mozilla Firefox' });
    expect(found.pages[0]!.url).toBe('https://en.wikipedia.org/wiki/Mozilla');
    expect(await currentWorker(ext)).toBeTruthy();

    const panel = await ext.openPage('sidepanel.html#library');
    await panel.getByRole('searchbox').fill('volcanoes');
    const item = panel.getByTestId('search-results').locator('li', { hasText: 'Volcanoes of Iceland' });
    await item.getByRole('button', { name: /^Delete “Volcanoes of Iceland”/ }).click();
    await panel.getByText('No page matches').waitFor();
    const after = await requestFromPage<SearchResult>(tab, 'library.search', { query: 'volcanoes' });
    expect(after.pages).toEqual([]);
    await expect(panel.getByTestId('library-stats').textContent()).resolves.toMatch(/^2 pages/);
    await panel.close();
    await tab.close();
  });
});
