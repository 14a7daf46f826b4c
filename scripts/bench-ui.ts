/**
 * How soon the views show something, in the built extension (Debian's headless Chromium):
 *
 *   npm run bench:ui [-- --runs 5 --no-build --pages <dir>]
 *
 * Prints ONE JSON object on stdout:
 *   {"sidepanelFirstPaintMs": {"cold", "warm"}, "popupFirstPaintMs": {"cold", "warm"}, "tokensFirstCountMs": {"cold", "warm"},
 *    "tokensFirstEstimateMs": {"cold", "warm"}, "sidepanelViewsWarmMs": {"chat", "library", "tokens", "models", "settings"}}
 * each a median over `--runs` runs (details of every run on stderr).
 *
 * Definitions (all measured in the page, from its navigation start, `performance.now()`):
 * - first paint: the first frame painted after the view's first control (a button, text box or
 *   select inside the view: the shown `[role=tabpanel]` in the side panel, the body in the popup) is in
 *   the DOM and visible — the moment the person can see the view and act in it. An observer
 *   installed before the page's own scripts notices the element; the time is taken in a task
 *   queued from the next animation frame, i.e. once that frame was produced.
 * - Tokens first count: the side panel opened at #tokens by "Count tokens" on a selection of
 *   real article text (the message the menu and the shortcut send), until the first tokenizer's
 *   count is painted. It includes reading the selection from the tab, starting the counter
 *   worker and loading that tokenizer's files. This is the first EXACT count.
 * - Tokens first estimate: the same, until the first figure is painted — the estimate ("≈ …
 *   (estimate, exact count loading…)", lib/tokens/first-estimate.ts) or an exact count if one
 *   was painted first. No tokenizer is needed for it.
 * - cold: a fresh browser and profile (no HTTP or code cache), the view opened for the first time;
 *   warm: the same view opened again (a new tab) in that browser, after the cold one was closed.
 *   `sidepanelViewsWarmMs`: each view of the side panel opened by its deep link, warm.
 * Pages open as tabs at panel size (400×700; the popup 360×600), as the e2e tests drive them.
 */
import { execSync } from 'node:child_process';
import type { Page } from 'playwright-core';
import { launchExtension, serve, type Extension } from '../tests/e2e/harness';
import { KEEP_NAMES } from '../tests/e2e/driver/locate';
import { realPagesText } from './fixture-pages';
import { NO_BUILD, PAGES, scriptArgs } from './args';

const { values: args } = scriptArgs({ ...NO_BUILD, ...PAGES, runs: { type: 'string', default: '5' } }, 'npm run bench:ui -- [--runs 5] [--pages <dir>] [--no-build]');
const RUNS = Number(args.runs);
if (!Number.isInteger(RUNS) || RUNS < 1) throw new Error('--runs is a whole number ≥ 1');

const PANEL = { width: 400, height: 700 };
const POPUP = { width: 360, height: 600 };
const VIEWS = ['chat', 'library', 'tokens', 'models', 'settings'] as const;
const FIRST_CONTROL = ':is(button, textarea, input, select)';
/** What each measured page waits for; picked in the page by its path and hash. */
const TARGETS = { popup: `body ${FIRST_CONTROL}`, panel: `[role=tabpanel] ${FIRST_CONTROL}`, count: '[data-testid="token-count"]', estimate: '[data-testid="token-estimate"]' };

/**
 * Installed before every page's own scripts: `window.__gleanerWatch(selector)` resolves with
 * the time of the first painted frame that shows a visible element matching `selector` (one
 * that was not there when the watch began);
 * `window.__gleanerPaint` receives that time for the page's own target, watched from the start.
 */
function paintObserver(targets: typeof TARGETS): void {
  if (!location.protocol.startsWith('chrome-extension')) return;
  const w = window as unknown as { __gleanerPaint?: number; __gleanerFcp?: number; __gleanerEstimate?: number; __gleanerWatch: (selector: string) => Promise<number> };
  w.__gleanerWatch = (selector) =>
    new Promise((resolve) => {
      const before = new Set(document.querySelectorAll(selector));
      const check = () => {
        if (![...document.querySelectorAll(selector)].some((el) => !before.has(el) && el.checkVisibility())) return false;
        observer.disconnect();
        requestAnimationFrame(() => {
          // The frame with the element is being produced; a task queued now runs after it.
          const channel = new MessageChannel();
          channel.port1.onmessage = () => resolve(performance.now());
          channel.port2.postMessage(null);
        });
        return true;
      };
      const observer = new MutationObserver(check);
      if (!check()) observer.observe(document, { childList: true, subtree: true, attributes: true, characterData: true });
    });
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) if (entry.name === 'first-contentful-paint') w.__gleanerFcp = entry.startTime;
  }).observe({ type: 'paint', buffered: true });
  const selector = location.pathname.endsWith('/popup.html') ? targets.popup : location.hash.startsWith('#tokens?count') ? targets.count : targets.panel;
  void w.__gleanerWatch(selector).then((ms) => (w.__gleanerPaint = ms));
  // The first figure of the Tokens view: its estimate, or the exact count when that came first.
  if (selector === targets.count) void w.__gleanerWatch(`${targets.estimate}, ${targets.count}`).then((ms) => (w.__gleanerEstimate = ms));
}

