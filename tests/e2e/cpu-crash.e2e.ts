import { afterEach, describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import WebSocket from 'ws';
import { launchExtension, openModels, type Extension } from './harness';
import { withGgufServer } from '../support/gguf-fixture';
import { TINY_CHAT, TOO_BIG_FOR_WASM, writeChatModel } from '../../scripts/synthetic-gguf';

/**
 * llama.cpp crashing inside its WebAssembly instance, in the built extension with the REAL
 * runtime (wllama in the offscreen document) on synthetic GGUF files: the person is told
 * what happened in words, with the next step, and the engine recovers.
 */
const models = withGgufServer({
  'tiny-chat.gguf': (file) => writeChatModel(file, TINY_CHAT),
  'too-big.gguf': (file) => writeChatModel(file, TOO_BIG_FOR_WASM),
});
let ext: Extension | null = null;

afterEach(async () => {
  await ext?.close();
  ext = null;
});

/**
 * Aborts llama.cpp inside the running wasm instance: wllama's own crash-test action
 * ("test_stack_trace_abort", built into its wasm) sent to its worker through the DevTools
 * protocol. No input provokes a crash in the middle of a reply on this build — llama.cpp
 * guards its limits (a reply that reaches the model's last learned position ends as
 * 'length') — so the crash is triggered; everything around it (wllama's abort signal, its
 * dead instance, the adapter throwing it away, the views) is the real path.
 */
async function abortLlamaCpp(extension: Extension): Promise<void> {
  const [port, browserPath] = (await readFile(path.join(extension.userDataDir, 'DevToolsActivePort'), 'utf8')).split('\n');
  const ws = new WebSocket(`ws://127.0.0.1:${port}${browserPath}`);
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  let nextId = 1;
  const answers = new Map<number, (message: { result?: Record<string, unknown> }) => void>();
  const workers: { sessionId: string; url: string }[] = [];
  ws.on('message', (data: Buffer) => {
    const message = JSON.parse(String(data)) as { id?: number; result?: Record<string, unknown>; method?: string; params?: { sessionId: string; targetInfo: { url: string } } };
    if (message.id) answers.get(message.id)?.(message);
    if (message.method === 'Target.attachedToTarget') workers.push({ sessionId: message.params!.sessionId, url: message.params!.targetInfo.url });
  });
  const send = (method: string, params: Record<string, unknown>, sessionId?: string) =>
    new Promise<{ result?: Record<string, unknown> }>((resolve) => {
      const id = nextId++;
      answers.set(id, resolve);
      ws.send(JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) }));
    });
  try {
    const { result } = await send('Target.getTargets', {});
    const offscreen = (result!.targetInfos as { type: string; url: string; targetId: string }[]).find((t) => t.url.endsWith('/offscreen.html'))!;
    const attached = await send('Target.attachToTarget', { targetId: offscreen.targetId, flatten: true });
    await send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: false, flatten: true }, attached.result!.sessionId as string);
    await expect.poll(() => workers.some((w) => w.url.includes('/wllama/llama-worker.js')), { timeout: 10_000 }).toBe(true);
    const worker = workers.find((w) => w.url.includes('/wllama/llama-worker.js'))!;
    // The worker's own message handler, as wllama's main thread calls it: the wasm runs the action after the current one.
    const expression = `onmessage({ data: { verb: 'wllama.action', args: ['test_stack_trace_abort', new Uint8Array(64)], callbackId: 1e9 } }), 'sent'`;
    const sent = await send('Runtime.evaluate', { expression }, worker.sessionId);
    expect((sent.result!.result as { value: string }).value).toBe('sent');
  } finally {
    ws.close();
  }
}

describe('a crash of llama.cpp in the CPU engine', () => {
  it('while loading a model too big for WebAssembly’s memory: said as out of memory, not as a damaged file', async () => {
    ext = await launchExtension();
    await ext.worker.evaluate(() => chrome.storage.local.set({ settings: { version: 1, engine: { backend: 'cpu' } } }));
    const page = await openModels(ext);
    await page.getByLabel('Link to a GGUF file').fill(models.url('too-big.gguf'));
    await page.getByRole('button', { name: 'Download GGUF' }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor({ timeout: 180_000 });
    expect(await alert.getAttribute('data-error-name')).toBe('CpuEngineCrashedError');
    expect(await alert.textContent()).toContain('The model could not be loaded: llama.cpp ran out of memory');
    expect(await alert.textContent()).toContain('Choose a smaller model or a shorter context');
    expect(await alert.textContent()).not.toContain('damaged');
    expect(await page.locator('.engine-status').getAttribute('data-loaded')).toBe('false');
  });

  it('in the middle of a reply: keeps what was written, marked as cut off, says what happened, and Retry loads the model again', async () => {
    ext = await launchExtension({ args: ['--remote-debugging-port=0'] });
    const cpuModelId = models.url('tiny-chat.gguf');
    await ext.worker.evaluate((id) => chrome.storage.local.set({ settings: { version: 1, engine: { backend: 'cpu', cpuModelId: id } } }), cpuModelId);
    const page = await openModels(ext);
    const reply = page.locator('output.reply');
    await page.getByLabel('Prompt').fill('Say hello in one sentence.');
    await page.getByRole('button', { name: 'Send' }).click();
    // The synthetic model never ends a reply by itself: it is still writing when llama.cpp aborts.
    await expect.poll(async () => ((await reply.textContent()) ?? '').length, { timeout: 120_000 }).toBeGreaterThan(20);
    await abortLlamaCpp(ext);

    // The page's only alert: the Models view's own first request once failed alongside (a Port opened
    // while the host was still loading was dropped, entrypoints/background/host-link.ts), and was read instead.
    const alert = page.getByRole('alert');
    await alert.waitFor({ timeout: 60_000 });
    expect(await alert.getAttribute('data-error-name')).toBe('CpuEngineCrashedError');
    expect(await alert.textContent()).toContain('The CPU engine crashed in the middle of the reply: llama.cpp stopped with an internal error');
    expect(await alert.textContent()).toContain('Press Retry: the model is loaded again.');
    const written = (await reply.textContent()) ?? '';
    expect(written.length).toBeGreaterThan(20);
    expect(await reply.getAttribute('data-finish')).toBe('error');
    expect(await page.getByTestId('reply-failed-midway').textContent()).toBe('Cut off: this reply is incomplete, it stopped midway because of an error.');
    // The crashed instance is gone: the model shows as not loaded until the next request loads it.
    await expect.poll(() => page.locator('.engine-status').getAttribute('data-loaded'), { timeout: 30_000 }).toBe('false');

    await alert.getByRole('button', { name: 'Retry' }).click();
    await expect.poll(async () => ((await reply.textContent()) ?? '').length, { timeout: 120_000 }).toBeGreaterThan(20);
    expect(await page.getByRole('alert').count()).toBe(0);
    await page.getByRole('button', { name: 'Stop' }).click();
    await expect.poll(() => reply.getAttribute('data-finish')).toBe('abort');
    expect(await page.locator('.engine-status').getAttribute('data-loaded')).toBe('true');
    // Downloaded once: loading it again read it from storage.
    expect(models.server.requests.filter((r) => r.path === '/models/tiny-chat.gguf')).toHaveLength(1);
  });
});
