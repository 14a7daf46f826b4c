import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readabilityPagesDir } from '../support/fixtures';
import { launchExtension, serve, type Extension, type StaticServer } from './harness';

// A fresh profile: no model and no server chosen, so every request for an answer fails with
// NoModelError. Its class is defined in lib/engine/errors.ts, which the popup's own code never
// imports: the popup must still show the hint and the next step, as a button.
describe('errors show their next step as an action', () => {
  let ext: Extension;
  let site: StaticServer;

  beforeAll(async () => {
    ext = await launchExtension();
    site = await serve({ '/article.html': `file:${readabilityPagesDir}/001/source.html` });
  });
  afterAll(async () => {
    await ext?.close();
    await site?.close();
  });

  it('in the popup: the hint, and "Open Models" opens the side panel at Models', async () => {
    const article = await ext.context.newPage();
    await article.goto(`${site.origin}/article.html`, { waitUntil: 'domcontentloaded' });
    const popup = await ext.openPage('popup.html');
    const popupTabId = await popup.evaluate(async () => (await chrome.tabs.getCurrent())!.id!);
    await popup.getByRole('button', { name: 'Summarize', exact: true }).click();
    const notice = popup.getByTestId('summary-error');
    await notice.waitFor({ timeout: 30_000 });
    expect(await notice.getAttribute('data-error-name')).toBe('NoModelError');
    expect(await notice.textContent()).toContain('No model is chosen yet.');
    expect(await notice.textContent()).toContain('Download a model that fits this computer, or connect a server you run');
    expect(await notice.textContent()).not.toMatch(/side panel/);
    await notice.getByRole('button', { name: 'Open Models' }).click();
    // The side panel of that tab now shows the Models view (the real panel is no Playwright page; its options are).
    await expect
      .poll(() => ext.worker.evaluate(async (tabId) => (await chrome.sidePanel.getOptions({ tabId })).path ?? '', popupTabId), { timeout: 10_000 })
      .toMatch(/sidepanel\.html#models$/);
    await article.close();
    if (!popup.isClosed()) await popup.close();
  });

  it('in Chat: the error is a notice with "Open Models", which switches the panel to Models', async () => {
    const panel = await ext.openPage('sidepanel.html#chat');
    await panel.getByLabel('Your question').fill('What did I read about tomatoes?');
    await panel.getByRole('button', { name: 'Ask' }).click();
    // The failed question stays in the conversation with its error, its next step and Retry.
    const notice = panel.getByTestId('turn-error');
    await notice.waitFor({ timeout: 30_000 });
    expect(await notice.textContent()).toContain('No model is chosen yet. Download a model that fits this computer');
    expect(await notice.textContent()).not.toMatch(/side panel/);
    await panel.getByRole('button', { name: 'Retry' }).waitFor();
    await notice.getByRole('button', { name: 'Open Models' }).click();
    await panel.getByRole('heading', { name: 'Models', level: 2 }).waitFor();
    expect(await panel.evaluate(() => location.hash)).toBe('#models');
    await panel.close();
  });
});
