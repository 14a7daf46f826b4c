import { afterEach, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchExtension, type Extension } from './harness';
import { startOpenAISseServer, type OpenAISseServer } from '../support/openai-sse-server';

/**
 * A person's first run with their own server, in the built extension in Chromium.
 * The server is a stand-in for Ollama on 127.0.0.1 (tests/support/openai-sse-server.ts,
 * not a model: its reply text is the test engine's rule) that behaves as a default
 * Ollama does: it lists its models, and answers 403 to any request that carries a
 * browser extension's Origin header (Ollama without OLLAMA_ORIGINS).
 */
let ext: Extension | null = null;
const servers: OpenAISseServer[] = [];
afterEach(async () => {
  await ext?.close();
  ext = null;
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function ollamaStandIn(): Promise<OpenAISseServer> {
  const server = await startOpenAISseServer({ tokenDelayMs: 2, refuseExtensionOrigin: true, listContext: false });
  servers.push(server);
  return server;
}

/** host:port, as Ollama and LM Studio print their address (no scheme). */
const hostPort = (server: OpenAISseServer) => new URL(server.baseUrl).host;

async function settingsEngine(extension: Extension): Promise<Record<string, unknown>> {
  const stored = await extension.worker.evaluate(() => chrome.storage.local.get('settings'));
  return (stored.settings as { engine: Record<string, unknown> }).engine;
}

async function serverStatus(page: Page): Promise<string> {
  return (await page.locator('.server-backend [role=status][data-ok]').textContent()) ?? '';
}

describe('setting up your own server (issue 16, item 4)', () => {
  it('tests what chat will do, removes Ollama’s origin obstacle, saves the address in the field, confirms, and keeps the context window', async () => {
    const tested = await ollamaStandIn();
    const used = await ollamaStandIn();
    ext = await launchExtension();
    const page = await ext.openPage('sidepanel.html#models');
    await page.getByLabel('My own server (OpenAI-compatible)').check();

    // An address without a scheme is accepted (it was refused by the URL field's own check).
    await page.getByLabel('Server address').fill(hostPort(tested));
    // A model the server refuses chat for: listing its models is not "Connected"; the reason is said.
    await page.getByLabel('Server model', { exact: true }).fill('forbidden');
    await page.getByRole('button', { name: 'Test connection' }).click();
    await expect.poll(() => serverStatus(page), { timeout: 30_000 }).toContain('refused a chat');
    expect(await serverStatus(page)).toMatch(/lists 7 models, but refused a chat with “forbidden”.*403/);
    expect(await serverStatus(page)).not.toContain('Connected');

    // The default model: the stand-in would refuse the extension's Origin (403); the test chat passes
    // only because Gleaner's declarativeNetRequest rule removed that header.
    await page.getByLabel('Server model', { exact: true }).selectOption('gleaner-test-engine');
    await page.getByRole('button', { name: 'Test connection' }).click();
    await expect.poll(() => serverStatus(page), { timeout: 30_000 }).toContain('Connected: 7 models available; “gleaner-test-engine” answered a test chat.');
    const testChat = tested.requests.filter((r) => r.url === '/v1/chat/completions').at(-1)!;
    expect(testChat.origin).toBeUndefined();

    // The server lists no context length (like Ollama): the field says 4,096 is assumed; the person sets 16,384.
    expect(await page.locator('.server-backend').textContent()).toContain('Ollama does not report it, so Gleaner assumes 4,096');
    await page.getByLabel('Context window (tokens)').fill('16384');

    // The field now holds another address than the one tested: that one is saved, with a confirmation.
    await page.getByLabel('Server address').fill(hostPort(used));
    await page.getByRole('button', { name: 'Use this server' }).click();
    const saved = page.getByTestId('server-saved');
    await expect.poll(() => saved.textContent()).toContain(`Saved: Gleaner now answers with “gleaner-test-engine” on ${used.baseUrl}.`);
    expect(await saved.textContent()).toContain('not tested with these settings');
    expect(await settingsEngine(ext)).toMatchObject({ backend: 'openai', serverUrl: used.baseUrl, serverModel: 'gleaner-test-engine', serverContextWindow: 16384 });

    // Chat goes to the saved server, without the Origin header, with the context window set.
    await page.getByLabel('Prompt').fill('Which server answers now?');
    await page.getByRole('button', { name: 'Send' }).click();
    await expect.poll(() => page.locator('output.reply').getAttribute('data-finish'), { timeout: 30_000 }).toBe('stop');
    expect(await page.locator('output.reply').textContent()).toBe('Test engine reply to: Which server answers now?');
    expect(used.requests.filter((r) => r.url === '/v1/chat/completions').length).toBeGreaterThanOrEqual(2);
    expect(used.requests.every((r) => r.origin === undefined)).toBe(true);
    await expect.poll(() => page.locator('.engine-status').textContent()).toContain('16,384 tokens of context');
  });
});
