import { afterEach, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import path from 'node:path';
import { launchExtension, serve, type Extension, type StaticServer } from './harness';
import { startOpenAISseServer, type OpenAISseServer } from '../support/openai-sse-server';
import { readabilityPagesDir } from '../support/fixtures';
import { PROBE_EXTRA_PORTS_KEY } from '@/lib/engine/server-probe';

/**
 * A person's first run with their own server, in the built extension in Chromium.
 * The server is a stand-in for Ollama on 127.0.0.1 (tests/support/openai-sse-server.ts,
 * not a model: its reply text is the test engine's rule) that behaves as a default
 * Ollama does: it lists its models, and answers 403 to any request that carries a
 * browser extension's Origin header (Ollama without OLLAMA_ORIGINS).
 */
let ext: Extension | null = null;
let site: StaticServer | null = null;
const servers: OpenAISseServer[] = [];
afterEach(async () => {
  await ext?.close();
  ext = null;
  await site?.close();
  site = null;
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

describe('the first run (issue 16, item 1)', () => {
  it('walks a fresh profile from install to a first summary, through a server found on this machine with consent', async () => {
    const ollama = await ollamaStandIn();
    const port = Number(new URL(ollama.baseUrl).port);
    site = await serve({ '/article.html': `file:${path.join(readabilityPagesDir, '001', 'source.html')}` });
    ext = await launchExtension();

    // Installing opened the onboarding.
    const welcomeUrl = `chrome-extension://${ext.id}/welcome.html`;
    await expect.poll(() => ext!.context.pages().map((p) => p.url()), { timeout: 30_000 }).toContain(welcomeUrl);
    const welcome = ext.context.pages().find((p) => p.url() === welcomeUrl)!;
    const onboarding = welcome.getByTestId('onboarding');
    await onboarding.waitFor();
    // It checked the machine (no usable WebGPU here) and offers ONE model, the CPU engine's, not nine "Download anyway".
    await expect.poll(() => onboarding.textContent(), { timeout: 30_000 }).toContain('on the CPU');
    expect(await welcome.getByRole('button', { name: /^Download / }).count()).toBe(1);
    expect(await welcome.getByRole('button', { name: /Download anyway/ }).count()).toBe(0);

    // The popup is not "Ready" with a Summarize that can only fail: it leads to the set-up.
    const popup = await ext.openPage('popup.html');
    await popup.getByTestId('setup-card').waitFor();
    expect(await popup.getByTestId('status').textContent()).toBe('Set-up needed');
    expect(await popup.getByRole('button', { name: 'Summarize', exact: true }).count()).toBe(0);
    await popup.close();

    // The page the person is on.
    const article = await ext.context.newPage();
    await article.goto(`${site.origin}/article.html`, { waitUntil: 'domcontentloaded' });
    await welcome.bringToFront();

    // Nothing is probed before the person asks. (The stand-in listens on a random port, told to the
    // probe through storage; the usual ports are probed too and may hold nothing here.)
    expect(ollama.requests).toEqual([]);
    await ext.worker.evaluate(([key, p]) => chrome.storage.local.set({ [key as string]: [p] }), [PROBE_EXTRA_PORTS_KEY, port] as const);
    await welcome.getByRole('button', { name: 'Look for a server on this machine' }).click();
    const found = welcome.getByTestId('probe-result');
    await expect.poll(() => found.textContent(), { timeout: 30_000 }).toContain(`Ollama at http://127.0.0.1:${port} — 7 models`);

    // Use it: the server form, filled in; the test chats as Gleaner will.
    await welcome.getByRole('button', { name: `Use Ollama at ${ollama.baseUrl}` }).click();
    await welcome.getByRole('button', { name: 'Test connection' }).click();
    await expect.poll(() => serverStatus(welcome), { timeout: 30_000 }).toContain('Connected: 7 models available; “gleaner-test-engine” answered a test chat.');
    await welcome.getByRole('button', { name: 'Use this server' }).click();

    // The last step: the first summary of the page they are on, streamed from the server.
    const done = welcome.getByTestId('onboarding-done');
    await done.waitFor();
    await expect.poll(() => done.locator('.page-title').textContent()).toBeTruthy();
    await done.getByRole('button', { name: 'Summarize', exact: true }).click();
    await done.getByRole('button', { name: 'Stop' }).waitFor();
    await done.getByTestId('summary-coverage').waitFor({ timeout: 60_000 });
    // The stand-in's reply quotes the page's first sentence (it is not a model; see the file's comment).
    expect(await done.getByTestId('summary-text').textContent()).toContain('testing your frontend JavaScript code');

    // It worked only because the extension's Origin header was removed: the stand-in refuses it with 403, as Ollama does.
    const chats = ollama.requests.filter((r) => r.url === '/v1/chat/completions');
    expect(chats.length).toBeGreaterThanOrEqual(3);
    expect(chats.every((r) => r.origin === undefined)).toBe(true);
    expect(await settingsEngine(ext)).toMatchObject({ backend: 'openai', serverUrl: ollama.baseUrl, serverModel: 'gleaner-test-engine' });

    // Chat no longer shows the onboarding, and the popup is ready to summarize.
    expect(await done.getByRole('button', { name: 'Open the side panel' }).count()).toBe(1);
    const panel = await ext.openPage('sidepanel.html#chat');
    await panel.getByRole('button', { name: 'Summarize this page' }).waitFor();
    expect(await panel.getByTestId('onboarding').count()).toBe(0);
    const popupAfter = await ext.openPage('popup.html');
    await popupAfter.getByRole('button', { name: 'Summarize', exact: true }).waitFor();
    expect(await popupAfter.getByTestId('status').textContent()).toBe('Ready');
    await article.close();
  });
});
