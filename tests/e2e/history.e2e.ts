import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { rm } from 'node:fs/promises';
import { extensionWithHistoryGranted, launchExtension, requestFromPage, type Extension } from './harness';

/** An article page generated here: long enough to be captured, with a word unique to it. */
function article(n: number): string {
  const paragraphs = Array.from(
    { length: 6 },
    (_, i) => `<p>Entry ${n}, paragraph ${i}: the keeper of lighthouse ${n} wrote about storms, ships, lamps and winter nights; codeword marker${n}x.</p>`,
  );
  return `<!doctype html><html lang="en"><head><title>Lighthouse log ${n}</title></head><body><article><h1>Lighthouse log ${n}</h1>${paragraphs.join('')}</article></body></html>`;
}

interface Seen {
  path: string;
  cookie?: string;
}

describe('bringing in pages from the browsing history (Chromium)', () => {
  let ext: Extension;
  let server: Server;
  let port: number;
  let extensionDir: string | undefined;
  const seen: Seen[] = [];
  // Two host names for one server: the import paces each host separately.
  const originOf = (n: number) => (n % 2 === 0 ? `http://127.0.0.1:${port}` : `http://localhost:${port}`);
  const PAGES = 50;

  beforeAll(async () => {
    // Headless Chromium cannot answer the permission prompt: a copy of the build with `history` granted at install.
    extensionDir = await extensionWithHistoryGranted();
    ext = await launchExtension({ extensionDir });
    server = createServer((req, res) => {
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      seen.push({ path, cookie: req.headers.cookie });
      const match = /^\/log\/(\d+)$/.exec(path);
      if (match) res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(article(Number(match[1])));
      else res.writeHead(404).end('not found');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
    await ext.worker.evaluate(() => chrome.storage.local.set({ settings: { version: 1, engine: { backend: 'test' }, capture: { paused: true } } }));
  });
  afterAll(async () => {
    await ext?.close();
    if (extensionDir) await rm(extensionDir, { recursive: true, force: true });
    await new Promise<void>((resolve) => server?.close(() => resolve()));
  });

  it('imports 50 pages visited while capture was paused, with their visit times, no cookies, across a worker restart', async () => {
    // The sites set a session cookie: the browser sends it on visits, the import must not.
    await ext.context.addCookies([
      { name: 'session', value: 'secret', domain: '127.0.0.1', path: '/' },
      { name: 'session', value: 'secret', domain: 'localhost', path: '/' },
    ]);
    const tab = await ext.context.newPage();
    for (let n = 0; n < PAGES; n++) await tab.goto(`${originOf(n)}/log/${n}`, { waitUntil: 'domcontentloaded' });
    await tab.close();
    expect(seen.filter((s) => s.path.startsWith('/log/')).every((s) => s.cookie === 'session=secret')).toBe(true);

    const panel = await ext.openPage('sidepanel.html#library');
    await expect(requestFromPage<{ pages: number }>(panel, 'library.stats', {})).resolves.toMatchObject({ pages: 0 });
    // Offered on the empty library, once.
    await panel.getByTestId('history-offer').waitFor();
    await panel.reload();
    await panel.getByRole('button', { name: 'Add pages from your browsing history' }).waitFor();
    await expect(panel.getByTestId('history-offer').count()).resolves.toBe(0);
    await panel.getByRole('button', { name: 'Add pages from your browsing history' }).click();
    const plan = panel.getByTestId('history-plan');
    await plan.filter({ hasText: `${PAGES} pages to add` }).waitFor({ timeout: 20_000 });
    await panel.getByText('without your cookies').waitFor();
    const importStart = Date.now();
    const requestsBefore = seen.length;
    await panel.getByRole('button', { name: `Add ${PAGES} pages` }).click();
    const status = panel.getByTestId('history-progress').getByRole('status');
    await status.filter({ hasText: new RegExp(`^(?:[5-9]|\\d\\d) of ${PAGES} pages`) }).waitFor({ timeout: 60_000 });

    // Pause: the count stops moving; resume.
    await panel.getByRole('button', { name: 'Pause import' }).click();
    await status.filter({ hasText: 'paused' }).waitFor();
    const pausedAt = (await requestFromPage<{ done: number }>(panel, 'history.status', {})).done;
    await panel.waitForTimeout(1500);
    expect((await requestFromPage<{ done: number }>(panel, 'history.status', {})).done).toBe(pausedAt);
    await panel.getByRole('button', { name: 'Resume import' }).click();
    await status.filter({ hasText: new RegExp(`^\\d+ of ${PAGES} pages · about`) }).waitFor({ timeout: 30_000 });

    // The worker is stopped midway; the next event wakes it and the import goes on where it was.
    const cdp = await ext.context.newCDPSession(panel);
    await cdp.send('ServiceWorker.enable');
    await cdp.send('ServiceWorker.stopAllWorkers');
    await requestFromPage(panel, 'core.ping', { from: 'test' });
    const summary = panel.getByTestId('history-summary');
    await summary.waitFor({ timeout: 120_000 });
    const final = await requestFromPage<{ status: string; total: number; added: number; unchanged: number; updated: number }>(panel, 'history.status', {});
    expect(final.status).toBe('done');
    expect(final.total).toBe(PAGES);
    // A page whose write committed just before the stop is found again as unchanged: never twice.
    expect(final.added + final.unchanged).toBe(PAGES);
    expect(final.added).toBeGreaterThanOrEqual(PAGES - 4);
    await expect(summary.textContent()).resolves.toMatch(new RegExp(`^Import finished: ${final.added} added`));
    await expect(requestFromPage<{ pages: number }>(panel, 'library.stats', {})).resolves.toMatchObject({ pages: PAGES });

    // The import's requests carried no cookie.
    const importRequests = seen.slice(requestsBefore).filter((s) => s.path.startsWith('/log/'));
    expect(importRequests.length).toBeGreaterThanOrEqual(PAGES);
    expect(importRequests.every((s) => s.cookie === undefined)).toBe(true);

    // Searchable, with the visit time of the history, not of the import.
    const found = await requestFromPage<{ pages: { url: string; visitedAt: number }[] }>(panel, 'library.search', { query: 'marker37x' });
    expect(found.pages[0]!.url).toBe(`${originOf(37)}/log/37`);
    const visited = await ext.worker
      .evaluate(async (url) => (await chrome.history.search({ text: '', startTime: 0, maxResults: 1000 })).find((item) => item.url === url)?.lastVisitTime, found.pages[0]!.url)
      .catch(() => undefined);
    expect(found.pages[0]!.visitedAt).toBeLessThan(importStart);
    if (visited !== undefined) expect(Math.abs(found.pages[0]!.visitedAt - visited)).toBeLessThan(2);
    await panel.close();
  });
});
