import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { readabilityPagesDir } from '../support/fixtures';
import { launchExtension, requestFromPage, serve, type Extension, type StaticServer } from './harness';
import type { CaptureStatusReply } from '@/lib/capture/status';
import type { PageSummary } from '@/lib/library/search';

// Real saved articles, served on 127.0.0.1; a short dwell through the real settings storage.
const DWELL_MS = 400;

describe('the toolbar badge and "Save this page"', () => {
  let ext: Extension;
  let site: StaticServer;
  let views: Page;

  beforeAll(async () => {
    ext = await launchExtension();
    site = await serve({
      '/article.html': `file:${readabilityPagesDir}/001/source.html`,
      '/next.html': `file:${readabilityPagesDir}/ars-1/source.html`,
      '/paused.html': `file:${readabilityPagesDir}/bbc-1/source.html`,
    });
    await ext.worker.evaluate((dwellMs) => chrome.storage.local.set({ settings: { version: 1, capture: { dwellMs } } }), DWELL_MS);
    views = await ext.openPage('sidepanel.html#library');
  });
  afterAll(async () => {
    await ext?.close();
    await site?.close();
  });

  const tabIdOf = (url: string) => ext.worker.evaluate(async (u) => (await chrome.tabs.query({ url: u }))[0]?.id ?? -1, url);
  const status = (tabId: number) => requestFromPage<CaptureStatusReply>(views, 'capture.status', { tabId });
  // Read from an extension page, as the browser shows it on the toolbar button.
  const badge = (tabId: number) =>
    views.evaluate(async (id) => ({ text: await chrome.action.getBadgeText({ tabId: id }), title: await chrome.action.getTitle({ tabId: id }) }), tabId);

  it('shows ✓ with a title once the page is saved, and clears when the tab moves to another page', async () => {
    const page = await ext.context.newPage();
    await page.goto(`${site.origin}/article.html`);
    const tabId = await tabIdOf(`${site.origin}/article.html`);
    await expect.poll(async () => (await status(tabId)).status.state, { timeout: 20_000 }).toBe('indexed');
    await expect.poll(() => badge(tabId), { timeout: 10_000 }).toEqual({ text: '✓', title: expect.stringMatching(/^Gleaner: Saved to your library\. /) });

    // The next page waits out a long dwell: until then the tab has no badge (not the old page's ✓).
    await ext.worker.evaluate(() => chrome.storage.local.set({ settings: { version: 1, capture: { dwellMs: 600_000 } } }));
    await page.goto(`${site.origin}/next.html`);
    await expect.poll(() => badge(tabId), { timeout: 10_000 }).toEqual({ text: '', title: 'Gleaner' });
    await page.close();
  });

  it('while capture is paused: II on the button, and "Save this page" in the popup saves it once and says so', async () => {
    await ext.worker.evaluate((dwellMs) => chrome.storage.local.set({ settings: { version: 1, capture: { dwellMs, paused: true } } }), DWELL_MS);
    const page = await ext.context.newPage();
    await page.goto(`${site.origin}/paused.html`);
    const tabId = await tabIdOf(`${site.origin}/paused.html`);
    await expect.poll(async () => (await status(tabId)).status.state, { timeout: 20_000 }).toBe('paused');
    await expect.poll(async () => (await badge(tabId)).text, { timeout: 10_000 }).toBe('II');
    expect((await badge(tabId)).title).toMatch(/^Gleaner: Capture is paused\./);

    const popup = await ext.openPage(`popup.html?tab=${tabId}`);
    await popup.getByTestId('capture-headline').filter({ hasText: 'Capture is paused' }).waitFor();
    await popup.getByRole('button', { name: 'Save this page' }).click();
    await popup.getByTestId('capture-headline').filter({ hasText: 'Saved to your library' }).waitFor({ timeout: 20_000 });
    expect(await popup.getByTestId('capture-status').textContent()).toContain('Saved once, as you asked; capture stays paused.');
    // Saved once, through the capture path: in the library, the badge says so, and capture is still paused.
    const pages = (await requestFromPage<{ pages: PageSummary[] }>(views, 'library.recent', { limit: 50 })).pages;
    expect(pages.map((p) => p.url)).toContain(`${site.origin}/paused.html`);
    await expect.poll(async () => (await badge(tabId)).text, { timeout: 10_000 }).toBe('✓');
    expect((await status(tabId)).paused).toBe(true);
    await expect(popup.getByRole('button', { name: 'Save this page' }).count()).resolves.toBe(0);
    await popup.close();
    await page.close();
  });
});
