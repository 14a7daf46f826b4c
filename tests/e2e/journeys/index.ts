import { expect } from 'vitest';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Driver, DriverPage } from '../driver/types';
import type { StaticServer } from '../harness';
import type { CaptureStatusReply } from '@/lib/capture/status';
import type { PageSummary, SearchResult } from '@/lib/library/search';
import type { IngestResult } from '@/lib/library/ingest';
import type { ExtractedPage } from '@/lib/extract/types';
import { startOpenAISseServer } from '../../support/openai-sse-server';
import { loadTokenizer } from '@/lib/tokens/registry';
import { nodeTokenizerFiles } from '@/lib/tokens/node-files';
import { NORMANS, SELECTION_TEXT, STEAM } from './site';

/**
 * What a person does with Gleaner, written once over the driver interface and run
 * in Chromium (tests/e2e/journeys.e2e.ts) and in Firefox (tests/e2e/firefox/).
 * The journeys share one browser: each uses its own pages and checks its own
 * effect, so the order does not matter except that `exportImport` restores the
 * library it empties.
 */
export interface JourneyContext {
  d: Driver;
  site: StaticServer;
}

/** Settings the journeys start from: the named test engine (no model can run here) and a short dwell. */
export const DWELL_MS = 400;
export async function startSettings(d: Driver): Promise<void> {
  await d.inExtension((dwellMs) => chrome.storage.local.set({ settings: { version: 1, engine: { backend: 'test' }, capture: { dwellMs } } }), DWELL_MS);
}

const poll = { timeout: 20_000, interval: 100 };
const status = (d: Driver, tabId: number) => d.request<CaptureStatusReply>('capture.status', { tabId });
const recent = async (d: Driver) => (await d.request<{ pages: PageSummary[] }>('library.recent', { limit: 100 })).pages;

async function visit(ctx: JourneyContext, pathname: string): Promise<{ page: DriverPage; tabId: number; url: string }> {
  const url = `${ctx.site.origin}${pathname}`;
  const page = await ctx.d.openWebPage(url);
  let tabId = -1;
  await expect.poll(async () => (tabId = await ctx.d.tabIdOf(url)), poll).toBeGreaterThan(0);
  return { page, tabId, url };
}

/** A page read for longer than the dwell is saved; the popup says so. */
async function captureAfterDwell(ctx: JourneyContext): Promise<void> {
  const { d } = ctx;
  const { page, tabId, url } = await visit(ctx, '/capture.html');
  await expect.poll(async () => (await status(d, tabId)).status.state, poll).toBe('indexed');
  expect((await recent(d)).find((p) => p.url === url)).toMatchObject({ title: 'Bees of the meadow', site: '127.0.0.1' });
  const popup = await d.openExtensionPage(`popup.html?tab=${tabId}`);
  await expect.poll(() => popup.text('testid:capture-headline'), poll).toBe('Saved to your library');
  await popup.waitFor('button:Pause capture');
  await popup.waitFor("button:Don't capture 127.0.0.1");
  await popup.close();
  await page.close();
}

/** Pause from the popup: nothing is saved while paused. Exclude a site from the popup: its pages are not saved. */
async function pauseAndExclude(ctx: JourneyContext): Promise<void> {
  const { d } = ctx;
  const popup = await d.openExtensionPage('popup.html?tab=1');
  await popup.click('button:Pause capture');
  await popup.waitFor('button:Resume capture');
  await popup.close();
  const paused = await visit(ctx, '/paused.html');
  await expect.poll(async () => (await status(d, paused.tabId)).status.state, poll).toBe('paused');
  await new Promise((resolve) => setTimeout(resolve, DWELL_MS * 4));
  expect((await status(d, paused.tabId)).status.state).toBe('paused');
  expect((await recent(d)).map((p) => p.url)).not.toContain(paused.url);
  const again = await d.openExtensionPage(`popup.html?tab=${paused.tabId}`);
  await again.click('button:Resume capture');
  await again.waitFor('button:Pause capture');

  // Exclude the site from the popup, then a new page of it is not saved.
  await again.click("button:Don't capture 127.0.0.1");
  await again.waitFor('button:Capture 127.0.0.1 again');
  await again.close();
  const excluded = await visit(ctx, '/excluded.html');
  await expect.poll(async () => (await status(d, excluded.tabId)).status.state, poll).toBe('excluded');
  expect((await recent(d)).map((p) => p.url)).not.toContain(excluded.url);
  await d.request('capture.excludeSite', { site: '127.0.0.1', excluded: false });
  await paused.page.close();
  await excluded.page.close();
}

