import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { readabilityPagesDir } from '../support/fixtures';
import { launchExtension, serve, type Extension, type StaticServer } from './harness';

/** A local address where no server listens (a port taken and released at once): every request is refused. */
async function closedPortUrl(): Promise<string> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return `http://127.0.0.1:${port}/v1`;
}

// A server is set up but not running, so every answer fails with ServerUnreachableError in the
// engine host. Its class is defined in lib/engine/errors.ts, which the popup's own code never
// imports: the popup must still show the hint and the next step, as a button.
describe('errors show their next step as an action', () => {
  let ext: Extension;
  let site: StaticServer;

  beforeAll(async () => {
    ext = await launchExtension();
    site = await serve({ '/article.html': `file:${readabilityPagesDir}/001/source.html` });
    const serverUrl = await closedPortUrl();
    await ext.worker.evaluate((url) => chrome.storage.local.set({ settings: { version: 1, engine: { backend: 'openai', serverUrl: url, serverModel: 'llama3.2' } } }), serverUrl);
  });
  afterAll(async () => {
    await ext?.close();
    await site?.close();
  });

  it('in the popup: the hint, Retry, and "Server settings" opens the side panel there', async () => {
    const article = await ext.context.newPage();
    await article.goto(`${site.origin}/article.html`, { waitUntil: 'domcontentloaded' });
    const popup = await ext.openPage('popup.html');
    const popupTabId = await popup.evaluate(async () => (await chrome.tabs.getCurrent())!.id!);
    await popup.getByRole('button', { name: 'Summarize', exact: true }).click();
    const notice = popup.getByTestId('summary-error');
    await notice.waitFor({ timeout: 60_000 });
    expect(await notice.getAttribute('data-error-name')).toBe('ServerUnreachableError');
    expect(await notice.textContent()).toContain('Could not reach http://127.0.0.1:');
    expect(await notice.textContent()).toContain('Check that the server is running at this address.');
    expect(await notice.textContent()).not.toMatch(/side panel|Models →/);
    await popup.getByRole('button', { name: 'Retry' }).waitFor();
    await notice.getByRole('button', { name: 'Server settings' }).click();
    // The side panel of that tab now shows the server settings (the real panel is no Playwright page; its options are).
    await expect
      .poll(() => ext.worker.evaluate(async (tabId) => (await chrome.sidePanel.getOptions({ tabId })).path ?? '', popupTabId), { timeout: 10_000 })
      .toMatch(/sidepanel\.html#models\?server$/);
    await article.close();
    if (!popup.isClosed()) await popup.close();
  });

  it('in Chat: the failed question keeps its error with the next step, which switches the panel to the server settings', async () => {
    const panel = await ext.openPage('sidepanel.html#chat');
    await panel.getByLabel('Your question').fill('What did I read about tomatoes?');
    await panel.getByRole('button', { name: 'Ask' }).click();
    const notice = panel.getByTestId('turn-error');
    await notice.waitFor({ timeout: 60_000 });
    expect(await notice.textContent()).toContain('Check that the server is running at this address.');
    expect(await notice.textContent()).not.toMatch(/side panel|Models →/);
    await panel.getByRole('button', { name: 'Retry' }).waitFor();
    await notice.getByRole('button', { name: 'Server settings' }).click();
    await panel.getByRole('heading', { name: 'Models', level: 2 }).waitFor();
    expect(await panel.evaluate(() => location.hash)).toBe('#models?server');
    // Where the step is taken: the server address field has the focus.
    await expect.poll(() => panel.evaluate(() => document.activeElement?.closest('label')?.textContent ?? '')).toContain('Server address');
    await panel.close();
  });
});
