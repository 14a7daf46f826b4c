import { readFileSync } from 'node:fs';
import path from 'node:path';
import { readabilityPagesDir } from '../support/fixtures';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchExtension, requestFromPage, serve, type Extension, type StaticServer } from './harness';
import type { CaptureStatusReply } from '@/lib/capture/status';
import type { PageSummary } from '@/lib/library/search';

// A real saved article (Readability's test page 001), served on 127.0.0.1.
const ARTICLE = path.join(readabilityPagesDir, '001', 'source.html');
const ARTICLE_TITLE = 'Get your Frontend JavaScript Code Covered | Code';
const articleHtml = readFileSync(ARTICLE, 'utf8');
const withPasswordForm = articleHtml.replace(/<\/body>/i, '<form><input type="text" name="u"><input type="password" name="p"></form></body>');

const paragraphs = (topic: string) =>
  Array.from(
    { length: 8 },
    (_, i) =>
      `<p>Paragraph ${i} about ${topic}: a single-page application renders this article text with enough sentences, commas, and ordinary words for a reader to find it useful later, which is what the reading library keeps.</p>`,
  ).join('');
const SPA = `<!doctype html><html lang="en"><head><title>SPA first view</title></head><body><main><article id="view"><h1>First view</h1>${paragraphs('gardening')}</article></main>
<script>
  window.goSecond = () => {
    history.pushState({}, '', '/spa/second');
    document.title = 'SPA second view';
    document.getElementById('view').innerHTML = '<h1>Second view</h1>' + ${JSON.stringify(paragraphs('astronomy'))};
  };
</script></body></html>`;

// A page that rewrites itself ten times a second (a live ticker).
const TICKER = `<!doctype html><html lang="en"><head><title>Live ticker</title></head><body><article><h1>Live ticker</h1><p id="clock">0</p>${paragraphs('markets')}</article>
<script>let n = 0; setInterval(() => { document.getElementById('clock').textContent = 'Update ' + (++n); }, 100);</script></body></html>`;

const DWELL_MS = 400;

