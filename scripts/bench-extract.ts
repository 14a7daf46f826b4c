/**
 * Extraction time in the page, in Chromium: the built extension's content
 * script extracts every saved page of ../shared/fixtures/readability-pages
 * (served on 127.0.0.1) on demand, and reports the `extractMs` it measured on
 * the page's main thread. Build first (`npx wxt build`).
 *
 *   npm run bench:extract [-- <pages dir>]
 */
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { launchExtension, requestFromPage, serve } from '../tests/e2e/harness';
import { PAGES, scriptArgs } from './args';

const { values: args } = scriptArgs(PAGES, 'npm run bench:extract -- [--pages <readability-pages-dir>]');
const dir = path.resolve(args.pages);
const names = (await readdir(dir, { withFileTypes: true }))
  .filter((e) => e.isDirectory())
  .map((e) => e.name)
  .sort();
const routes = Object.fromEntries(names.map((name) => [`/${name}/page.html`, `file:${path.join(dir, name, 'source.html')}`]));
const site = await serve(routes);
const ext = await launchExtension();
const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
try {
  // Long dwell: only the on-demand extractions below run.
  await ext.worker.evaluate(() => chrome.storage.local.set({ settings: { version: 1, capture: { dwellMs: 3_600_000 } } }));
  // Saved pages reference sites this machine cannot reach: fail those requests at once, as offline.
  await ext.context.route(/^https?:\/\/(?!127\.0\.0\.1[:/])/, (route) => route.abort());
  const views = await ext.openPage('popup.html');
  const times: Array<{ name: string; ms: number; words: number }> = [];
  const failures: string[] = [];
  for (const name of names) {
    const page = await ext.context.newPage();
    try {
      await page.goto(`${site.origin}/${name}/page.html`, { waitUntil: 'domcontentloaded', timeout: 15_000 });
      const tabId = await ext.worker.evaluate(async (url) => (await chrome.tabs.query({ url }))[0]?.id ?? -1, page.url());
      const extracted = await requestFromPage<{ extractMs: number; wordCount: number }>(views, 'capture.extractTab', { tabId });
      times.push({ name, ms: extracted.extractMs, words: extracted.wordCount });
    } catch (error) {
      failures.push(`${name}: ${(error as Error).message.split('\n')[0]}`);
    } finally {
      await page.close();
    }
  }
  const sorted = times.map((t) => t.ms).sort((a, b) => a - b);
  const slowest = [...times].sort((a, b) => b.ms - a.ms).slice(0, 3);
  console.log(`pages ${times.length} extracted in Chromium (${failures.length} failed${failures.length ? `: ${failures.join('; ')}` : ''})`);
  console.log(`slowest: ${slowest.map((t) => `${t.name} ${t.ms.toFixed(1)} ms (${t.words} words)`).join(', ')}`);
  console.log(
    JSON.stringify({
      extract: { pages: times.length, medianMs: +quantile(sorted, 0.5).toFixed(1), p95Ms: +quantile(sorted, 0.95).toFixed(1), maxMs: +(sorted.at(-1) ?? 0).toFixed(1) },
    }),
  );
} finally {
  await ext.close();
  await site.close();
}