/** A short page as the library receives it from a capture. */
const note = (url: string, title: string, text: string): ExtractedPage => ({
  url,
  canonicalUrl: url,
  title,
  text,
  blocks: [],
  isArticle: true,
  wordCount: text.split(/\s+/).length,
  hasPasswordField: false,
});

/** Search the Library view, see the match highlighted, delete the page from the view. */
async function librarySearchAndDelete(ctx: JourneyContext): Promise<void> {
  const { d } = ctx;
  const pages = [
    note('https://notes.example/volcano', 'Volcanoes of Iceland', 'Iceland has many active volcanoes. Hekla and Katla are the best known volcanoes there.'),
    note('https://notes.example/geysers', 'Geysers of Iceland', 'The Great Geysir gave every geyser its name. Strokkur erupts every few minutes.'),
  ];
  for (const page of pages) expect((await d.request<IngestResult>('library.ingest', { page })).status).toBe('added');
  const panel = await d.openExtensionPage('sidepanel.html#library');
  await panel.fill('searchbox:', 'volcanoes');
  await panel.waitFor('testid:search-results >> button:Volcanoes of Iceland');
  expect(await panel.text('testid:search-results >> css:mark')).toBe('volcanoes');
  await panel.click('testid:search-results >> button:Delete “Volcanoes of Iceland” from the library');
  await panel.waitFor('text:~No page matches');
  expect((await d.request<SearchResult>('library.search', { query: 'volcanoes' })).pages).toEqual([]);
  expect((await d.request<SearchResult>('library.search', { query: 'geyser' })).pages.map((p) => p.title)).toEqual(['Geysers of Iceland']);
  await panel.close();
}

/** Summarize the current page from the popup: streamed, all of the page used. */
async function summarizeFromPopup(ctx: JourneyContext): Promise<void> {
  const { d } = ctx;
  const article = await visit(ctx, '/summary.html');
  const popup = await d.openExtensionPage('popup.html');
  await popup.waitFor('heading:Summarize this page');
  await popup.click('button:Summarize');
  await popup.waitFor('testid:summary-coverage', { timeout: 60_000 });
  expect(await popup.text('testid:summary-coverage')).toMatch(/Used 100% of the page/);
  expect(await popup.count('testid:summary-text >> css:li')).toBeGreaterThan(0);
  expect(await popup.text('testid:summary-text')).toContain('winter cycling');
  await popup.close();
  await article.page.close();
}

/** Ask about pages read earlier: the answer cites them, and a citation opens the page at the passage. */
async function askWithCitations(ctx: JourneyContext): Promise<void> {
  const { d } = ctx;
  for (const pathname of ['/normans.html', '/steam.html']) {
    const visited = await visit(ctx, pathname);
    await expect.poll(async () => (await recent(d)).map((p) => p.url), poll).toContain(visited.url);
    await visited.page.close();
  }
  const panel = await d.openExtensionPage('sidepanel.html#chat');
  await panel.fill('label:Your question', 'Which Norse leader agreed to swear fealty to King Charles III of West Francia?');
  await panel.click('button:Ask');
  await panel.waitFor('testid:answer >> css:.citation-ref', { timeout: 30_000 });
  await panel.waitFor('button:Ask');
  expect(await panel.text('testid:answer')).toContain('Rollo');
  expect(await panel.text('css:.source-card .source-title')).toBe(NORMANS.title);
  const href = await panel.attribute('css:.source-card a.source-link', 'href');
  expect(href).toMatch(new RegExp(`^${ctx.site.origin}/normans.html#:~:text=`));

  await panel.click('testid:answer >> css:.citation-ref');
  expect(await panel.attribute('css:.source-card .source-passage', 'class')).toContain('highlighted');
  await panel.click('css:.source-card a.source-link');
  const opened = () => d.inExtension(async () => (await chrome.tabs.query({})).map((tab) => tab.url ?? ''));
  await expect.poll(async () => (await opened()).filter((url) => url.includes('/normans.html#:~:text=')).length, poll).toBe(1);
  await d.inExtension(async () => {
    for (const tab of await chrome.tabs.query({})) if (tab.url?.includes('/normans.html#')) await chrome.tabs.remove(tab.id!);
  });
  expect(STEAM.title).toBeTruthy();
  await panel.close();
}