type Painted = { ms: number; fcp: number | null; shown: string; estimateMs?: number };

/** Opens an extension page as a tab at `viewport` and waits for its first paint (see the top). */
async function open(ext: Extension, pathname: string, viewport: { width: number; height: number }): Promise<{ page: Page; painted: Painted }> {
  const page = await ext.context.newPage();
  await page.setViewportSize(viewport);
  await page.goto(`chrome-extension://${ext.id}/${pathname}`);
  await page.waitForFunction(() => (window as unknown as { __gleanerPaint?: number }).__gleanerPaint !== undefined, null, { timeout: 120_000, polling: 50 });
  const painted = await page.evaluate((targets) => {
    const w = window as unknown as { __gleanerPaint: number; __gleanerFcp?: number; __gleanerEstimate?: number };
    const shown = location.hash.startsWith('#tokens?count') ? (document.querySelector(targets.count)?.textContent ?? '') : '';
    const estimate = w.__gleanerEstimate === undefined ? {} : { estimateMs: Math.round(w.__gleanerEstimate) };
    return { ms: Math.round(w.__gleanerPaint), fcp: w.__gleanerFcp === undefined ? null : Math.round(w.__gleanerFcp), shown, ...estimate };
  }, TARGETS);
  return { page, painted };
}

async function measure(ext: Extension, pathname: string, viewport: { width: number; height: number }): Promise<Painted> {
  const { page, painted } = await open(ext, pathname, viewport);
  await page.close();
  return painted;
}

async function withBrowser<T>(fn: (ext: Extension) => Promise<T>): Promise<T> {
  const ext = await launchExtension();
  try {
    // As source text: tsx wraps named functions in `__name(…)`, which the page must define first.
    await ext.context.addInitScript({ content: `${KEEP_NAMES};(${paintObserver.toString()})(${JSON.stringify(TARGETS)})` });
    await ext.worker.evaluate(() => true);
    return await fn(ext);
  } finally {
    await ext.close();
  }
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : Math.round((sorted[mid - 1]! + sorted[mid]!) / 2);
};

