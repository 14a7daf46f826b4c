import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchExtension, requestFromPage, serve, type Extension, type StaticServer } from './harness';
import type { PongReply } from '@/lib/messaging/protocol';

describe('the built extension in Chromium', () => {
  let ext: Extension;
  let site: StaticServer;

  beforeAll(async () => {
    ext = await launchExtension();
    site = await serve({
      '/article.html': '<!doctype html><title>Served page</title><h1>Hello</h1><p>Some text.</p>',
    });
  });
  afterAll(async () => {
    await ext?.close();
    await site?.close();
  });

  it('starts a module service worker', async () => {
    expect(ext.worker.url()).toBe(`chrome-extension://${ext.id}/background.js`);
    const manifest = await ext.worker.evaluate(() => chrome.runtime.getManifest());
    expect(manifest.background).toMatchObject({ type: 'module' });
    expect(manifest.content_security_policy).toMatchObject({
      extension_pages: expect.stringContaining("'wasm-unsafe-eval'"),
    });
  });

  it('renders the popup and answers its ping', async () => {
    const popup = await ext.openPage('popup.html');
    await expect(popup.getByRole('heading', { name: 'Gleaner', exact: true }).isVisible()).resolves.toBe(true);
    // The background answered its ping (else "Background not reachable"); on a fresh profile no engine is chosen, so not "Ready".
    await popup.getByTestId('status').filter({ hasText: 'Set-up needed' }).waitFor();
    await expect(popup.getByRole('button', { name: 'Open side panel' }).isEnabled()).resolves.toBe(true);
    await popup.close();
  });

  it('renders the side panel shell with keyboard navigation between views', async () => {
    const panel = await ext.openPage('sidepanel.html');
    const tabs = panel.getByRole('tab');
    await expect(tabs.allTextContents()).resolves.toEqual(['Chat', 'Library', 'Tokens', 'Models', 'Settings']);
    await panel.getByRole('tab', { name: 'Chat' }).focus();
    await panel.keyboard.press('ArrowRight');
    await expect(panel.getByRole('tab', { name: 'Library' }).getAttribute('aria-selected')).resolves.toBe('true');
    await expect(panel.evaluate(() => location.hash)).resolves.toBe('#library');
    await panel.close();
  });

  it('opens the real side panel from the popup button (a user gesture)', async () => {
    const popup = await ext.openPage('popup.html');
    await popup.getByRole('button', { name: 'Open side panel' }).click();
    // The side panel is a context of its own; the worker can see it through getContexts.
    await expect.poll(() => ext.worker.evaluate(async () => (await chrome.runtime.getContexts({ contextTypes: ['SIDE_PANEL'] })).length)).toBeGreaterThan(0);
  });

  it('round-trips a request popup → background → offscreen host → back', async () => {
    const popup = await ext.openPage('popup.html');
    const reply = await requestFromPage<PongReply>(popup, 'core.hostPing', { from: 'popup' });
    expect(reply).toMatchObject({ pong: true, context: 'host' });
    const offscreen = await ext.worker.evaluate(async () => (await chrome.runtime.getContexts({ contextTypes: ['OFFSCREEN_DOCUMENT'] })).map((c) => c.documentUrl));
    expect(offscreen).toEqual([`chrome-extension://${ext.id}/offscreen.html`]);
    await popup.close();
  });

  it('rebuilds errors across the boundary: unknown messages are refused by name', async () => {
    const popup = await ext.openPage('popup.html');
    await expect(requestFromPage(popup, 'no.such.message', {})).rejects.toThrow('ValidationError: Unknown message "no.such.message".');
    await popup.close();
  });

  it('lets a content script on a served page reach the background, and only with allowed messages', async () => {
    const page = await ext.context.newPage();
    await page.goto(`${site.origin}/article.html`);
    // The content script runs in an isolated world; evaluate there through scripting.executeScript.
    const results = await ext.worker.evaluate(async (url) => {
      const [tab] = await chrome.tabs.query({ url });
      const [hello, forbidden, malformed] = await Promise.all(
        [
          { type: 'content.hello', data: { url, title: 'Served page' } },
          { type: 'core.hostPing', data: { from: 'page' } },
          { type: 'content.hello', data: { url: 42 } },
        ].map(async (msg) => {
          const [injected] = await chrome.scripting.executeScript({
            target: { tabId: tab!.id! },
            args: [msg],
            func: (m) => chrome.runtime.sendMessage({ gleaner: 1, target: 'background', ...m }),
          });
          return injected?.result;
        }),
      );
      return { hello, forbidden, malformed };
    }, `${site.origin}/article.html`);
    expect(results.hello).toMatchObject({ ok: true, value: { capture: true } });
    expect(results.forbidden).toMatchObject({ ok: false, error: { name: 'ValidationError' } });
    expect(results.malformed).toMatchObject({ ok: false, error: { name: 'ValidationError' } });
    await page.close();
  });
});