/**
 * The own-server backend: an OpenAI-compatible server on 127.0.0.1 answers through the extension.
 * It refuses a browser extension's Origin header with 403, as a default Ollama does: it answers
 * only because Gleaner's declarativeNetRequest rule removes that header (lib/engine/server-origin.ts).
 */
async function ownServer(ctx: JourneyContext): Promise<void> {
  const { d } = ctx;
  const server = await startOpenAISseServer({ tokenDelayMs: 5, refuseExtensionOrigin: true });
  try {
    const page = await d.openExtensionPage('sidepanel.html#models');
    await page.waitFor('heading:Models');
    await page.click('radio:My own server (OpenAI-compatible)*');
    await page.fill('label:Server address', server.baseUrl);
    await page.click('button:Test connection');
    await expect.poll(() => page.text('css:.server-backend [role=status]'), poll).toContain('Connected: 7 models available; “gleaner-test-engine” answered a test chat.');
    await page.select('label:Server model', 'gleaner-test-engine');
    await page.click('button:Use this server');
    await page.fill('label:Prompt', 'Which server answers this question today?');
    await page.click('button:Send');
    await expect.poll(() => page.attribute('css:output.reply', 'data-finish'), poll).toBe('stop');
    expect(await page.text('css:output.reply')).toBe('Test engine reply to: Which server answers this question today?');
    // No request carried the extension's Origin header (Chrome and Firefox alike).
    expect(server.requests.at(-1)).toMatchObject({ url: '/v1/chat/completions' });
    expect(server.requests.every((r) => r.origin === undefined)).toBe(true);
    await page.close();
  } finally {
    await server.close();
    await startSettings(d);
  }
}

/** Count the tokens of a selection on a page: the counts equal Node's with the same tokenizers. */
async function countSelection(ctx: JourneyContext): Promise<void> {
  const { d } = ctx;
  await d.inExtension(() =>
    chrome.storage.local
      .get('settings')
      .then(({ settings }) => chrome.storage.local.set({ settings: { ...(settings as object), tokens: { chatTemplate: false, referenceTokenizers: ['gpt-4o', 'llama-3'] } } })),
  );
  const { page, tabId } = await visit(ctx, '/selection.html');
  const selected = await page.evaluate(() => {
    const range = document.createRange();
    range.selectNodeContents(document.getElementById('text')!);
    getSelection()!.removeAllRanges();
    getSelection()!.addRange(range);
    return getSelection()!.toString();
  });
  expect(selected).toBe(SELECTION_TEXT);
  // What the "Count tokens" menu item and shortcut do (opening the panel needs a real gesture).
  await d.request('tokens.countTab', { tabId, source: 'selection' });
  const panel = await d.openExtensionPage('sidepanel.html#tokens');
  const [gpt4o, llama] = await Promise.all([loadTokenizer('gpt-4o', nodeTokenizerFiles), loadTokenizer('llama-3', nodeTokenizerFiles)]);
  for (const [id, tokenizer] of [
    ['gpt-4o', gpt4o],
    ['llama-3', llama],
  ] as const) {
    await panel.waitFor(`css:[data-tokenizer="${id}"] [data-testid="token-count"]`, { timeout: 60_000 });
    const shown = Number((await panel.text(`css:[data-tokenizer="${id}"] [data-testid="token-count"]`))!.replace(/[^\d]/g, ''));
    expect(shown, id).toBe(tokenizer.count(SELECTION_TEXT));
  }
  await panel.close();
  await page.close();
}

