import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import type { Page } from 'playwright-core';
import { launchExtension, requestFromPage, serve, type Extension, type StaticServer } from './harness';
import { loadTokenizer } from '../../lib/tokens/registry';
import { nodeTokenizerFiles, nodeTokenizerPath } from '../../lib/tokens/node-files';
import { modelTokenizerUrl, WEBLLM_MODEL_CACHE } from '../../lib/tokens/model-tokenizer';
import { realPagesText } from '../../scripts/fixture-pages';
import { readabilityPagesDir } from '../support/fixtures';
import { chatTemplateFor, encodeWithTemplate } from '../../lib/tokens/chat-template';
import { estimateLabel, firstEstimate } from '../../lib/tokens/first-estimate';

// The token counter in the built extension: a ≥ 10 MB selection on a page served from
// 127.0.0.1 is counted (through the same background message the "Count tokens" menu
// and shortcut use) without freezing the view, and the counts equal Node's.

const escapeHtml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

const article = realPagesText(readabilityPagesDir, 40);
let big = article;
while (big.length < 10 * 1024 * 1024) big += `\n${article}`;
const small = 'Gleaner counts tokens where the text is.\nIt says whether a page fits in the context window.';
const SMOL_MODEL = 'SmolLM2-360M-Instruct-q4f16_1-MLC';

let ext: Extension;
let site: StaticServer;

beforeAll(async () => {
  site = await serve({
    '/big.html': `<!doctype html><html><body><h1>Big</h1><pre id="text">${escapeHtml(big)}</pre></body></html>`,
    '/small.html': `<!doctype html><html><body><p id="text">${escapeHtml(small).replace('\n', '<br>')}</p></body></html>`,
  });
  ext = await launchExtension();
});

afterAll(async () => {
  await ext?.close();
  await site?.close();
});

/** Opens a served page, selects the element #text, returns its tab id and the selected text. */
async function selectOnPage(pathname: string, helper: Page): Promise<{ tabId: number; selected: string; page: Page }> {
  const page = await ext.context.newPage();
  // A 10 MB page loads slowly on a loaded machine: wait on the load, generously.
  await page.goto(`${site.origin}${pathname}`, { timeout: 120_000 });
  const selected = await page.evaluate(() => {
    const range = document.createRange();
    range.selectNodeContents(document.getElementById('text')!);
    const selection = getSelection()!;
    selection.removeAllRanges();
    selection.addRange(range);
    return selection.toString();
  });
  const url = page.url();
  const tabId = await helper.evaluate(async (u) => (await chrome.tabs.query({ url: u }))[0]!.id!, url);
  return { tabId, selected, page };
}

async function readCount(panel: Page, tokenizer: string, timeout = 150_000): Promise<number> {
  const locator = panel.locator(`[data-tokenizer="${tokenizer}"] [data-testid="token-count"]`);
  await locator.waitFor({ timeout });
  return Number((await locator.textContent())!.replace(/[^\d]/g, ''));
}

