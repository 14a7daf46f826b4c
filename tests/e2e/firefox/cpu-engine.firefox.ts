import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchFirefox, type FirefoxDriver } from '../driver/firefox';
import { withGgufServer } from '../../support/gguf-fixture';
import { TINY_CHAT, writeChatModel } from '../../../scripts/synthetic-gguf';

/**
 * The CPU engine in Firefox with a REAL runtime: llama.cpp in WebAssembly (wllama) in
 * the engine host, which on Firefox is the event page itself. Firefox refuses wllama's
 * blob: worker in add-on pages, so the build ships llama.cpp's worker as an extension
 * file (scripts/wllama-worker.ts); before that, loading failed. Firefox cannot isolate
 * an add-on's pages, so llama.cpp runs on one thread there, and says so. The model is
 * the synthetic GGUF of tests/e2e/cpu-engine.e2e.ts, served from 127.0.0.1.
 */
const poll = { timeout: 20_000, interval: 200 };

describe('the CPU engine in Firefox', () => {
  const models = withGgufServer({ 'tiny-chat.gguf': (file) => writeChatModel(file, TINY_CHAT) });
  let d: FirefoxDriver;

  beforeAll(async () => {
    d = await launchFirefox();
  }, 120_000);
  afterAll(async () => {
    await d?.close();
  });

  it('downloads a GGUF, loads it on one thread, streams a reply and stops it midway', async () => {
    const page = await d.openExtensionPage('sidepanel.html#models');
    await page.waitFor('heading:Models');
    await expect.poll(() => page.attribute('css:.engine-choice', 'data-backend'), poll).toBe('cpu');
    await page.click('button:Use the CPU engine');
    await page.waitFor('heading:CPU engine');
    // Firefox cannot isolate an add-on's pages: one thread at most, and it says so.
    expect(await page.attribute('css:.cpu-mode', 'data-isolated')).toBe('false');
    expect(await page.text('css:.cpu-mode')).toContain('It will run on one thread here');

    await page.fill('label:Link to a GGUF file', models.url('tiny-chat.gguf'));
    await page.click('button:Download GGUF');
    await expect.poll(() => page.attribute('css:.engine-status', 'data-loaded'), { timeout: 120_000, interval: 250 }).toBe('true');
    expect(await page.count('alert:')).toBe(0);
    // Firefox ESR 153 has relaxed SIMD too: the relaxed-SIMD build runs (lib/engine/wasm-features.ts).
    expect(await page.text('css:.engine-status')).toMatch(
      /tiny-chat\.gguf on the CPU — loaded.*CPU, 1 thread \(this browser cannot isolate the engine page.*; WebAssembly relaxed SIMD\)/,
    );
    expect(models.server.requests.filter((r) => r.path === '/models/tiny-chat.gguf')).toHaveLength(1);

    // A real reply, streamed from the wasm runtime on one thread (gibberish text: random weights), stopped midway.
    await page.fill('label:Prompt', 'Tell me a long story about a reader.');
    await page.click('button:Send');
    await expect.poll(async () => ((await page.text('css:output.reply')) ?? '').length, { timeout: 60_000, interval: 100 }).toBeGreaterThan(20);
    await page.click('button:Stop');
    await expect.poll(() => page.attribute('css:output.reply', 'data-finish'), poll).toBe('abort');
    expect(await page.text('css:.tryout .stats')).toMatch(/^Stopped\. \d+ tokens/);
    await page.close();
  }, 240_000);
});
