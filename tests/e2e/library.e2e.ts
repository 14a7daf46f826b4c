import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { currentWorker, launchExtension, requestFromPage, type Extension } from './harness';
import { page as plainPage, savedPage } from '../library/support/saved-page';
import type { IngestResult } from '@/lib/library/ingest';
import type { SearchResult } from '@/lib/library/search';
import { readabilityPagesDir } from '../support/fixtures';

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

  it('shows an excerpt per page, folds the site actions into a menu, and Undo gives a deleted page back whole', async () => {
    const tab = await ext.openPage('popup.html');
    // A real article with the excerpt its page carries (the extractor keeps Readability's excerpt).
    const meta = JSON.parse(readFileSync(path.join(readabilityPagesDir, 'guardian-1', 'expected-metadata.json'), 'utf8')) as { title: string; excerpt: string };
    const url = 'https://www.theguardian.com/world/2019/jan/03/whale-strandings';
    const ingested = await requestFromPage<IngestResult>(tab, 'library.ingest', { page: { ...savedPage('guardian-1', url), excerpt: meta.excerpt } });
    expect(ingested.status).toBe('added');
    const title = meta.title;
    const search = () => requestFromPage<SearchResult>(tab, 'library.search', { query: 'whale strandings Māori' });
    const before = (await search()).pages[0]!;
    expect(before.title).toBe(title);

    const panel = await ext.openPage('sidepanel.html#library');
    const item = panel.getByTestId('recent-pages').locator('li', { hasText: title });
    await expect(item.getByTestId('page-excerpt').textContent()).resolves.toBe(meta.excerpt);
    // One visible action per card; the site-wide ones are in the menu.
    await expect(item.getByRole('button', { name: /Delete every page of/ }).isVisible()).resolves.toBe(false);
    await item.getByText('⋯').click();
    await item.getByRole('button', { name: /^Stop capturing .*theguardian\.com$/ }).waitFor({ state: 'visible' });

    await item.getByRole('button', { name: `Delete “${title}” from the library` }).click();
    const toast = panel.getByTestId('undo-toast');
    await expect(toast.textContent({ timeout: 15_000 })).resolves.toContain(`Deleted “${title}”.`);
    await expect.poll(async () => (await search()).pages.length).toBe(0);
    await expect(panel.getByTestId('recent-pages').locator('li', { hasText: title }).count()).resolves.toBe(0);

    await toast.getByRole('button', { name: 'Undo' }).click();
    await panel.getByText(`“${title}” is back in the library.`).waitFor({ timeout: 15_000 });
    const after = (await search()).pages[0]!;
    expect(after).toMatchObject({ url: before.url, title, visitedAt: before.visitedAt, visitCount: before.visitCount, chunkCount: before.chunkCount, excerpt: before.excerpt });
    await panel.getByTestId('recent-pages').locator('li', { hasText: title }).getByTestId('page-excerpt').waitFor();
    await panel.close();
    await tab.close();
  });
});