/** Settings: the dwell and an excluded site set in the Settings view are stored and shown. */
async function settings(ctx: JourneyContext): Promise<void> {
  const { d } = ctx;
  const panel = await d.openExtensionPage('sidepanel.html#settings');
  await panel.fill('label:Add a site', 'https://www.Blog.Example.org/post');
  await panel.click('button:Add');
  await expect.poll(() => panel.text('testid:excluded-sites'), poll).toContain('blog.example.org');
  await panel.fill('label:Save a page after*', '3');
  await panel.press('Tab');
  await panel.waitFor('text:Saved.');
  const stored = await d.inExtension(async () => ((await chrome.storage.local.get('settings')).settings as { capture: unknown }).capture);
  expect(stored).toMatchObject({ excludedSites: ['blog.example.org'], dwellMs: 3000 });
  await panel.click('button:Capture blog.example.org again');
  await panel.waitFor('text:blog.example.org can be captured again.');
  await panel.close();
  await startSettings(d);
}

/** Export the library to a file, delete everything, import the file: the same pages and saved conversations come back. */
async function exportImport(ctx: JourneyContext): Promise<void> {
  const { d } = ctx;
  await d.request('library.ingest', { page: note('https://notes.example/lava', 'Lava fields', 'Lava fields cover much of the island, with moss growing on old flows.') });
  const before = (await recent(d)).map((p) => p.url).sort();
  // Three saved conversations of the person's own, besides any earlier journeys saved.
  for (const n of [1, 2, 3]) {
    await d.request('answers.saveConversation', {
      title: `Lava question ${n}`,
      scope: { kind: 'library' },
      createdAt: 1_700_000_000_000 + n,
      updatedAt: 1_700_000_000_000 + n,
      turns: [{ question: `Where is lava ${n}?`, answer: 'On the island [1].', sources: [], askedAt: 1_700_000_000_000 + n }],
    });
  }
  const conversations = (await d.request<Array<{ title: string }>>('answers.listConversations', {})).map((c) => c.title).sort();
  const panel = await d.openExtensionPage('sidepanel.html#library');
  await panel.waitFor('button:Export…');
  const file = await panel.download('button:Export…');
  expect(file.name).toMatch(/^gleaner-library-\d{4}-\d{2}-\d{2}\.jsonl$/);
  const lines = file.text.trim().split('\n');
  expect(lines.length).toBe(before.length + conversations.length + 1); // a header line, then one page or conversation per line
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  const both = `${plural(before.length, 'page')} and ${plural(conversations.length, 'saved conversation')}`;
  await panel.waitFor(`text:Exported ${both}.`);

  // "Delete everything" says exactly what it deletes: the pages and the saved conversations.
  await panel.click('button:Delete everything…');
  await panel.click(`button:Yes, delete ${both}`);
  await panel.waitFor(`text:Deleted ${both}. Your settings are kept.`);
  expect(await recent(d)).toEqual([]);
  expect(await d.request<unknown[]>('answers.listConversations', {})).toEqual([]);

  const dir = await mkdtemp(path.join(tmpdir(), 'gleaner-import-'));
  try {
    const saved = path.join(dir, file.name);
    await writeFile(saved, file.text);
    await panel.upload('css:.library-tools input[type=file]', saved);
    await panel.waitFor(`text:Imported: ${before.length} new, 0 updated, 0 already there; ${plural(conversations.length, 'saved conversation')}.`, { timeout: 60_000 });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  expect((await recent(d)).map((p) => p.url).sort()).toEqual(before);
  expect((await d.request<Array<{ title: string }>>('answers.listConversations', {})).map((c) => c.title).sort()).toEqual(conversations);
  expect((await d.request<SearchResult>('library.search', { query: 'lava moss' })).pages[0]?.title).toBe('Lava fields');
  await panel.close();
}

/** Every journey, in the order the suites run them. */
export const JOURNEYS: Array<[string, (ctx: JourneyContext) => Promise<void>]> = [
  ['captures a page after the dwell; the popup says it is saved', captureAfterDwell],
  ['pauses capture and excludes a site from the popup', pauseAndExclude],
  ['searches the Library view and deletes a page from it', librarySearchAndDelete],
  ['summarizes the current page from the popup (test engine)', summarizeFromPopup],
  ['answers from pages read earlier, with citations that open the page at the passage', askWithCitations],
  ['answers through the own-server backend on 127.0.0.1', ownServer],
  ['counts the tokens of a selection, equal to Node', countSelection],
  ['changes capture settings in the Settings view', settings],
  ['exports the library, deletes it, imports it back', exportImport],
];
