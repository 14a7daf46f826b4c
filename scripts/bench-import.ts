import { execSync } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { rm } from 'node:fs/promises';
import { extensionWithHistoryGranted, launchExtension, requestFromPage } from '../tests/e2e/harness';
import { fillerPage, makePdf } from '../tests/support/pdf-writer';
import { NO_BUILD, scriptArgs } from './args';

const { values: args } = scriptArgs(
  { ...NO_BUILD, pages: { type: 'string', default: '300' }, 'pdf-pages': { type: 'string', default: '200' }, 'host-delay': { type: 'string', default: '0' } },
  'npm run bench:import -- [--pages 300] [--pdf-pages 200] [--host-delay <ms>] [--no-build]',
);

// Figures of "bring in what you read before", in Chromium with the built extension:
// - history: N served article pages put in the browser's history, then imported
//   (fetch without cookies + extraction in the engine host + ingest), 4 at a time over
//   two host names; the per-host delay is --host-delay (the product's default is 1000 ms,
//   which caps one host at 60 pages a minute; 0 measures the pipeline itself);
// - pdf: the text extraction (pdf.js in the engine host, its own worker) of a generated
//   PDF of --pdf-pages pages, through the same request a summary makes.
// Prints one JSON object.
const PAGES = Number(args.pages);
const PDF_PAGES = Number(args['pdf-pages']);
const HOST_DELAY = Number(args['host-delay']);

function article(n: number): string {
  const paragraphs = fillerPage(n, 8).map((p) => `<p>${p}</p>`);
  return `<!doctype html><html lang="en"><head><title>Ledger ${n}</title></head><body><article><h1>Ledger ${n}</h1>${paragraphs.join('')}</article></body></html>`;
}
const pdf = makePdf(
  Array.from({ length: PDF_PAGES }, (_, i) => fillerPage(i + 1, 5)),
  'Long report',
);

if (!args['no-build']) execSync('npx wxt build', { stdio: 'ignore' });
const server = createServer((req, res) => {
  const path = new URL(req.url ?? '/', 'http://x').pathname;
  const match = /^\/ledger\/(\d+)$/.exec(path);
  if (match) res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(article(Number(match[1])));
  else if (path === '/long.pdf') res.writeHead(200, { 'content-type': 'application/pdf', 'content-length': pdf.length }).end(pdf);
  else res.writeHead(404).end();
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const port = (server.address() as AddressInfo).port;
const urlOf = (n: number) => `http://${n % 2 ? 'localhost' : '127.0.0.1'}:${port}/ledger/${n}`;

const extensionDir = await extensionWithHistoryGranted();
const ext = await launchExtension({ extensionDir });
try {
  await ext.worker.evaluate(() => chrome.storage.local.set({ settings: { version: 1, engine: { backend: 'test' }, capture: { paused: true } } }));
  // The history as if these pages had been read before Gleaner was installed.
  await ext.worker.evaluate(
    async (urls) => {
      for (const url of urls) await chrome.history.addUrl({ url });
    },
    Array.from({ length: PAGES }, (_, n) => urlOf(n)),
  );
  const page = await ext.openPage('sidepanel.html#library');
  const plan = await requestFromPage<{ pages: number }>(page, 'history.plan', { days: 7 });
  const started = performance.now();
  await requestFromPage(page, 'history.start', { days: 7, pacing: { concurrency: 4, hostDelayMs: HOST_DELAY } });
  let progress: { status: string; added: number; done: number; total: number };
  for (;;) {
    progress = await requestFromPage(page, 'history.status', {});
    if (progress.status !== 'running') break;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  const historySeconds = (performance.now() - started) / 1000;

  const tab = await ext.context.newPage();
  await tab.goto(`http://127.0.0.1:${port}/long.pdf`).catch(() => undefined);
  const tabId = await ext.worker.evaluate(async (url) => (await chrome.tabs.query({ url }))[0]!.id!, `http://127.0.0.1:${port}/long.pdf`);
  // The first read also starts the engine host; the second is timed.
  await requestFromPage(page, 'answers.readTab', { tabId });
  const pdfStart = performance.now();
  const read = await requestFromPage<{ text: string; wordCount: number }>(page, 'answers.readTab', { tabId });
  const pdfSeconds = (performance.now() - pdfStart) / 1000;

  console.log(
    JSON.stringify({
      history: {
        pages: progress.added,
        planned: plan.pages,
        seconds: Number(historySeconds.toFixed(1)),
        pagesPerMinute: Math.round((progress.added / historySeconds) * 60),
        concurrency: 4,
        hostDelayMs: HOST_DELAY,
        hosts: 2,
      },
      pdf: { pages: PDF_PAGES, bytes: pdf.length, words: read.wordCount, seconds: Number(pdfSeconds.toFixed(2)), pagesPerSecond: Number((PDF_PAGES / pdfSeconds).toFixed(1)) },
    }),
  );
} finally {
  await ext.close();
  server.close();
  await rm(extensionDir, { recursive: true, force: true });
}
