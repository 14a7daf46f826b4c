import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchExtension, requestFromPage, type Extension } from './harness';

// Issue 11 item 9: a 50,000-deep DOM crashed the tab with Gleaner installed (Readability's
// clone and recursion), a binary page stayed on "Reading the page…" for over a minute, and a
// 20 MB page was planned into 2,000 parts without a word. Served from 127.0.0.1 with the
// content types the audit used.

/**
 * A page whose script nests 50,000 <div>s, with text at the bottom. The nest sits in a
 * hidden section: rendering it would crash this headless Chromium's layout with or
 * without Gleaner, while the DOM walk of an extraction still has to go all the way down.
 * Its long <noscript> would make the <noscript> rule (lib/extract/noscript.ts) measure the
 * page by recursion, were the page not measured first.
 */
const DEEP_PAGE = `<!doctype html><html lang="en"><head><title>Deep page</title></head><body>
<p>Top paragraph of a very deep page.</p>
<noscript>${'<p>This page needs JavaScript to show its threads and their replies.</p>'.repeat(12)}</noscript>
<section id="nest" style="display:none"></section>
<script>
  let node = document.getElementById('nest');
  for (let i = 0; i < 50000; i++) { const child = document.createElement('div'); node.appendChild(child); node = child; }
  node.textContent = 'Text at the bottom of the deep page.';
  document.title = 'Deep page (built)';
</script></body></html>`;

/** Random bytes (a fixed seed), as a misconfigured server sends a binary file. */
function randomBytes(length: number): Buffer {
  let seed = 7;
  return Buffer.from(Uint8Array.from({ length }, () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff), seed & 0xff)));
}

/** About 20 MB of ordinary paragraphs. */
function hugeHtml(): string {
  const paragraph = `<p>${'The long report goes on about harvests, rivers and the weather of many years. '.repeat(20)}</p>\n`;
  return `<!doctype html><html lang="en"><head><title>Huge report</title></head><body><main>${paragraph.repeat(Math.ceil(20_000_000 / paragraph.length))}</main></body></html>`;
}

describe('huge and odd pages in the built extension', () => {
  let ext: Extension;
  let server: Server;
  let origin = '';

  beforeAll(async () => {
    const routes: Record<string, { type: string; body: string | Buffer }> = {
      '/deep.html': { type: 'text/html; charset=utf-8', body: DEEP_PAGE },
      '/random.txt': { type: 'text/plain', body: randomBytes(300_000) },
      '/huge.html': { type: 'text/html; charset=utf-8', body: hugeHtml() },
      '/long-selection.html': {
        type: 'text/html; charset=utf-8',
        body: `<!doctype html><html lang="en"><head><title>Long selection</title></head><body><div id="text">${'Rivers flood in spring and the harvest waits. '.repeat(6500)}</div></body></html>`,
      },
    };
    server = createServer((req, res) => {
      const route = routes[new URL(req.url ?? '/', 'http://x').pathname];
      if (!route) res.writeHead(404).end();
      // nosniff: Chromium shows the bytes as a text page instead of downloading them, as the audit saw.
      else res.writeHead(200, { 'content-type': route.type, 'x-content-type-options': 'nosniff' }).end(route.body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    ext = await launchExtension();
    // The test engine answers (no model can be downloaded here); pages are captured after a short stay.
    await ext.worker.evaluate(() => chrome.storage.local.set({ settings: { version: 1, engine: { backend: 'test' }, capture: { dwellMs: 300 } } }));
  });
  afterAll(async () => {
    await ext?.close();
    await new Promise((resolve) => server?.close(resolve));
  });

  async function visit(path: string): Promise<{ page: Page; tabId: number }> {
    const page = await ext.context.newPage();
    await page.goto(`${origin}${path}`, { waitUntil: 'load', timeout: 60_000 });
    const tabId = await ext.worker.evaluate(async (url) => (await chrome.tabs.query({ url }))[0]!.id!, `${origin}${path}`);
    return { page, tabId };
  }

  it('reads a 50,000-deep page as plain text and the tab survives the capture', async () => {
    const { page, tabId } = await visit('/deep.html');
    await page.waitForFunction(() => document.title === 'Deep page (built)');
    // Past the dwell: automatic capture has run on the page.
    await page.waitForTimeout(1500);
    await expect(page.evaluate(() => document.body.textContent?.includes('bottom of the deep page'))).resolves.toBe(true);
    const panel = await ext.openPage('sidepanel.html');
    const read = await requestFromPage<{ text: string; note?: string }>(panel, 'capture.extractTab', { tabId });
    expect(read.text).toContain('Top paragraph of a very deep page.');
    expect(read.text).toContain('Text at the bottom of the deep page.');
    expect(read.note).toMatch(/nested more than 512 deep/);
    // The tab is still alive after both extractions.
    await expect(page.evaluate(() => document.title)).resolves.toBe('Deep page (built)');
    await panel.close();
    await page.close();
  });

  it('fails fast and plainly on a binary page served as text', async () => {
    const { page } = await visit('/random.txt');
    const popup = await ext.openPage('popup.html');
    await popup.getByRole('button', { name: 'Summarize', exact: true }).click();
    await popup.getByText('This page has no readable text (it looks like binary data shown as text).').waitFor({ timeout: 20_000 });
    await expect(popup.getByTestId('summary-error').getAttribute('role')).resolves.toBe('alert');
    await popup.close();
    await page.close();
  });

  it('asks before summarizing a 20 MB page, with the parts and the time, and cancels', async () => {
    const { page } = await visit('/huge.html');
    const popup = await ext.openPage('popup.html');
    await popup.getByRole('button', { name: 'Summarize', exact: true }).click();
    const confirm = popup.getByTestId('summary-confirm');
    await confirm.waitFor({ timeout: 60_000 });
    await expect(popup.getByTestId('summary-status').textContent()).resolves.toMatch(
      /^This page is very long: about [\d,]+ tokens, read in [\d,]+ parts, about \d+ (minutes|hours) with a small local model\.$/,
    );
    // The page was read as bounded plain text, and the person is told.
    const note = await popup.getByTestId('summary-note').textContent();
    expect(note).toMatch(/^This page is very large \(.+\), so Gleaner read it as plain text/);
    await expect(confirm.getByRole('button', { name: /^Only the first 12 parts/ }).isVisible()).resolves.toBe(true);
    // The popup is responsive while it waits: the choice is taken at once.
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    await expect(popup.getByTestId('summary-status').textContent()).resolves.toBe('Stopped.');
    await popup.close();
    await page.close();
  });

  it('tells the person when a selection was longer than what was read, with the numbers', async () => {
    const { page } = await visit('/long-selection.html');
    const selected = await page.evaluate(() => {
      const range = document.createRange();
      range.selectNodeContents(document.getElementById('text')!);
      getSelection()!.removeAllRanges();
      getSelection()!.addRange(range);
      return getSelection()!.toString().length;
    });
    expect(selected).toBeGreaterThan(200_000);
    const panel = await ext.openPage('sidepanel.html#chat');
    await panel.getByLabel('Selected text').check();
    await panel.getByLabel('Your question').fill('When do the rivers flood?');
    await panel.getByRole('button', { name: 'Ask' }).click();
    const leftOut = panel.getByTestId('left-out');
    await leftOut.waitFor({ timeout: 30_000 });
    await expect(leftOut.textContent()).resolves.toContain(
      `The selection: only the first 200,000 of its ${selected.toLocaleString('en')} characters were read; select less to ask about the rest.`,
    );
    await panel.close();
    await page.close();
  });
});
