import { afterEach, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { Browser } from 'wxt/browser';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { launchExtension, openModels, recordProgress, type Extension } from './harness';
import { startOpenAISseServer } from '../support/openai-sse-server';
import { prebuiltAppConfig } from '@mlc-ai/web-llm';
import { modelBaseUrl } from '@/lib/engine/webllm-cache';

/**
 * The engine in the built extension: hardware check with and without a
 * (software) WebGPU adapter, the real WebLLM path up to its download (no
 * network here), and the named test engine through the real Port to the
 * offscreen document — streaming, stop, host teardown, two clients.
 */
let ext: Extension | null = null;
afterEach(async () => {
  await ext?.close();
  ext = null;
});

async function useTestEngine(extension: Extension): Promise<void> {
  await extension.worker.evaluate(() => chrome.storage.local.set({ settings: { version: 1, engine: { backend: 'test' } } }));
}

async function send(page: Page, prompt: string): Promise<void> {
  await page.getByLabel('Prompt').fill(prompt);
  await page.getByRole('button', { name: 'Send' }).click();
}

const LONG_PROMPT = Array.from({ length: 40 }, (_, i) => `word${i}`).join(' ');
const LONG_REPLY = `Test engine reply to: ${LONG_PROMPT.split(' ').slice(0, 20).join(' ')}`;

describe('the engine in Chromium', () => {
  it('reports "no WebGPU" when the browser offers no adapter, and points to a server', async () => {
    ext = await launchExtension();
    const page = await openModels(ext);
    const card = page.locator('section.hardware');
    await expect.poll(() => card.getAttribute('data-webgpu')).toBe('no-adapter');
    await expect.poll(() => card.textContent()).toContain('No WebGPU');
    await page.getByRole('button', { name: 'Use my own server instead' }).click();
    await page.getByRole('heading', { name: 'Your own server' }).waitFor();
  });

  it('reports the software fallback adapter without shader-f16 and offers q4f32 builds', async () => {
    ext = await launchExtension({ webgpu: true });
    const page = await openModels(ext);
    const card = page.locator('section.hardware');
    await expect.poll(() => card.getAttribute('data-webgpu')).toBe('fallback');
    expect(await card.getAttribute('data-shader-f16')).toBe('false');
    expect(await card.textContent()).toContain('Software fallback adapter');
    expect(await card.textContent()).toContain('software adapter');
    const ids = await page.locator('.model-card').evaluateAll((cards) => cards.map((c) => c.getAttribute('data-model-id')));
    expect(ids.length).toBeGreaterThan(5);
    for (const id of ids) expect(id).toContain('q4f32');
  });

  it('shows progress for a real WebLLM model, then a clear download error with Retry (no network here)', async () => {
    ext = await launchExtension({ webgpu: true });
    const page = await openModels(ext);
    await page.locator('section.hardware').waitFor();
    const progress = await recordProgress(page);
    // Without a usable GPU the catalog is folded away below the engine that works here: no "Download anyway" in sight.
    await page.locator('.model-card').first().waitFor({ state: 'attached' });
    expect(
      await page
        .getByRole('button', { name: /^Download anyway/ })
        .filter({ visible: true })
        .count(),
    ).toBe(0);
    await page.getByText('GPU models anyway').click();
    await page.getByRole('button', { name: 'Download anyway Qwen2.5 0.5B' }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor({ timeout: 60_000 });
    const seen = await progress();
    expect(seen.some((text) => text.includes('Qwen2.5-0.5B-Instruct-q4f32_1-MLC'))).toBe(true);
    expect(await alert.getAttribute('data-error-name')).toBe('DownloadFailedError');
    expect(await alert.textContent()).toMatch(/could not be downloaded/);
    expect(await alert.textContent()).toMatch(/internet connection/);
    // Retry runs the real download again, which fails again the same clear way.
    await page.getByRole('button', { name: 'Retry' }).click();
    await expect.poll(async () => (await progress()).length).toBeGreaterThan(seen.length);
    await alert.waitFor();
    expect(await alert.getAttribute('data-error-name')).toBe('DownloadFailedError');
    // A failed download does not make the model the chosen one (Chat would show it as the model).
    const settings = await ext.worker.evaluate(() => chrome.storage.local.get('settings'));
    expect((settings.settings as { engine?: { webllmModelId: string } } | undefined)?.engine?.webllmModelId ?? '').toBe('');
    expect(await page.locator('.model-card.active').count()).toBe(0);
  });

  it('streams the test engine through the offscreen host, and Stop stops it', async () => {
    ext = await launchExtension();
    await useTestEngine(ext);
    const page = await openModels(ext);
    await expect.poll(() => page.locator('.engine-status').textContent()).toContain('Gleaner test engine (not a model)');
    await send(page, 'Hello there, engine.');
    await expect.poll(() => page.locator('output.reply').getAttribute('data-finish')).toBe('stop');
    expect(await page.locator('output.reply').textContent()).toBe('Test engine reply to: Hello there, engine.');
    await send(page, LONG_PROMPT);
    await expect.poll(() => page.locator('output.reply').textContent()).toContain('word1');
    await page.getByRole('button', { name: 'Stop' }).click();
    await expect.poll(() => page.locator('output.reply').getAttribute('data-finish')).toBe('abort');
    expect((await page.locator('output.reply').textContent())!.length).toBeLessThan(LONG_REPLY.length);
  });

  it('gives a retryable error when the offscreen host closes mid-stream, and Retry recovers', async () => {
    ext = await launchExtension();
    await useTestEngine(ext);
    const page = await openModels(ext);
    await send(page, LONG_PROMPT);
    await expect.poll(() => page.locator('output.reply').textContent()).toContain('word0');
    await ext.worker.evaluate(() => chrome.offscreen.closeDocument());
    // The try-out's own error: the view's first status read may also fail (and say so) if the host closes before it answers.
    const tryOut = page.getByRole('region', { name: 'Try the engine' });
    const alert = tryOut.getByRole('alert');
    await alert.waitFor();
    expect(await alert.getAttribute('data-error-name')).toBe('ConnectionError');
    await tryOut.getByRole('button', { name: 'Retry' }).click();
    await expect.poll(() => page.locator('output.reply').getAttribute('data-finish')).toBe('stop');
    expect(await page.locator('output.reply').textContent()).toBe(LONG_REPLY);
    const hosts = await ext.worker.evaluate(() => chrome.runtime.getContexts({ contextTypes: ['OFFSCREEN_DOCUMENT' as never] }));
    expect(hosts).toHaveLength(1);
  });

  // Chrome lists the offscreen document in getContexts while it is still loading, before its
  // onConnect listener exists, so a Port handed out then was dropped at once ("The engine host
  // stopped before it answered" at first start). Two ways to meet a document still loading:
  // - another view is creating it through this worker (the worker must wait for that creation);
  // - a worker that has since stopped created it (a page's creation stands in for it): the new
  //   worker did not create it and must wait until it answers.
  it.each(['another view', 'a worker that has since stopped'] as const)('gives a Port that answers when the host is being created by %s', async (creator) => {
    ext = await launchExtension();
    const page = await ext.openPage('popup.html');
    const fate = await page.evaluate(async (byWorker) => {
      const wake = () => chrome.runtime.sendMessage({ gleaner: 1, target: 'background', type: 'engine.wake', data: {} });
      const created = byWorker ? chrome.offscreen.createDocument({ url: '/offscreen.html', reasons: ['WORKERS' as Browser.offscreen.Reason], justification: 'test' }) : wake();
      const url = chrome.runtime.getURL('/offscreen.html');
      const listed = () => chrome.runtime.getContexts({ contextTypes: ['OFFSCREEN_DOCUMENT' as Browser.runtime.ContextType], documentUrls: [url] });
      while ((await listed()).length === 0);
      await wake();
      const port = chrome.runtime.connect({ name: 'engine' });
      const answer = await new Promise<string>((resolve) => {
        port.onDisconnect.addListener(() => resolve(`dropped: ${chrome.runtime.lastError?.message}`));
        port.onMessage.addListener((m: { kind: string }) => resolve(m.kind));
        port.postMessage({ id: 'p', kind: 'request', method: 'cachedModels', params: {} });
      });
      await created;
      return answer;
    }, creator !== 'another view');
    expect(fate).toBe('done');
  });

  it('serves two views chatting at once', async () => {
    ext = await launchExtension();
    await useTestEngine(ext);
    const [a, b] = [await openModels(ext), await openModels(ext)];
    await Promise.all([send(a, LONG_PROMPT), send(b, '<<echo>><b>not bold</b> & safe<</echo>>')]);
    await expect.poll(() => a.locator('output.reply').getAttribute('data-finish')).toBe('stop');
    await expect.poll(() => b.locator('output.reply').getAttribute('data-finish')).toBe('stop');
    expect(await a.locator('output.reply').textContent()).toBe(LONG_REPLY);
    // Model output is text, never markup.
    expect(await b.locator('output.reply').textContent()).toBe('<b>not bold</b> & safe');
    expect(await b.locator('output.reply b').count()).toBe(0);
  });
});

describe('the engine from the background and on your own server', () => {
  it('lets the service worker reach the offscreen host over the engine Port (background embeddings)', async () => {
    ext = await launchExtension();
    await useTestEngine(ext);
    // The transport backgroundEngine() uses on Chrome: wake the host, then runtime.connect from the worker.
    const vectors = (await ext.worker.evaluate(`(async () => {
      await chrome.offscreen.createDocument({ url: '/offscreen.html', reasons: ['WORKERS'], justification: 'test' }).catch(() => {});
      const port = chrome.runtime.connect({ name: 'engine' });
      return await new Promise((resolve, reject) => {
        port.onMessage.addListener((frame) => {
          if (frame.id !== 'e1') return;
          if (frame.kind === 'done') resolve(frame.data);
          if (frame.kind === 'error') reject(new Error(frame.error.message));
        });
        port.postMessage({ id: 'e1', kind: 'request', method: 'embed', params: { texts: ['local models in the browser', 'models that run locally in a browser', 'lemon cake recipe'] } });
      });
    })()`)) as number[][];
    expect(vectors).toHaveLength(3);
    const dot = (x: number[], y: number[]) => x.reduce((s, v, i) => s + v * y[i]!, 0);
    expect(dot(vectors[0]!, vectors[1]!)).toBeGreaterThan(dot(vectors[0]!, vectors[2]!));
  });

  it('connects to an OpenAI-compatible server on 127.0.0.1 and streams its reply through the host', async () => {
    const server = await startOpenAISseServer({ tokenDelayMs: 5 });
    try {
      ext = await launchExtension();
      const page = await openModels(ext);
      await page.getByLabel('My own server (OpenAI-compatible)').check();
      await page.getByLabel('Server address').fill(server.baseUrl);
      await page.getByRole('button', { name: 'Test connection' }).click();
      await expect
        .poll(() => page.locator('.server-backend [role=status]').first().textContent())
        .toContain('Connected: 7 models available; “gleaner-test-engine” answered a test chat.');
      await page.getByLabel('Server model', { exact: true }).selectOption('gleaner-test-engine');
      await page.getByRole('button', { name: 'Use this server' }).click();
      await send(page, 'Which server answers this question today?');
      await expect.poll(() => page.locator('output.reply').getAttribute('data-finish')).toBe('stop');
      expect(await page.locator('output.reply').textContent()).toBe('Test engine reply to: Which server answers this question today?');
      // Requests went only to the address entered: the test (list, one-token chat), the load (the same), the chat.
      expect(server.requests.map((r) => r.url)).toEqual(['/v1/models', '/v1/chat/completions', '/v1/models', '/v1/chat/completions', '/v1/chat/completions']);
      // A server on this machine gets no extension Origin header (the declarativeNetRequest rule; a default Ollama refuses it).
      expect(server.requests.map((r) => r.origin)).toEqual([undefined, undefined, undefined, undefined, undefined]);

      // A server that breaks off mid-reply gives a clear error, not a half answer presented as whole.
      await ext.worker.evaluate(
        `chrome.storage.local.get('settings').then(({ settings }) => chrome.storage.local.set({ settings: { ...settings, engine: { ...settings.engine, serverModel: 'cut-off' } } }))`,
      );
      await send(page, 'Tell me a long story about servers.');
      const alert = page.getByRole('alert');
      await alert.waitFor();
      expect(await alert.getAttribute('data-error-name')).toBe('ServerResponseError');
      expect(await alert.textContent()).toMatch(/cut off|broke off/);
    } finally {
      await server.close();
    }
  });
});

describe('downloaded models', () => {
  it('lists cached models with their size, deletes one, and repairs a half download', async () => {
    const records = new Map(prebuiltAppConfig.model_list.map((r) => [r.model_id, r]));
    const complete = records.get('SmolLM2-360M-Instruct-q4f32_1-MLC')!;
    const half = records.get('Qwen2.5-0.5B-Instruct-q4f32_1-MLC')!;
    ext = await launchExtension({ webgpu: true });
    const page = await openModels(ext);
    // Seed WebLLM's Cache Storage the way its downloader leaves it: a whole model, and one cut off after its first shard.
    await page.evaluate(
      async ([completeUrl, halfUrl]) => {
        const cache = await caches.open('webllm/model');
        const put = (url: string, bytes: number, body?: string) =>
          cache.put(url, new Response(body ?? new Uint8Array(bytes), { headers: { 'content-length': String(body?.length ?? bytes) } }));
        const manifest = (shards: number) => JSON.stringify({ records: Array.from({ length: shards }, (_, i) => ({ dataPath: `params_shard_${i}.bin` })) });
        await put(`${completeUrl}tensor-cache.json`, 0, manifest(2));
        await put(`${completeUrl}params_shard_0.bin`, 3_000_000);
        await put(`${completeUrl}params_shard_1.bin`, 2_000_000);
        await put(`${halfUrl}tensor-cache.json`, 0, manifest(3));
        await put(`${halfUrl}params_shard_0.bin`, 4_000_000);
      },
      [modelBaseUrl(complete.model), modelBaseUrl(half.model)] as const,
    );
    await page.reload();
    const downloaded = page.getByRole('region', { name: 'Downloaded' });
    await expect.poll(() => downloaded.textContent()).toContain('SmolLM2-360M-Instruct-q4f32_1-MLC — 5 MB');
    expect(await downloaded.textContent()).toContain('Qwen2.5-0.5B-Instruct-q4f32_1-MLC — 4 MB (incomplete)');
    const halfCard = page.locator(`[data-model-id="${half.model_id}"]`);
    expect(await halfCard.textContent()).toContain('Half downloaded');

    await page.getByRole('button', { name: `Delete ${complete.model_id}` }).click();
    await expect.poll(() => downloaded.textContent()).not.toContain(complete.model_id);

    // Repair = delete what is there, then download again (which fails here: no network).
    await halfCard.getByRole('button', { name: 'Repair (start over)' }).click();
    await page.getByRole('alert').waitFor();
    expect(await page.getByRole('alert').getAttribute('data-error-name')).toBe('DownloadFailedError');
    const left = await page.evaluate(async () => (await (await caches.open('webllm/model')).keys()).map((r) => r.url));
    expect(left).toEqual([]);
    await expect.poll(() => page.getByRole('region', { name: 'Downloaded' }).count()).toBe(0);
  });
});

describe('a download cut off by a browser restart', () => {
  it('is still there after the restart and offered for resuming', async () => {
    const half = prebuiltAppConfig.model_list.find((r) => r.model_id === 'Llama-3.2-1B-Instruct-q4f32_1-MLC')!;
    const userDataDir = await mkdtemp(path.join(tmpdir(), 'gleaner-e2e-restart-'));
    try {
      ext = await launchExtension({ webgpu: true, userDataDir });
      const page = await openModels(ext);
      await page.evaluate(async (url) => {
        const cache = await caches.open('webllm/model');
        await cache.put(`${url}tensor-cache.json`, new Response(JSON.stringify({ records: [{ dataPath: 'params_shard_0.bin' }, { dataPath: 'params_shard_1.bin' }] })));
        await cache.put(`${url}params_shard_0.bin`, new Response(new Uint8Array(2_000_000)));
      }, modelBaseUrl(half.model));
      await ext.close();
      ext = await launchExtension({ webgpu: true, userDataDir });
      const again = await openModels(ext);
      const card = again.locator(`[data-model-id="${half.model_id}"]`);
      await expect.poll(() => card.textContent()).toContain('Half downloaded');
      await card.getByRole('button', { name: 'Resume download' }).waitFor();
    } finally {
      await ext?.close();
      ext = null;
      await rm(userDataDir, { recursive: true, force: true });
    }
  });
});