describe('Count tokens', () => {
  it('counts a 10 MB selection off the main thread, equal to the Node count', async () => {
    const helper = await ext.openPage('popup.html');
    await helper.evaluate(() => chrome.storage.local.set({ settings: { version: 1, tokens: { chatTemplate: false, referenceTokenizers: ['gpt-4o', 'llama-3'] } } }));
    const { tabId, selected } = await selectOnPage('/big.html', helper);
    expect(selected.length).toBeGreaterThanOrEqual(10 * 1024 * 1024);

    // What the context menu does, minus opening the panel (which needs a real gesture).
    await requestFromPage(helper, 'tokens.countTab', { tabId, source: 'selection' });
    const panel = await ext.openPage('sidepanel.html#tokens');
    await expect(panel.getByTestId('tok-large-note').textContent({ timeout: 30_000 })).resolves.toContain(selected.length.toLocaleString('en-US'));

    // The view stays responsive while the worker counts: timers keep firing on time.
    const maxStallMs = await panel.evaluate(
      () =>
        new Promise<number>((resolve) => {
          let last = performance.now();
          let worst = 0;
          const tick = setInterval(() => {
            const now = performance.now();
            worst = Math.max(worst, now - last);
            last = now;
          }, 20);
          setTimeout(() => {
            clearInterval(tick);
            resolve(worst);
          }, 1500);
        }),
    );
    expect(maxStallMs).toBeLessThan(500);

    const [gpt4o, llama] = await Promise.all([loadTokenizer('gpt-4o', nodeTokenizerFiles), loadTokenizer('llama-3', nodeTokenizerFiles)]);
    expect(await readCount(panel, 'gpt-4o')).toBe(gpt4o.count(selected));
    expect(await readCount(panel, 'llama-3')).toBe(llama.count(selected));
    await panel.close(); // one side panel per window (see below)
  }, 240_000);

  it('shows token boundaries, fit bars and the model own tokenizer from WebLLM cache', async () => {
    const helper = await ext.openPage('popup.html');
    // The model is "downloaded": its tokenizer.json is where WebLLM caches it.
    const tokenizerJson = readFileSync(nodeTokenizerPath('smollm2'), 'utf8');
    await helper.evaluate(
      async ([cacheName, url, body, modelId]) => {
        const cache = await caches.open(cacheName);
        await cache.put(url, new Response(body, { headers: { 'content-type': 'application/json' } }));
        await chrome.storage.local.set({
          settings: { version: 1, engine: { webllmModelId: modelId }, tokens: { chatTemplate: false, referenceTokenizers: ['llama-3'] } },
        });
      },
      [WEBLLM_MODEL_CACHE, modelTokenizerUrl(SMOL_MODEL), tokenizerJson, SMOL_MODEL] as const,
    );
    const { tabId, selected, page } = await selectOnPage('/small.html', helper);
    await requestFromPage(helper, 'tokens.countTab', { tabId, source: 'selection' });
    const panel = await ext.openPage('sidepanel.html#tokens');

    const smol = await loadTokenizer('smollm2', nodeTokenizerFiles);
    const llama = await loadTokenizer('llama-3', nodeTokenizerFiles);
    expect(await panel.locator('textarea.tok-text').inputValue()).toBe(selected);
    expect(await readCount(panel, `model:${SMOL_MODEL}`, 30_000)).toBe(smol.count(selected));
    expect(await readCount(panel, 'llama-3', 30_000)).toBe(llama.count(selected));

    // Visualization: one span per token, the ids on hover.
    const card = panel.locator('[data-tokenizer="llama-3"]');
    await card.getByRole('button', { name: 'Show tokens' }).click();
    const tokens = card.locator('.tok');
    await expect(tokens.count()).resolves.toBe(llama.count(selected));
    const ids = llama.encode(selected);
    await expect(tokens.first().getAttribute('title')).resolves.toBe(`id ${ids[0]}`);
    await expect(card.locator('.tok-vis').textContent()).resolves.toContain('Gleaner·counts·tokens');

    // Fit bars: the model in use with its own count, then distinct reference windows, none repeated.
    const fits = panel.locator('.tok-fit');
    const windows = await panel.locator('.tok-fit .tok-fit-label > span:first-child').allTextContents();
    expect(windows).toHaveLength(await fits.count());
    const sizes = windows.map((label) => label.match(/'s ([\d,]+):/)?.[1]);
    expect(new Set(sizes).size).toBe(sizes.length);
    const smolCount = smol.count(selected);
    const inUse = await panel.locator('.tok-fit-in-use').textContent();
    expect(inUse).toContain(`fits in SmolLM2 360M (your model)'s 4,096: ${Math.round((smolCount / 4096) * 100)}%`);
    expect(inUse).toContain(`${(4096 - smolCount).toLocaleString('en-US')} tokens left for an answer`);
    expect(inUse).not.toContain('≈');
    await expect(panel.locator('.tok-fit[data-window="gpt-4o"]').textContent()).resolves.toContain("fits in GPT-4o's 128,000");

    // "Whole page" reads the same tab's visible text and counts it.
    const pageText = await page.evaluate(() => document.body.innerText);
    await panel.getByRole('button', { name: 'Whole page' }).click();
    await expect.poll(() => panel.locator('textarea.tok-text').inputValue()).toBe(pageText);
    await expect.poll(() => readCount(panel, 'llama-3', 30_000)).toBe(llama.count(pageText));

    // As a chat message: the count includes Llama 3's chat template tokens.
    await panel.getByLabel(/As a chat message/).check();
    const templated = encodeWithTemplate(llama, chatTemplateFor(llama)!, pageText).length;
    await expect.poll(() => readCount(panel, 'llama-3', 30_000)).toBe(templated);
    // A window has one side panel: this one must not stay open beside the next test's panel
    // (a request for a count is handed to one Tokens view, the first that asks for it).
    await panel.close();
  });

  it('keeps the tokenizers loaded when the Tokens view is opened again', async () => {
    // A browser of its own: no count request left over from the tests above.
    const own = await launchExtension();
    onTestFinished(() => own.close());
    const helper = await own.openPage('popup.html');
    await helper.evaluate(() => chrome.storage.local.set({ settings: { version: 1, tokens: { chatTemplate: false, referenceTokenizers: ['gpt-4', 'llama-3'] } } }));
    const panel = await own.openPage('sidepanel.html#tokens');
    const gpt4 = await loadTokenizer('gpt-4', nodeTokenizerFiles);
    const llama = await loadTokenizer('llama-3', nodeTokenizerFiles);
    await panel.getByLabel('Text to count').fill(small);
    // Before Llama 3's tokenizer is built (seconds in a new panel), its card shows the estimate, said to be one.
    const estimate = panel.locator('[data-tokenizer="llama-3"] [data-testid="token-estimate"]');
    await expect(estimate.textContent({ timeout: 30_000 })).resolves.toBe(estimateLabel(firstEstimate(small)!));
    expect(await readCount(panel, 'llama-3', 60_000)).toBe(llama.count(small));
    expect(await readCount(panel, 'gpt-4', 60_000)).toBe(gpt4.count(small));
    // Each exact count replaced it: no estimate is left once both have counted.
    await expect(panel.locator('[data-testid="token-estimate"]').count()).resolves.toBe(0);
    await expect(panel.locator('[data-tokenizer="llama-3"]').getAttribute('data-fresh-load')).resolves.toBe('true');

    // Another view, then Tokens again: the counts come from tokenizers already loaded.
    await panel.getByRole('tab', { name: 'Library' }).click();
    await panel.getByRole('tab', { name: 'Tokens' }).click();
    await panel.getByLabel('Text to count').fill(`${small} Again.`);
    await expect.poll(() => readCount(panel, 'llama-3', 60_000), { timeout: 60_000 }).toBe(llama.count(`${small} Again.`));
    await expect.poll(() => readCount(panel, 'gpt-4', 60_000), { timeout: 60_000 }).toBe(gpt4.count(`${small} Again.`));
    for (const spec of ['llama-3', 'gpt-4']) await expect(panel.locator(`[data-tokenizer="${spec}"]`).getAttribute('data-fresh-load')).resolves.toBe('false');
  });

  it('switches an open panel to the Tokens view when Count tokens is asked for', async () => {
    const helper = await ext.openPage('popup.html');
    const panel = await ext.openPage('sidepanel.html#settings');
    await panel.getByRole('heading', { name: 'Settings' }).waitFor();
    const { tabId, selected } = await selectOnPage('/small.html', helper);
    await requestFromPage(helper, 'tokens.countTab', { tabId, source: 'selection' });
    await expect.poll(() => panel.evaluate(() => location.hash)).toBe('#tokens');
    const llama = await loadTokenizer('llama-3', nodeTokenizerFiles);
    expect(await readCount(panel, 'llama-3', 30_000)).toBe(llama.count(selected));
  });
});
