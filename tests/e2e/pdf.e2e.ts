import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { closeSidePanel, continueInSidePanel, launchExtension, requestFromPage, type Extension } from './harness';
import { fillerPage, makePdf } from '../support/pdf-writer';

const FACT_PAGE = 9;
const FACT = 'The ferry over the northern canal charged seven silver pennies per wagon.';

/** An 80-page report generated here: filler on every page, the fact on page 9. */
function report(): Buffer {
  const pages = Array.from({ length: 80 }, (_, i) => (i + 1 === FACT_PAGE ? [FACT, ...fillerPage(i + 1, 3)] : fillerPage(i + 1, 5)));
  return makePdf(pages, 'Canal report');
}

describe('PDFs in the built extension (test engine)', () => {
  let ext: Extension;
  let server: Server;
  let origin: string;

  beforeAll(async () => {
    ext = await launchExtension();
    const files: Record<string, Buffer> = { '/report.pdf': report(), '/scan.pdf': makePdf([null, null], 'Scanned letter') };
    server = createServer((req, res) => {
      const file = files[new URL(req.url ?? '/', 'http://x').pathname];
      if (file) res.writeHead(200, { 'content-type': 'application/pdf', 'content-length': file.length }).end(file);
      else res.writeHead(404).end('not found');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    await ext.worker.evaluate(() => chrome.storage.local.set({ settings: { version: 1, engine: { backend: 'test' }, capture: { dwellMs: 300 } } }));
  });
  afterAll(async () => {
    await ext?.close();
    await new Promise<void>((resolve) => server?.close(() => resolve()));
  });

  it('reads a served PDF, answers with a citation that opens it at the cited page, and saves it after the dwell', async () => {
    const tab = await ext.context.newPage();
    await tab.goto(`${origin}/report.pdf`).catch(() => undefined);
    const panel = await ext.openPage('sidepanel.html#chat');
    await panel.getByText('This page', { exact: true }).click();
    await panel.getByLabel('Your question').fill('What did the ferry over the northern canal charge?');
    await panel.getByRole('button', { name: 'Ask' }).click();
    const turn = panel.locator('.turn').first();
    await turn.getByRole('button', { name: 'Source 1' }).waitFor({ timeout: 60_000 });
    const card = turn.locator('.source-card').first();
    await expect(card.locator('.source-meta').textContent()).resolves.toContain(`p. ${FACT_PAGE}`);
    await expect(card.locator('.source-quote').textContent()).resolves.toContain('seven silver pennies');
    const href = await card.locator('a.source-link').getAttribute('href');
    expect(href).toBe(`${origin}/report.pdf#page=${FACT_PAGE}`);
    const [opened] = await Promise.all([ext.context.waitForEvent('page'), card.locator('a.source-link').click()]);
    await expect.poll(() => opened.url()).toBe(`${origin}/report.pdf#page=${FACT_PAGE}`);
    await opened.close();

    // Captured like a page after the dwell, with its page headings: a library search finds it.
    await expect
      .poll(async () => (await requestFromPage<{ pages: { url: string }[] }>(panel, 'library.search', { query: 'ferry northern canal silver pennies' })).pages.map((p) => p.url), {
        timeout: 30_000,
      })
      .toContain(`${origin}/report.pdf`);
    await panel.close();
    await tab.close();
  });

  it('summarizes a PDF part by part, counts its tokens, and says when a PDF has no text', async () => {
    const tab = await ext.context.newPage();
    await tab.goto(`${origin}/report.pdf`).catch(() => undefined);
    const popup = await ext.openPage('popup.html');
    await popup.getByRole('button', { name: 'Summarize', exact: true }).click();
    // Read in parts: it runs in the side panel, and the popup shows it.
    await continueInSidePanel(popup, popup.getByTestId('summary-coverage'), 120_000);
    await expect(popup.getByTestId('summary-coverage').textContent()).resolves.toMatch(/Used 100%/);
    await popup.close();
    // The side panel that ran it would take the "Count tokens" request below: close it.
    await closeSidePanel(ext);

    // Count its tokens: the Tokens view gets the PDF's own words (without Gleaner's page headings).
    const pdfTabId = await ext.worker.evaluate(async (url) => (await chrome.tabs.query({ url }))[0]!.id!, `${origin}/report.pdf`);
    const helper = await ext.openPage('popup.html');
    await requestFromPage(helper, 'tokens.countTab', { tabId: pdfTabId, source: 'page' });
    const tokens = await ext.openPage('sidepanel.html#tokens');
    const counted = tokens.getByLabel('Text to count');
    await expect.poll(() => counted.inputValue(), { timeout: 30_000 }).toContain(FACT);
    expect(await counted.inputValue()).not.toMatch(/(^|\n)p\. \d+\n/);
    await tokens.close();
    await helper.close();

    const scan = await ext.context.newPage();
    await scan.goto(`${origin}/scan.pdf`).catch(() => undefined);
    const tabId = await ext.worker.evaluate(async (url) => (await chrome.tabs.query({ url }))[0]!.id!, `${origin}/scan.pdf`);
    const page = await ext.openPage('popup.html');
    await expect(requestFromPage(page, 'answers.readTab', { tabId })).rejects.toThrow(/no text in this PDF/);
    await page.close();
    await scan.close();
    await tab.close();
  });
});
