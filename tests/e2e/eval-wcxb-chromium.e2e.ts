import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { extractPage } from '@/lib/extract/extract-page';
import { wcxbF1 } from '@/lib/extract/wcxb-score';
import { allowedRequest, startChromiumReader, type PageReader } from '../../scripts/wcxb-chromium';
import { parseHtml } from '../../scripts/html-document';
import { fixturesDir } from '../support/fixtures';

// `eval:extract --wcxb <dir> --browser chromium`: saved pages are read in Chromium by the product's
// extraction, and never reach the network (they reference CSS, images and frames on the internet).

describe('the WCXB evaluation in Chromium', () => {
  let reader: PageReader;
  let outside: Server;
  let outsidePort = 0;
  const outsideRequests: string[] = [];
  const blocked: string[] = [];
  let dir = '';

  beforeAll(async () => {
    // Another server on this machine stands in for "elsewhere": no page may reach it.
    outside = createServer((req, res) => {
      outsideRequests.push(req.url ?? '');
      res.writeHead(200, { 'content-type': 'text/css' }).end('body { color: red }');
    });
    await new Promise<void>((resolve) => outside.listen(0, '127.0.0.1', resolve));
    outsidePort = (outside.address() as AddressInfo).port;
    dir = await mkdtemp(path.join(tmpdir(), 'gleaner-wcxb-'));
    reader = await startChromiumReader({ onBlocked: (url) => blocked.push(url) });
  });

  afterAll(async () => {
    await reader?.close();
    await new Promise<void>((resolve) => outside.close(() => resolve()));
    await rm(dir, { recursive: true, force: true });
  });

  it('allows only the page’s own server', () => {
    expect(allowedRequest('http://127.0.0.1:4000/1.html', 'http://127.0.0.1:4000')).toBe(true);
    expect(allowedRequest('http://127.0.0.1:4000/style.css', 'http://127.0.0.1:4000')).toBe(true);
    expect(allowedRequest('http://127.0.0.1:4001/style.css', 'http://127.0.0.1:4000')).toBe(false);
    expect(allowedRequest('http://localhost:4000/style.css', 'http://127.0.0.1:4000')).toBe(false);
    expect(allowedRequest('https://example.com/a.png', 'http://127.0.0.1:4000')).toBe(false);
    expect(allowedRequest('not a url', 'http://127.0.0.1:4000')).toBe(false);
  });

  it('reads a real saved page exactly as extractPage does, and lets none of its requests out', async () => {
    const file = path.join(fixturesDir, 'wcxb', '0385.html.gz');
    const { url } = JSON.parse(await readFile(path.join(fixturesDir, 'wcxb', '0385.json'), 'utf8')) as { url: string };
    const read = await reader.read(file, url);
    const expected = extractPage(parseHtml(gunzipSync(await readFile(file)).toString('utf8'), url), url);
    expect(read.ours.text.length).toBeGreaterThan(2000);
    expect(read.ours.text).toBe(expected.text);
    expect(read.ours.isArticle).toBe(expected.isArticle);
    expect(read.plain.text).toContain('Yann LeCun');
    // The page's stylesheets and images on its own site were asked for, and refused.
    expect(blocked.some((request) => new URL(request).host === 'static.digit.in')).toBe(true);
  });

  it('reads an article whose page has forms with a control named "id" (a browser then shadows the form\'s id property)', async () => {
    // A Shopify blog post: its cart forms hold <input name="id">, so in Chromium `form.id` is that input, not a
    // string. The rules that read class and id names threw on it, and the page fell back to its visible text
    // (breadcrumbs, "Recommend Posts" twice: F1 0.857). jsdom does not shadow `id` so, hence a test in Chromium.
    const file = path.join(fixturesDir, 'wcxb', '0234.html.gz');
    const { url, ground_truth: gold } = JSON.parse(await readFile(path.join(fixturesDir, 'wcxb', '0234.json'), 'utf8')) as {
      url: string;
      ground_truth: { main_content: string };
    };
    const read = await reader.read(file, url);
    expect(read.ours.isArticle).toBe(true);
    expect(read.ours.text).not.toContain('Recommend Posts');
    expect(wcxbF1(read.ours.text, gold.main_content).f1).toBeGreaterThan(0.95);
  });

  it('blocks other servers of this machine and does not run the page’s scripts', async () => {
    const file = path.join(dir, 'page.html.gz');
    const elsewhere = `http://127.0.0.1:${outsidePort}`;
    const html = `<!doctype html><html><head><title>Kept local</title><meta http-equiv="refresh" content="0;url=${elsewhere}/next.html">
      <link rel="stylesheet" href="${elsewhere}/style.css"><link rel="preconnect" href="http://localhost:${outsidePort}">
      <script src="${elsewhere}/app.js"></script></head>
      <body><main><h1>Kept local</h1><p>${'A paragraph of the article that the reader must find in the page. '.repeat(12)}</p>
      <img src="http://localhost:${outsidePort}/photo.png"><iframe src="${elsewhere}/frame.html"></iframe>
      <script>document.querySelector('main').append('INLINE SCRIPT RAN')</script></main></body></html>`;
    await writeFile(file, gzipSync(html));
    const read = await reader.read(file, 'https://example.org/kept-local');
    expect(read.ours.text).toContain('A paragraph of the article that the reader must find in the page.');
    expect(read.ours.text).not.toContain('INLINE SCRIPT RAN');
    expect(outsideRequests).toEqual([]);
    // Asked for and refused (with scripts off, Chromium does not even ask for app.js).
    // A meta refresh to elsewhere is refused too (it fires after the page loaded).
    await expect.poll(() => blocked).toContain(`${elsewhere}/next.html`);
    expect(blocked).toEqual(expect.arrayContaining([`${elsewhere}/style.css`, `${elsewhere}/frame.html`, `http://localhost:${outsidePort}/photo.png`]));
  });
});