describe('capture in Chromium: dwell, policy, status, library', () => {
  let ext: Extension;
  let site: StaticServer;
  let views: Page;

  beforeAll(async () => {
    ext = await launchExtension();
    site = await serve({
      '/article.html': `file:${ARTICLE}`,
      '/paused.html': `file:${ARTICLE}`,
      '/members.html': withPasswordForm,
      '/spa.html': SPA,
      '/ticker.html': TICKER,
    });
    // A short dwell through the real settings storage.
    await ext.worker.evaluate((dwellMs) => chrome.storage.local.set({ settings: { version: 1, capture: { dwellMs } } }), DWELL_MS);
    views = await ext.openPage('popup.html');
  });
  afterAll(async () => {
    await ext?.close();
    await site?.close();
  });

  const tabIdOf = (url: string) => ext.worker.evaluate(async (u) => (await chrome.tabs.query({ url: u }))[0]?.id ?? -1, url);
  const status = (tabId: number) => requestFromPage<CaptureStatusReply>(views, 'capture.status', { tabId });
  const library = async () => (await requestFromPage<{ pages: PageSummary[] }>(views, 'library.recent', { limit: 50 })).pages;

  async function visit(pathname: string): Promise<{ page: Page; tabId: number }> {
    const page = await ext.context.newPage();
    await page.goto(`${site.origin}${pathname}`);
    await page.bringToFront();
    return { page, tabId: await tabIdOf(`${site.origin}${pathname}`) };
  }

  it('captures a real article after the dwell and stores it in the library; the popup says so', async () => {
    const { page, tabId } = await visit('/article.html');
    await expect.poll(async () => (await status(tabId)).status.state, { timeout: 20_000 }).toBe('indexed');
    const pages = await library();
    expect(pages.map((p) => p.title)).toContain(ARTICLE_TITLE);
    expect(pages.find((p) => p.title === ARTICLE_TITLE)).toMatchObject({ site: '127.0.0.1', url: `${site.origin}/article.html` });

    // The tab's status lives in storage.session: it survives a service-worker restart.
    const cdp = await ext.context.newCDPSession(views);
    await cdp.send('ServiceWorker.enable');
    await cdp.send('ServiceWorker.stopAllWorkers');
    expect((await status(tabId)).status).toMatchObject({ state: 'indexed', title: ARTICLE_TITLE });

    const popup = await ext.openPage(`popup.html?tab=${tabId}`);
    await expect.poll(() => popup.getByTestId('capture-headline').textContent()).toBe('Saved to your library');
    await expect(popup.getByRole('button', { name: 'Pause capture' }).isVisible()).resolves.toBe(true);
    await expect(popup.getByRole('button', { name: "Don't capture 127.0.0.1" }).isVisible()).resolves.toBe(true);
    await popup.close();
    await page.close();
  });

  it('skips a page with a password field and says why', async () => {
    const { page, tabId } = await visit('/members.html');
    await expect.poll(async () => (await status(tabId)).status, { timeout: 20_000 }).toMatchObject({ state: 'skipped', reason: 'password' });
    expect((await library()).map((p) => p.url)).not.toContain(`${site.origin}/members.html`);
    await page.close();
  });

  it('captures nothing while paused, from the popup toggle', async () => {
    const popup = await ext.openPage('popup.html?tab=1');
    await popup.getByRole('button', { name: 'Pause capture' }).click();
    await popup.getByRole('button', { name: 'Resume capture' }).waitFor();
    await popup.close();

    const { page, tabId } = await visit('/paused.html');
    await expect.poll(async () => (await status(tabId)).status.state, { timeout: 20_000 }).toBe('paused');
    await page.waitForTimeout(DWELL_MS * 4);
    expect((await status(tabId)).status.state).toBe('paused');
    expect((await library()).map((p) => p.url)).not.toContain(`${site.origin}/paused.html`);
    await requestFromPage(views, 'capture.setPaused', { paused: false });
    await page.close();
  });

  it('captures again when a single-page app changes the URL', async () => {
    const { page, tabId } = await visit('/spa.html');
    await expect.poll(async () => (await status(tabId)).status, { timeout: 20_000 }).toMatchObject({ state: 'indexed', url: `${site.origin}/spa.html` });
    await page.evaluate(() => (window as unknown as { goSecond(): void }).goSecond());
    await expect.poll(async () => (await status(tabId)).status, { timeout: 20_000 }).toMatchObject({ state: 'indexed', url: `${site.origin}/spa/second` });
    const titles = (await library()).map((p) => p.title);
    expect(titles).toEqual(expect.arrayContaining(['SPA first view', 'SPA second view']));
    await page.close();
  });

  it('captures a page that changes all the time once, without flooding the library', async () => {
    const { page, tabId } = await visit('/ticker.html');
    await expect.poll(async () => (await status(tabId)).status.state, { timeout: 20_000 }).toBe('indexed');
    await page.waitForTimeout(DWELL_MS * 8);
    const ticker = (await library()).filter((p) => p.url === `${site.origin}/ticker.html`);
    expect(ticker).toHaveLength(1);
    expect(ticker[0]!.visitCount).toBe(1);
    expect((await status(tabId)).status.state).toBe('indexed');
    await page.close();
  });

  it('extracts a tab on demand even when its site is excluded', async () => {
    await requestFromPage(views, 'capture.excludeSite', { site: '127.0.0.1', excluded: true });
    const { page, tabId } = await visit('/article.html');
    const extracted = await requestFromPage<{ title: string; wordCount: number; blocks: unknown[] }>(views, 'capture.extractTab', { tabId });
    expect(extracted.title).toBe(ARTICLE_TITLE);
    expect(extracted.wordCount).toBeGreaterThan(500);
    await expect.poll(async () => (await status(tabId)).status.state, { timeout: 20_000 }).toBe('excluded');
    await requestFromPage(views, 'capture.excludeSite', { site: '127.0.0.1', excluded: false });
    await page.close();
  });

  it('lets the person manage capture in Settings: excluded sites, dwell, sensitive sites', async () => {
    await requestFromPage(views, 'capture.excludeSite', { site: 'news.example.com', excluded: true });
    const panel = await ext.openPage('sidepanel.html#settings');
    const excluded = panel.getByTestId('excluded-sites');
    await expect.poll(() => excluded.textContent()).toContain('news.example.com');
    await panel.getByRole('button', { name: 'Capture news.example.com again' }).click();
    await panel.getByText('news.example.com can be captured again.').waitFor();

    await panel.getByLabel('Add a site').fill('https://www.Blog.Example.org/post');
    await panel.getByRole('button', { name: 'Add', exact: true }).click();
    await expect.poll(() => panel.getByTestId('excluded-sites').textContent()).toContain('blog.example.org');

    await panel.getByLabel('Sensitive sites (banking, mail, health, sign-in pages)').fill('intranet.example.com\n*/private*');
    await panel.getByRole('button', { name: 'Save sensitive sites' }).click();
    await panel.getByText('Sensitive sites saved.').waitFor();
    await panel.getByLabel('Save a page after').fill('3');
    await panel.getByLabel('Save a page after').press('Tab');
    await panel.getByText('Saved.', { exact: true }).waitFor();
    const stored = await ext.worker.evaluate(async () => ((await chrome.storage.local.get('settings')).settings as { capture: unknown }).capture);
    expect(stored).toMatchObject({ excludedSites: ['blog.example.org'], sensitiveSites: ['intranet.example.com', '*/private*'], dwellMs: 3000 });
    await panel.close();
  });
});
