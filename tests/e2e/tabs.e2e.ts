import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchExtension, serve, type Extension, type StaticServer } from './harness';

/** An article page generated here: a few paragraphs about `topic`, one of them about the bridge. */
function article(title: string, topic: string, fact: string): string {
  const paragraphs = Array.from({ length: 8 }, (_, i) =>
    i === 3
      ? `<p>The bridge over the ${topic} ${fact}. Travellers still talk about it.</p>`
      : `<p>Section ${i} of the ${topic} chronicle describes harvests, weather, markets and the roads between towns in some detail.</p>`,
  );
  return `<!doctype html><html lang="en"><head><title>${title}</title></head><body><article><h1>${title}</h1>${paragraphs.join('\n')}</article></body></html>`;
}

describe('"these tabs" scope in the built extension (test engine)', () => {
  let ext: Extension;
  let site: StaticServer;

  beforeAll(async () => {
    ext = await launchExtension();
    site = await serve({
      '/river.html': article('River chronicle', 'river', 'opened in 1820'),
      '/mountain.html': article('Mountain chronicle', 'mountain', 'was rebuilt in 1905'),
      '/forest.html': article('Forest chronicle', 'forest', 'is now a museum'),
    });
    // Capture is paused: the answer comes from the open tabs, not from the library.
    await ext.worker.evaluate(() => chrome.storage.local.set({ settings: { version: 1, engine: { backend: 'test' }, capture: { paused: true } } }));
  });
  afterAll(async () => {
    await ext?.close();
    await site?.close();
  });

  it('asks a question across three open tabs and cites all three; unticking a tab leaves it out', async () => {
    for (const path of ['/river.html', '/mountain.html', '/forest.html']) {
      const page = await ext.context.newPage();
      await page.goto(`${site.origin}${path}`, { waitUntil: 'domcontentloaded' });
    }
    const panel = await ext.openPage('sidepanel.html#chat');
    await panel.getByText('These tabs', { exact: true }).click();
    const chooser = panel.getByRole('group', { name: 'Tabs to answer from' });
    await chooser.getByText('Forest chronicle').waitFor();
    await expect(chooser.getByRole('checkbox').count()).resolves.toBe(3);
    await panel.getByLabel('Your question').fill('What happened to the bridge?');
    await panel.getByRole('button', { name: 'Ask' }).click();
    const answer = panel.getByTestId('answer').first();
    await answer.getByRole('button', { name: 'Source 3' }).waitFor({ timeout: 30_000 });
    await panel.getByRole('button', { name: 'Ask' }).waitFor();
    await expect(answer.locator('.citation-ref').allTextContents()).resolves.toEqual(['1', '2', '3']);
    const cards = panel.locator('.turn').first().locator('.source-card.cited .source-title');
    await expect(cards.allTextContents()).resolves.toEqual(['River chronicle', 'Mountain chronicle', 'Forest chronicle']);

    // Untick one tab: the next answer uses only the two others.
    await chooser.getByRole('checkbox', { name: 'Mountain chronicle' }).uncheck();
    await panel.getByLabel('Your question').fill('Where was the bridge rebuilt?');
    await panel.getByRole('button', { name: 'Ask' }).click();
    const second = panel.locator('.turn').nth(1);
    await second.getByTestId('answer').getByRole('button', { name: 'Source 2' }).waitFor({ timeout: 30_000 });
    await panel.getByRole('button', { name: 'Ask' }).waitFor();
    await expect(second.locator('.source-title').allTextContents()).resolves.toEqual(['River chronicle', 'Forest chronicle']);
    await panel.close();
  });
});