async function main(): Promise<void> {
  if (!args['no-build']) execSync('npx wxt build', { stdio: ['ignore', 'ignore', 'inherit'] });
  // About 2,000 characters of real article text, selected in a page on 127.0.0.1.
  const text = realPagesText(args.pages, 3).slice(0, 2000);
  const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  const site = await serve({
    '/article.html': `<!doctype html><html lang="en"><title>Article</title><article>${text
      .split('\n')
      .filter((p) => p.trim())
      .map((p) => `<p>${escape(p)}</p>`)
      .join('')}</article></html>`,
  });
  const samples = {
    sidepanel: { cold: [] as number[], warm: [] as number[] },
    popup: { cold: [] as number[], warm: [] as number[] },
    tokens: { cold: [] as number[], warm: [] as number[], reopened: [] as number[] },
    tokensEstimate: { cold: [] as number[], warm: [] as number[], reopened: [] as number[] },
    views: Object.fromEntries(VIEWS.map((v) => [v, [] as number[]])) as Record<(typeof VIEWS)[number], number[]>,
  };
  const log = (what: string, value: unknown) => process.stderr.write(`${what} ${JSON.stringify(value)}\n`);
  try {
    for (let run = 1; run <= RUNS; run++) {
      await withBrowser(async (ext) => {
        const cold = await measure(ext, 'sidepanel.html', PANEL);
        const warm = await measure(ext, 'sidepanel.html', PANEL);
        samples.sidepanel.cold.push(cold.ms);
        samples.sidepanel.warm.push(warm.ms);
        log(`run ${run} side panel (first paint, first-contentful-paint)`, { cold, warm });
        const views: Record<string, Painted> = {};
        for (const view of VIEWS) {
          views[view] = await measure(ext, `sidepanel.html#${view}`, PANEL);
          samples.views[view].push(views[view].ms);
        }
        log(`run ${run} side panel views, warm`, views);
      });
      await withBrowser(async (ext) => {
        const cold = await measure(ext, 'popup.html', POPUP);
        const warm = await measure(ext, 'popup.html', POPUP);
        samples.popup.cold.push(cold.ms);
        samples.popup.warm.push(warm.ms);
        log(`run ${run} popup`, { cold, warm });
      });
      await withBrowser(async (ext) => {
        const tab = await ext.context.newPage();
        await tab.goto(`${site.origin}/article.html`);
        await tab.evaluate(() => getSelection()!.selectAllChildren(document.querySelector('article')!));
        const tabId = await ext.worker.evaluate(async (url) => (await chrome.tabs.query({})).find((t) => t.url === url)!.id!, tab.url());
        // "Count tokens": the note the menu and the shortcut leave in storage.session
        // (entrypoints/background/tokens-handlers.ts), then the panel opens at #tokens.
        const note = () => ({ 'tokens.pending': { tabId, frameId: 0, source: 'selection', at: Date.now() } });
        await ext.worker.evaluate((items) => chrome.storage.session.set(items), note());
        const { page, painted: cold } = await open(ext, 'sidepanel.html#tokens?count', PANEL);
        // Warm: in the same panel, another view, then "Count tokens" on another selection (the
        // first paragraph only, so the view counts anew); the panel switches back to Tokens.
        await tab.evaluate(() => getSelection()!.selectAllChildren(document.querySelector('article p')!));
        // …once the first count is over (every tokenizer counted: nothing busy).
        await page.waitForFunction(() => !document.querySelector('[aria-busy="true"]'), null, { timeout: 120_000, polling: 100 });
        const warm = await page.evaluate(
          async ([selector, estimate, items]) => {
            const w = window as unknown as { __gleanerWatch: (selector: string) => Promise<number> };
            document.querySelector<HTMLElement>('#tab-chat')!.click();
            const either = `${estimate}, ${selector}`;
            while ([...document.querySelectorAll(either)].some((el) => el.checkVisibility())) await new Promise((resolve) => requestAnimationFrame(resolve));
            const started = performance.now();
            const shown = w.__gleanerWatch(selector);
            const first = w.__gleanerWatch(either);
            await chrome.storage.session.set({ ...items, 'tokens.pending': { ...items['tokens.pending'], at: Date.now() } });
            const timeout = new Promise<number>((_, reject) => setTimeout(() => reject(new Error('no count within 120 s')), 120_000));
            const count = Math.round((await Promise.race([shown, timeout])) - started);
            return { count, estimate: Math.round((await first) - started) };
          },
          [TARGETS.count, TARGETS.estimate, note()] as const,
        );
        await page.close();
        // Reopened: a new panel document (the panel closed and opened again), "Count tokens" on the whole article again.
        await tab.evaluate(() => getSelection()!.selectAllChildren(document.querySelector('article')!));
        await ext.worker.evaluate((items) => chrome.storage.session.set(items), note());
        const reopened = await measure(ext, 'sidepanel.html#tokens?count', PANEL);
        samples.tokens.cold.push(cold.ms);
        samples.tokens.warm.push(warm.count);
        samples.tokens.reopened.push(reopened.ms);
        samples.tokensEstimate.cold.push(cold.estimateMs ?? cold.ms);
        samples.tokensEstimate.warm.push(warm.estimate);
        samples.tokensEstimate.reopened.push(reopened.estimateMs ?? reopened.ms);
        log(`run ${run} tokens first count`, { cold, warm, reopened });
        if (!(Number(cold.shown.replace(/\D/g, '')) > 100)) throw new Error(`the Tokens view showed "${cold.shown}" for ${text.length} characters`);
      });
    }
  } finally {
    await site.close();
  }
  const pair = (s: { cold: number[]; warm: number[] }) => ({ cold: median(s.cold), warm: median(s.warm) });
  console.log(
    JSON.stringify({
      sidepanelFirstPaintMs: pair(samples.sidepanel),
      popupFirstPaintMs: pair(samples.popup),
      tokensFirstCountMs: { ...pair(samples.tokens), reopened: median(samples.tokens.reopened) },
      tokensFirstEstimateMs: { ...pair(samples.tokensEstimate), reopened: median(samples.tokensEstimate.reopened) },
      sidepanelViewsWarmMs: Object.fromEntries(VIEWS.map((v) => [v, median(samples.views[v])])),
    }),
  );
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
