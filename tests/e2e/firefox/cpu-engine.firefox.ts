import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { launchFirefox, type FirefoxDriver } from '../driver/firefox';
import { startGgufServer, type GgufServer } from '../../support/gguf-server';
import { TINY_CHAT, writeChatModel } from '../../../scripts/synthetic-gguf';

/**
 * The CPU engine in Firefox: llama.cpp in WebAssembly (wllama) would run in the
 * engine host, which on Firefox is the event page itself — but wllama starts its
 * worker from a blob: URL, which Firefox refuses in add-on pages. What is checked is
 * that the person is told so, in plain words, instead of a "Loading" that never ends
 * (what happened before). The model is the synthetic GGUF of
 * tests/e2e/cpu-engine.e2e.ts, served from 127.0.0.1.
 */
const poll = { timeout: 20_000, interval: 200 };

describe('the CPU engine in Firefox', () => {
  let dir: string;
  let server: GgufServer;
  let d: FirefoxDriver;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'gleaner-ff-gguf-'));
    await writeChatModel(path.join(dir, 'tiny-chat.gguf'), TINY_CHAT);
    server = await startGgufServer({ '/models/tiny-chat.gguf': path.join(dir, 'tiny-chat.gguf') });
    d = await launchFirefox();
  }, 120_000);
  afterAll(async () => {
    await d?.close();
    await server?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('says in plain words that it cannot start in Firefox (blob: workers refused), instead of loading forever', async () => {
    const page = await d.openExtensionPage('sidepanel.html#models');
    await page.waitFor('heading:Models');
    await expect.poll(() => page.attribute('css:.engine-choice', 'data-backend'), poll).toBe('cpu');
    await page.click('button:Use the CPU engine');
    await page.waitFor('heading:CPU engine');
    // Firefox cannot isolate an add-on's pages: one thread at most, and it says so.
    expect(await page.attribute('css:.cpu-mode', 'data-isolated')).toBe('false');
    expect(await page.text('css:.cpu-mode')).toContain('It will run on one thread here');

    await page.fill('label:Link to a GGUF file', `${server.origin}/models/tiny-chat.gguf`);
    await page.click('button:Download GGUF');
    // The download itself works; starting llama.cpp's worker does not: a clear error, not an endless "Loading".
    await page.waitFor('alert:', { timeout: 120_000 });
    expect(await page.attribute('alert:', 'data-error-name')).toBe('CpuEngineUnavailableError');
    expect(await page.text('alert:')).toContain('The CPU engine cannot start in this browser');
    expect(await page.attribute('css:.engine-status', 'data-loaded')).toBe('false');
    expect(server.requests.filter((r) => r.path === '/models/tiny-chat.gguf')).toHaveLength(1);
    await page.close();
  }, 240_000);
});
