import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchExtension, requestFromPage, type Extension } from './harness';
import { page as plainPage } from '../library/support/saved-page';

// Settings in the built extension: About (name, the manifest's version, the privacy
// promise and its page), the browser's shortcut settings, and the backup reachable here.

const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

let ext: Extension;
beforeAll(async () => {
  ext = await launchExtension();
});
afterAll(async () => {
  await ext?.close();
});

describe('Settings', () => {
  it('has an About section with the version and the privacy promise, whose full text opens from the extension', async () => {
    const panel = await ext.openPage('sidepanel.html#settings');
    const about = panel.getByTestId('about');
    await expect(about.getByTestId('about-version').textContent()).resolves.toBe(`version ${version}`);
    await expect(about.textContent()).resolves.toContain('Nothing you read, ask or count leaves your computer');
    const [privacy] = await Promise.all([ext.context.waitForEvent('page'), about.getByRole('link', { name: 'Read the whole privacy promise' }).click()]);
    await privacy.waitForLoadState();
    await expect(privacy.locator('h1').textContent()).resolves.toBe('Gleaner — privacy promise');
    await expect(privacy.locator('body').textContent()).resolves.toContain('Nothing you read, ask or count leaves your machine.');
    await privacy.close();
    await panel.close();
  });

  it('lists the shortcuts and opens the browser’s shortcut settings', async () => {
    const panel = await ext.openPage('sidepanel.html#settings');
    await expect(panel.getByTestId('shortcuts').textContent()).resolves.toContain('Summarize the current page');
    await panel.getByRole('button', { name: 'Change keyboard shortcuts…' }).click();
    await expect
      .poll(() => panel.evaluate(async () => (await chrome.tabs.query({})).map((tab) => tab.pendingUrl ?? tab.url)), { timeout: 15_000 })
      .toContain('chrome://extensions/shortcuts');
    await panel.close();
  });

  it('exports the library from Settings → Backup', async () => {
    const helper = await ext.openPage('popup.html');
    await requestFromPage(helper, 'library.ingest', { page: plainPage('https://notes.example/backup', 'Backup note', 'A page to find in the backup file.') });
    const panel = await ext.openPage('sidepanel.html#settings');
    const backup = panel.getByRole('group', { name: 'Backup' });
    const [download] = await Promise.all([panel.waitForEvent('download'), backup.getByRole('button', { name: 'Export…' }).click()]);
    const file = readFileSync((await download.path())!, 'utf8');
    expect(file).toContain('"title":"Backup note"');
    await expect(backup.getByRole('status').textContent()).resolves.toMatch(/^Exported 1 page/);
    await panel.close();
    await helper.close();
  });
});
