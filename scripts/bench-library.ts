/**
 * Library benchmark in the built extension (headless Chromium or Firefox ESR, real IndexedDB):
 *
 *   npm run bench:library [-- --sizes 1000,10000 --no-build --browser chromium|firefox]
 *
 * 1. extract: real saved pages (Mozilla Readability's regression set) served on
 *    127.0.0.1, extracted in their tab through `capture.extractTab` (the
 *    content-capture path) and stored through `library.ingest`.
 * 2. ingest: generated articles of realistic length (~1,300 words, headings and
 *    paragraphs, Zipf-distributed vocabulary taken from the saved pages) sent from
 *    an extension page as `library.ingest` messages — what `content.capture` calls
 *    after its policy check — 32 in flight, each resolved only once its
 *    transaction committed with strict durability.
 * 3. query: 200 multi-term queries at each size, once the index has settled (the
 *    last writes and background merges done: `settleMs` is that wait); `tookMs`
 *    is measured in the background; `roundTripMs` adds the messaging from an extension page.
 *    Cold (`coldP50Ms`, `coldP95Ms`): 30 more searches, each right after the background was
 *    stopped (Chromium: CDP `ServiceWorker.stopAllWorkers`; Firefox: the event page
 *    terminated), timed in an extension page from sending `library.search` to its answer —
 *    the worker's start, opening the database and reading the index included;
 *    `coldTookP50Ms` is the search's own `tookMs` in the new worker.
 * 4. storage: `navigator.storage.estimate()` of the extension origin; heap of the
 *    service worker (which holds the index) at the largest size (Chromium only:
 *    Firefox's event page has no protocol endpoint to ask).
 * Prints ONE JSON object.
 */
import { execSync } from 'node:child_process';
import { readdirSync, existsSync } from 'node:fs';
import path from 'node:path';
import { serve } from '../tests/e2e/harness';
import { launchChromium } from '../tests/e2e/driver/chromium';
import { launchFirefox } from '../tests/e2e/driver/firefox';
import type { Driver } from '../tests/e2e/driver/types';
import { makeArticle, rng, vocabulary } from './generated-articles';
import { NO_BUILD, PAGES, scriptArgs } from './args';

const { values: args } = scriptArgs(
  {
    ...NO_BUILD,
    ...PAGES,
    sizes: { type: 'string', default: '1000,10000' },
    'no-extract': { type: 'boolean', default: false },
    browser: { type: 'string', default: 'chromium' },
  },
  'npm run bench:library -- [--sizes 1000,10000] [--no-extract] [--browser chromium|firefox] [--pages <dir>] [--no-build]',
);
const PAGES_DIR = path.resolve(args.pages);
/** Searches each made right after the background was stopped. */
const COLD_QUERIES = 30;

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}
const round = (x: number) => Math.round(x * 100) / 100;

/** Used JS heap of the service worker, through the DevTools protocol (workers have no performance.memory). */
async function workerHeapBytes(page: import('playwright-core').Page, workerUrl: string): Promise<number | null> {
  const cdp = await page.context().newCDPSession(page);
  const { targetInfos } = (await cdp.send('Target.getTargets')) as { targetInfos: Array<{ targetId: string; url: string; type: string }> };
  const target = targetInfos.find((t) => t.type === 'service_worker' && t.url === workerUrl);
  if (!target) return null;
  const { sessionId } = (await cdp.send('Target.attachToTarget', { targetId: target.targetId, flatten: false })) as { sessionId: string };
  const reply = new Promise<number | null>((resolve) => {
    cdp.on('Target.receivedMessageFromTarget', (event: { sessionId: string; message: string }) => {
      const msg = JSON.parse(event.message) as { id?: number; result?: { usedSize: number } };
      if (event.sessionId === sessionId && msg.id === 2) resolve(msg.result?.usedSize ?? null);
    });
    setTimeout(() => resolve(null), 10_000);
  });
  // Collect garbage first: the heap in use, not the garbage of 10,000 messages.
  await cdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id: 1, method: 'HeapProfiler.collectGarbage' }) });
  await cdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id: 2, method: 'Runtime.getHeapUsage' }) });
  return reply;
}

