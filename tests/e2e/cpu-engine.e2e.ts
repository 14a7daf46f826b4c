import { afterEach, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { continueInSidePanel, launchExtension, openModels, recordProgress, requestFromPage, serve, type Extension } from './harness';
import { readabilityPagesDir } from '../support/fixtures';
import { withGgufServer } from '../support/gguf-fixture';
import { TINY_CHAT, TINY_EMBED, writeChatModel, writeEmbeddingModel } from '../../scripts/synthetic-gguf';

/**
 * The CPU engine in the built extension with a REAL runtime: llama.cpp in
 * WebAssembly (wllama, bundled) in the offscreen document, running synthetic
 * GGUF models written at test time (llama architecture over the real Llama 3
 * vocabulary, seeded random weights: the text is gibberish, everything else is
 * real) and downloaded from a model host on 127.0.0.1.
 */
const models = withGgufServer(
  {
    'tiny-chat.gguf': (file) => writeChatModel(file, TINY_CHAT),
    'tiny-embed.gguf': (file) => writeEmbeddingModel(file, TINY_EMBED),
    // Damaged files: the model cut short (a download truncated elsewhere), and its first 4 KiB followed by noise.
    'truncated.gguf': async (file, sibling) => writeFile(file, (await readFile(sibling('tiny-chat.gguf'))).subarray(0, 200_000)),
    'noisy.gguf': async (file, sibling) => {
      const noisy = await readFile(sibling('tiny-chat.gguf'));
      for (let i = 4096; i < noisy.length; i += 7) noisy[i] = (i * 2654435761) >>> 24;
      await writeFile(file, noisy);
    },
  },
  { chunkDelayMs: 30 },
);
let ext: Extension | null = null;

afterEach(async () => {
  await ext?.close();
  ext = null;
});

describe('the CPU engine (llama.cpp in WebAssembly) in Chromium', () => {
  it('is chosen by the hardware check without WebGPU, downloads a GGUF with progress, streams a reply and stops', async () => {
    ext = await launchExtension();
    const page = await openModels(ext);
    // No WebGPU adapter here: the hardware check proposes the CPU engine, in one sentence.
    await expect.poll(() => page.locator('.engine-choice').getAttribute('data-backend')).toBe('cpu');
    expect(await page.locator('.engine-choice').textContent()).toMatch(/on the CPU instead/);
    // Chrome's built-in model reports itself unavailable here: offered, but not selectable.
    const builtin = page.locator('label[data-backend="builtin"]');
    await expect.poll(() => builtin.locator('.builtin-availability').getAttribute('data-availability')).toBe('unavailable');
    expect(await builtin.locator('input').isDisabled()).toBe(true);

    await page.getByRole('button', { name: 'Use the CPU engine' }).first().click();
    await page.getByRole('heading', { name: 'CPU engine' }).waitFor();
    // The extension's pages are cross-origin isolated on Chrome: llama.cpp gets several threads.
    expect(await page.locator('.cpu-mode').getAttribute('data-isolated')).toBe('true');

    const seen = await recordProgress(page);
    await page.getByLabel('Link to a GGUF file').fill(models.url('tiny-chat.gguf'));
    await page.getByRole('button', { name: 'Download GGUF' }).click();
    await expect.poll(() => page.locator('.engine-status').getAttribute('data-loaded'), { timeout: 120_000 }).toBe('true');
    const progress = await seen();
    expect(progress.some((text) => /Downloading tiny-chat\.gguf: \d+ MB of 16 MB/.test(text))).toBe(true);
    expect(progress.some((text) => /Loading tiny-chat\.gguf into memory/.test(text))).toBe(true);
    // Chromium has relaxed SIMD: the engine loaded the build with the relaxed-SIMD kernels (lib/engine/wasm-features.ts).
    expect(await page.locator('.engine-status').textContent()).toMatch(/tiny-chat\.gguf on the CPU — loaded.*CPU, \d+ threads? \(WebAssembly relaxed SIMD/);
    expect(models.server.requests.filter((r) => r.path === '/models/tiny-chat.gguf')).toHaveLength(1);

    // A real reply, streamed from the wasm runtime (gibberish text: random weights), stopped midway.
    await page.getByLabel('Prompt').fill('Say hello in one sentence.');
    await page.getByRole('button', { name: 'Send' }).click();
    await expect.poll(async () => (await page.locator('output.reply').textContent())!.length, { timeout: 60_000 }).toBeGreaterThan(20);
    await page.getByRole('button', { name: 'Stop' }).click();
    await expect.poll(() => page.locator('output.reply').getAttribute('data-finish')).toBe('abort');
    const stats = await page.locator('.tryout .stats').textContent();
    expect(stats).toMatch(/^Stopped\. \d+ tokens · first token after \d+ ms/);

    // The file is listed as downloaded, and survives a reload of the view.
    await page.reload();
    await expect.poll(() => page.getByRole('region', { name: 'Downloaded' }).textContent()).toContain(`${models.url('tiny-chat.gguf')} — 16 MB`);
  });

  it('cancels a download, keeps what arrived across a browser restart, resumes with a Range request, and deletes it', async () => {
    const userDataDir = await mkdtemp(path.join(tmpdir(), 'gleaner-e2e-cpu-restart-'));
    const url = models.url('tiny-chat.gguf');
    try {
      ext = await launchExtension({ userDataDir });
      await ext.worker.evaluate(() => chrome.storage.local.set({ settings: { version: 1, engine: { backend: 'cpu' } } }));
      const page = await openModels(ext);
      models.server.chunkDelayMs = 250;
      await page.getByLabel('Link to a GGUF file').fill(url);
      await page.getByRole('button', { name: 'Download GGUF' }).click();
      await expect
        .poll(async () => Number(/: (\d+) MB of/.exec((await page.locator('.load-progress').textContent()) ?? '')?.[1] ?? 0), { timeout: 60_000 })
        .toBeGreaterThanOrEqual(9);
      await page.locator('.load-progress').getByRole('button', { name: 'Cancel' }).click();
      const alert = page.getByRole('alert');
      await alert.waitFor();
      expect(await alert.getAttribute('data-error-name')).toBe('AbortedError');
      expect(await alert.textContent()).toContain('resume');

      await ext.close();
      ext = await launchExtension({ userDataDir });
      const again = await openModels(ext);
      const downloaded = again.getByRole('region', { name: 'Downloaded' });
      await expect.poll(() => downloaded.textContent()).toMatch(new RegExp(`${url.replace(/[.]/g, '\\.')} — \\d+ MB \\(incomplete\\)`));
      models.server.chunkDelayMs = 0;
      const before = models.server.requests.length;
      await again.getByRole('button', { name: `Resume ${url}` }).click();
      await expect.poll(() => again.locator('.engine-status').getAttribute('data-loaded'), { timeout: 120_000 }).toBe('true');
      // The rest only: from the first missing 4 MiB part.
      const resumed = models.server.requests.slice(before).find((r) => r.path === '/models/tiny-chat.gguf');
      expect(resumed?.range).toMatch(/^bytes=\d+-$/);
      const from = Number(/\d+/.exec(resumed!.range!)![0]);
      expect(from).toBeGreaterThanOrEqual(8 * 1024 * 1024);
      expect(from % (4 * 1024 * 1024)).toBe(0);
      await expect.poll(() => downloaded.textContent()).toContain(`${url} — 16 MB`);

      await again.getByRole('button', { name: `Delete ${url}` }).click();
      await expect.poll(() => again.getByRole('region', { name: 'Downloaded' }).count()).toBe(0);
      const left = await again.evaluate(async () => (await (await caches.open('gleaner/gguf')).keys()).length);
      expect(left).toBe(0);
    } finally {
      models.server.chunkDelayMs = 30;
      await ext?.close();
      ext = null;
      await rm(userDataDir, { recursive: true, force: true });
    }
  });
});

describe('a damaged GGUF file', () => {
  // wllama ignored llama.cpp's "could not load": the model showed as loaded and the first reply crashed with "(ABORT)".
  it.each(['truncated', 'noisy'])('fails to load, in words, and is not shown as loaded (%s)', async (name) => {
    ext = await launchExtension();
    await ext.worker.evaluate(() => chrome.storage.local.set({ settings: { version: 1, engine: { backend: 'cpu' } } }));
    const page = await openModels(ext);
    models.server.chunkDelayMs = 0;
    try {
      await page.getByLabel('Link to a GGUF file').fill(models.url(`${name}.gguf`));
      await page.getByRole('button', { name: 'Download GGUF' }).click();
      const alert = page.getByRole('alert');
      await alert.waitFor({ timeout: 120_000 });
      expect(await alert.getAttribute('data-error-name')).toBe('DownloadFailedError');
      expect(await alert.textContent()).toContain('The model file could not be loaded: llama.cpp cannot read it (a damaged file, or not a model llama.cpp knows)');
      expect(await alert.textContent()).toContain('delete it and download it again');
      expect(await page.locator('.engine-status').getAttribute('data-loaded')).toBe('false');
    } finally {
      models.server.chunkDelayMs = 30;
    }
  });
});

describe('answers and semantic search on the CPU engine', () => {
  it('summarizes a long page by map-reduce to the end, answers from the library, and embeds passages for hybrid search', async () => {
    const site = await serve({ '/long.html': `file:${readabilityPagesDir}/wikipedia-2/source.html`, '/short.html': `file:${readabilityPagesDir}/001/source.html` });
    try {
      ext = await launchExtension();
      const chatUrl = models.url('tiny-chat.gguf');
      const embedUrl = models.url('tiny-embed.gguf');
      await ext.worker.evaluate(
        ([cpuModelId, cpuEmbeddingModelId]) =>
          chrome.storage.local.set({
            settings: { version: 1, engine: { backend: 'cpu', cpuModelId, cpuEmbeddingModelId }, capture: { dwellMs: 300 }, library: { semanticSearch: false } },
          }),
        [chatUrl, embedUrl] as const,
      );
      models.server.chunkDelayMs = 0;

      // A page longer than the model's context is summarized by map-reduce, every part for real on the CPU model.
      // The synthetic model never emits an end token: each call runs to its token limit (notes: 384 tokens,
      // the summary: 512), which is what bounds the work — so the whole map-reduce runs, part by part, to the end.
      const article = await ext.context.newPage();
      await article.goto(`${site.origin}/long.html`, { waitUntil: 'domcontentloaded' });
      const popup = await ext.openPage('popup.html');
      await popup.getByRole('button', { name: 'Summarize', exact: true }).click();
      const status = popup.getByTestId('summary-status');
      // Read in parts: it runs in the side panel (the popup would stop it by closing), and the popup follows it.
      await continueInSidePanel(popup, status.filter({ hasText: /Reading part 1 of \d+/ }), 120_000);
      const parts = Number(/of (\d+)/.exec((await status.textContent()) ?? '')?.[1]);
      expect(parts).toBeGreaterThan(1);
      const seen = new Set<string>();
      await expect
        .poll(
          async () => {
            const text = await status.textContent({ timeout: 1000 }).catch(() => null);
            if (text) seen.add(text);
            return popup.getByTestId('summary-coverage').count();
          },
          { timeout: 420_000, interval: 500 },
        )
        .toBe(1);
      // Every part was read (the status passes through each), then the notes were combined into one summary.
      for (let i = 2; i <= parts; i++) expect([...seen].some((text) => text.includes(`part ${i} of ${parts}`))).toBe(true);
      expect(await popup.getByTestId('summary-coverage').textContent()).toBe(`Used 100% of the page (read in ${parts} parts).`);
      expect(((await popup.getByTestId('summary-text').textContent()) ?? '').length).toBeGreaterThan(100);
      await popup.close();

      // Ask the library: retrieval finds the page read earlier, the CPU model answers to its end (gibberish, but a real answer).
      const extensionPage = await ext.openPage('popup.html');
      await expect
        .poll(async () => (await requestFromPage<{ pages: { url: string }[] }>(extensionPage, 'library.recent', { limit: 20 })).pages.map((p) => p.url), { timeout: 30_000 })
        .toContain(`${site.origin}/long.html`);
      await article.close();
      const panel = await ext.openPage('sidepanel.html#chat');
      await panel.getByLabel('Your question').fill('What does the article say about the history of the subject?');
      await panel.getByRole('button', { name: 'Ask' }).click();
      const answer = panel.getByTestId('answer').first();
      await expect.poll(async () => ((await answer.textContent()) ?? '').length, { timeout: 120_000 }).toBeGreaterThan(20);
      await panel.getByRole('button', { name: 'Ask' }).waitFor({ timeout: 240_000 });
      expect(((await answer.textContent()) ?? '').length).toBeGreaterThan(100);

      // Semantic search with the CPU embedding model (BERT architecture, also synthetic): passages get embedded, questions use hybrid search.
      const settingsPanel = await ext.openPage('sidepanel.html#settings');
      await settingsPanel.getByRole('checkbox', { name: /Semantic search/ }).check();
      await expect
        .poll(() => requestFromPage<{ hybrid: boolean; model: string }>(extensionPage, 'answers.searchMode', {}), { timeout: 180_000 })
        .toEqual({ hybrid: true, model: embedUrl });
      await settingsPanel
        .getByTestId('embedding-status')
        .filter({ hasText: /Embedded \d+ new passages|Every passage is embedded/ })
        .waitFor({ timeout: 180_000 });
      expect(models.server.requests.some((r) => r.path === '/models/tiny-embed.gguf')).toBe(true);
    } finally {
      models.server.chunkDelayMs = 30;
      await site.close();
    }
  }, 900_000);
});
