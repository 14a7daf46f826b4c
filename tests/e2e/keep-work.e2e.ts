import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { readabilityPagesDir } from '../support/fixtures';
import { continueInSidePanel, launchExtension, requestFromPage, serve, type Extension, type StaticServer } from './harness';

/**
 * Work the person asked for is never lost (issue 16, "Work vanishes"): views keep their state,
 * a failed question stays with Retry, every answer has Copy and Regenerate.
 * Replies come from the Gleaner test engine (not a model: none can be downloaded here).
 */
describe('work that never vanishes (test engine)', () => {
  let ext: Extension;
  let site: StaticServer;

  beforeAll(async () => {
    ext = await launchExtension();
    site = await serve({ '/short.html': `file:${readabilityPagesDir}/001/source.html`, '/long.html': `file:${readabilityPagesDir}/wikipedia-2/source.html` });
    await ext.worker.evaluate(() => chrome.storage.local.set({ settings: { version: 1, engine: { backend: 'test' } } }));
  });
  afterAll(async () => {
    await ext?.close();
    await site?.close();
  });

  async function visit(path: string): Promise<Page> {
    const page = await ext.context.newPage();
    await page.goto(`${site.origin}${path}`, { waitUntil: 'domcontentloaded' });
    return page;
  }

  async function savedConversations(page: Page) {
    const list = await requestFromPage<{ id: number }[]>(page, 'answers.listConversations', {});
    return Promise.all(
      list.map(({ id }) =>
        requestFromPage<{ turns: { question: string; answer: string; finish?: string; error?: string; askedAt: number }[] }>(page, 'answers.getConversation', { id }),
      ),
    );
  }

  it('keeps a failed question on screen with its error and Retry, and gives it back to the box', async () => {
    // No web page is open: "These tabs" has nothing to answer from, and says so.
    const panel = await ext.openPage('sidepanel.html#chat');
    await panel.getByText('These tabs', { exact: true }).click();
    const box = panel.getByLabel('Your question');
    await box.fill('What do these pages say about scraping?');
    await panel.getByRole('button', { name: 'Ask' }).click();
    const failed = panel.getByRole('article', { name: 'Question 1' });
    await failed.getByTestId('turn-error').waitFor({ timeout: 30_000 });
    await expect(failed.locator('.question').textContent()).resolves.toBe('What do these pages say about scraping?');
    await expect(failed.getByTestId('turn-error').textContent()).resolves.toMatch(/Choose at least one web page tab/);
    // The question goes back to the box once the failed turn is saved, a moment after the error shows.
    await expect.poll(() => box.inputValue()).toBe('What do these pages say about scraping?');

    // With a page open, Retry answers the same question in place.
    const article = await visit('/short.html');
    await box.fill('');
    await failed.getByRole('button', { name: 'Retry' }).click();
    await failed.getByTestId('answer').waitFor({ timeout: 30_000 });
    await panel.getByRole('button', { name: 'Ask' }).waitFor();
    await expect(failed.getByTestId('turn-error').count()).resolves.toBe(0);
    await expect(panel.getByRole('article').count()).resolves.toBe(1);
    await expect.poll(async () => (await savedConversations(panel)).flatMap((c) => c.turns.map((t) => t.finish))).toEqual(['stop']);
    await panel.close();
    await article.close();
  });

  it('puts Copy and Regenerate under every answer: Copy writes the answer, Regenerate answers again in place', async () => {
    const article = await visit('/short.html');
    const panel = await ext.openPage('sidepanel.html#chat');
    await panel.getByText('This page', { exact: true }).click();
    await panel.getByLabel('Your question').fill('What is this page about?');
    await panel.getByRole('button', { name: 'Ask' }).click();
    const turn = panel.getByRole('article', { name: 'Question 1' });
    await turn.getByRole('button', { name: 'Regenerate' }).waitFor({ timeout: 30_000 });
    const answer = (await turn.getByTestId('answer').textContent())!.trim();
    expect(answer.length).toBeGreaterThan(0);

    await turn.getByRole('button', { name: 'Copy the answer' }).click();
    await turn.getByRole('status').filter({ hasText: 'Copied.' }).waitFor();
    // Read back the way a person would: paste into the question box.
    const box = panel.getByLabel('Your question');
    await box.fill('');
    await box.focus();
    await panel.keyboard.press('ControlOrMeta+V');
    const copied = await box.inputValue();
    await box.fill('');
    expect(copied.replace(/\s+/g, ' ').slice(0, 40)).toBe(answer.replace(/\s+/g, ' ').slice(0, 40));

    const before = (await savedConversations(panel)).find((c) => c.turns[0]?.question === 'What is this page about?')!;
    await turn.getByRole('button', { name: 'Regenerate' }).click();
    await expect
      .poll(async () => (await savedConversations(panel)).find((c) => c.turns[0]?.question === 'What is this page about?')?.turns[0]?.askedAt, { timeout: 30_000 })
      .toBeGreaterThan(before.turns[0]!.askedAt);
    const after = (await savedConversations(panel)).find((c) => c.turns[0]?.question === 'What is this page about?')!;
    expect(after.turns).toHaveLength(1);
    expect(after.turns[0]!.answer.length).toBeGreaterThan(0);
    await expect(panel.getByRole('article').count()).resolves.toBe(1);
    await panel.close();
    await article.close();
  });

  it('keeps the conversation, the summary and the chosen scope when switching Chat → Library → Chat', async () => {
    const article = await visit('/short.html');
    const panel = await ext.openPage('sidepanel.html#chat');
    await panel.getByRole('button', { name: 'Summarize this page' }).click();
    await panel.getByTestId('summary-coverage').waitFor({ timeout: 60_000 });
    const summary = await panel.getByTestId('summary-text').textContent();
    // A summary has Copy and Regenerate too.
    const card = panel.getByRole('region', { name: 'Summarize' });
    await expect(card.getByRole('button', { name: 'Copy the summary' }).isVisible()).resolves.toBe(true);
    await card.getByRole('button', { name: 'Regenerate' }).click();
    await card.getByRole('button', { name: 'Stop' }).waitFor();
    await card.getByTestId('summary-coverage').waitFor({ timeout: 60_000 });
    await expect(card.getByTestId('summary-text').textContent()).resolves.toBe(summary);
    await panel.getByText('This page', { exact: true }).click();
    await panel.getByLabel('Your question').fill('Who wrote this?');
    await panel.getByRole('button', { name: 'Ask' }).click();
    await panel.getByRole('article', { name: 'Question 1' }).getByTestId('answer').waitFor({ timeout: 30_000 });
    await panel.getByRole('button', { name: 'Ask' }).waitFor();
    const answer = await panel.getByTestId('answer').textContent();

    await panel.getByRole('tab', { name: 'Library' }).click();
    await panel.getByRole('tab', { name: 'Chat' }).click();
    await expect(panel.getByRole('tab', { name: 'Chat' }).getAttribute('aria-selected')).resolves.toBe('true');
    await expect(panel.getByTestId('summary-text').textContent()).resolves.toBe(summary);
    await expect(panel.getByTestId('answer').textContent()).resolves.toBe(answer);
    await expect(panel.getByRole('radio', { name: 'This page' }).isChecked()).resolves.toBe(true);
    await panel.close();
    await article.close();
  });

  it(
    'hands a long page from the popup to the side panel, which finishes it after the popup closed; the summary is kept for the tab and in history',
    { timeout: 240_000 },
    async () => {
      const article = await visit('/long.html');
      const popup = await ext.openPage('popup.html');
      await popup.getByRole('button', { name: 'Summarize', exact: true }).click();
      // The real side panel opens and runs it; the popup follows its progress.
      await continueInSidePanel(popup, popup.getByTestId('summary-status').filter({ hasText: /Reading part \d+ of \d+/ }));
      await expect.poll(() => ext.worker.evaluate(async () => (await chrome.runtime.getContexts({ contextTypes: ['SIDE_PANEL'] })).length)).toBeGreaterThan(0);
      await popup.close();

      // The side panel finishes it and saves it with the conversations.
      const helper = await ext.openPage('sidepanel.html#chat');
      const summaries = async () =>
        (await requestFromPage<{ title: string }[]>(helper, 'answers.listConversations', {})).map((c) => c.title).filter((t) => t.startsWith('Summary: New Zealand'));
      await expect.poll(summaries, { timeout: 120_000, interval: 1_000 }).toHaveLength(1);
      const [title] = await summaries();

      // Reopened, the popup shows the last summary of this tab.
      const again = await ext.openPage('popup.html');
      await expect(again.getByTestId('summary-coverage').textContent({ timeout: 20_000 })).resolves.toMatch(/^Used 100% of the page \(read in \d+ parts\)/);
      const kept = (await again.getByTestId('summary-text').textContent())!;
      expect(kept.length).toBeGreaterThan(0);
      await again.close();

      // In Chat, the saved summary opens from the conversation list.
      await helper.reload();
      await helper.locator('.conversations summary').click();
      await helper.getByRole('button', { name: title!, exact: true }).click();
      const turn = helper.getByRole('article', { name: 'Question 1' });
      await turn.getByTestId('answer').waitFor();
      await expect(turn.locator('.question').textContent()).resolves.toMatch(/^Summarize this page \(/);
      await expect(turn.getByRole('button', { name: 'Copy the answer' }).isVisible()).resolves.toBe(true);
      await helper.close();
      await article.close();
    },
  );
});