async function main(): Promise<void> {
  const sizes = args.sizes.split(',').map(Number);
  const browserName = args.browser;
  if (browserName !== 'chromium' && browserName !== 'firefox') throw new Error('--browser is chromium or firefox');
  if (!args['no-build']) execSync(browserName === 'firefox' ? 'npx wxt build -b firefox' : 'npx wxt build', { stdio: ['ignore', 'ignore', 'inherit'] });
  const chromium = browserName === 'chromium' ? await launchChromium() : null;
  const d: Driver = chromium ?? (await launchFirefox());
  const out: Record<string, unknown> = { browser: browserName };
  try {
    const panel = await d.openExtensionPage('sidepanel.html#library');

    // 1. Extraction of real saved pages in their own tab, through the capture path.
    const names = args['no-extract']
      ? []
      : readdirSync(PAGES_DIR)
          .filter((n) => existsSync(path.join(PAGES_DIR, n, 'source.html')))
          .slice(0, 30);
    const routes = Object.fromEntries(names.map((n) => [`/${n}.html`, `file:${path.join(PAGES_DIR, n, 'source.html')}`]));
    const site = await serve(routes);
    const extractMs: number[] = [];
    let extractError: string | undefined;
    for (const name of names) {
      const url = `${site.origin}/${name}.html`;
      const tab = await d.openWebPage(url, { timeout: 5000 }).catch(() => null);
      try {
        const timing = await panel.evaluate(async (u) => {
          // Filtered here: Firefox's tabs.query({ url }) matches nothing when the URL has a port.
          const t = (await chrome.tabs.query({})).find((candidate) => candidate.url === u);
          const started = performance.now();
          const reply = await chrome.runtime.sendMessage({ gleaner: 1, target: 'background', type: 'capture.extractTab', data: { tabId: t!.id } });
          const ms = performance.now() - started;
          if (!reply?.ok) throw new Error(reply?.error?.message ?? 'no reply');
          const ingest = await chrome.runtime.sendMessage({ gleaner: 1, target: 'background', type: 'library.ingest', data: { page: reply.value } });
          return { ms, ok: !!ingest?.ok };
        }, url);
        extractMs.push(timing.ms);
      } catch (error) {
        extractError = (error as Error).message;
      }
      await tab?.close();
    }
    await site.close();
    out.extract = extractMs.length
      ? {
          medianMs: round(percentile(extractMs, 50)),
          p95Ms: round(percentile(extractMs, 95)),
          pages: extractMs.length,
          note: 'round trip of capture.extractTab (Readability in the page + messaging)',
        }
      : { medianMs: null, p95Ms: null, error: extractError };

    // 2–4. Generated articles at each size.
    const vocab = vocabulary(PAGES_DIR);
    const query: Record<string, unknown> = {};
    let ingested = 0;
    let ingestMs = 0;
    let textBytes = 0;
    for (const size of sizes) {
      while (ingested < size) {
        const batch = Array.from({ length: Math.min(500, size - ingested) }, (_, k) => makeArticle(ingested + k, vocab));
        for (const a of batch) textBytes += Buffer.byteLength(a.text);
        const ms = await panel.evaluate(async (pages) => {
          const started = performance.now();
          let next = 0;
          const lane = async () => {
            while (next < pages.length) {
              const page = pages[next++];
              const reply = await chrome.runtime.sendMessage({ gleaner: 1, target: 'background', type: 'library.ingest', data: { page } });
              if (!reply?.ok) throw new Error(reply?.error?.message);
            }
          };
          await Promise.all(Array.from({ length: 32 }, lane));
          return performance.now() - started;
        }, batch);
        ingestMs += ms;
        ingested += batch.length;
        process.stderr.write(`ingested ${ingested} pages (${(ingested / (ingestMs / 1000)).toFixed(0)} pages/s)\n`);
      }
      // Queries measure the settled index: wait for the last writes and background merges.
      const settleStarted = Date.now();
      while ((await d.request<{ indexing?: boolean }>('library.stats', {})).indexing && Date.now() - settleStarted < 120_000) await new Promise((r) => setTimeout(r, 100));
      const settleMs = Date.now() - settleStarted;
      const random = rng(size);
      const queries = Array.from({ length: 200 }, () => Array.from({ length: 3 + Math.floor(random() * 5) }, () => vocab[Math.floor(vocab.length * random() ** 2)]).join(' '));
      const took: number[] = [];
      const trip: number[] = [];
      for (const q of queries) {
        const started = Date.now();
        const r = await d.request<{ tookMs: number }>('library.search', { query: q, limit: 10 });
        trip.push(Date.now() - started);
        took.push(r.tookMs);
      }
      // Cold: the worker stopped before each search (what MV3 does after 30 s idle), so the
      // search starts a new worker that opens the database and reads the index afresh.
      const cold: number[] = [];
      const coldTook: number[] = [];
      for (const q of queries.slice(0, COLD_QUERIES)) {
        await d.stopBackground();
        const r = await d.inExtension(
          async (data) => {
            const started = performance.now();
            const reply = await chrome.runtime.sendMessage({ gleaner: 1, target: 'background', type: 'library.search', data });
            if (!reply?.ok) throw new Error(reply?.error?.message ?? 'no reply');
            return { ms: performance.now() - started, tookMs: (reply.value as { tookMs: number }).tookMs };
          },
          { query: q, limit: 10 },
        );
        cold.push(r.ms);
        coldTook.push(r.tookMs);
      }
      query[String(size)] = {
        p50Ms: round(percentile(took, 50)),
        p95Ms: round(percentile(took, 95)),
        roundTripP95Ms: round(percentile(trip, 95)),
        coldP50Ms: round(percentile(cold, 50)),
        coldP95Ms: round(percentile(cold, 95)),
        coldTookP50Ms: round(percentile(coldTook, 50)),
        settleMs,
      };
      process.stderr.write(`queries at ${size}: ${JSON.stringify(query[String(size)])}\n`);
    }
    const usage = await panel.evaluate(async () => (await navigator.storage.estimate()).usage ?? 0);
    const stats = await d.request<{ pages: number }>('library.stats', {});
    const heap = chromium ? await workerHeapBytes(await chromium.ext.openPage('popup.html'), chromium.ext.worker.url()).catch(() => null) : null;
    out.ingest = { pagesPerSecond: round(ingested / (ingestMs / 1000)), pages: ingested, concurrency: 32, durability: 'strict' };
    out.query = query;
    out.storage = { bytesPerPage: Math.round(usage / stats.pages), textBytesPerPage: Math.round(textBytes / ingested), pages: stats.pages };
    out.memory = { heapMB: heap === null ? null : round(heap / 1024 / 1024), context: chromium ? 'service worker' : 'event page (not measured)' };
  } finally {
    await d.close();
  }
  console.log(JSON.stringify(out));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
