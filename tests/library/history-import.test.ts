import 'fake-indexeddb/auto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { JSDOM } from 'jsdom';
import { openLibraryDb } from '@/lib/library/db';
import { ingestPage } from '@/lib/library/ingest';
import { fetchAndExtract } from '@/lib/extract/fetch-page';
import { importProgress, newImportState, planHistoryImport, runHistoryImport, type ImportState, type RunDeps } from '@/lib/library/history-import';
import { DEFAULT_SETTINGS } from '@/lib/settings';

/** An article page generated here (long enough to be captured). */
function article(n: number): string {
  const paragraphs = Array.from(
    { length: 6 },
    (_, i) => `<p>Entry ${n}, paragraph ${i}: the lighthouse keeper number ${n} wrote about storms, ships, lamps and the long winter nights on the rocky island.</p>`,
  );
  return `<!doctype html><html lang="en"><head><title>Log ${n}</title></head><body><article><h1>Log ${n}</h1>${paragraphs.join('')}</article></body></html>`;
}

let server: Server;
let origin: string;
const cookiesSeen: (string | undefined)[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    cookiesSeen.push(req.headers.cookie);
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const page = /^\/log\/(\d+)$/.exec(path);
    if (page) res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(article(Number(page[1])));
    else if (path === '/image.png') res.writeHead(200, { 'content-type': 'image/png' }).end('png');
    else res.writeHead(404).end('gone');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const fetchPage = (url: string) => fetchAndExtract(url, { fetch, parse: (html) => new JSDOM(html).window.document });

/** The import's storage slot, as storage.local keeps it (a structured clone per read and write). */
function memoryStore(initial: ImportState) {
  let stored = structuredClone(initial);
  return { load: async () => structuredClone(stored), save: async (state: ImportState) => void (stored = structuredClone(state)), peek: () => stored };
}

describe('planning an import from the browsing history', () => {
  it('keeps only what the capture policy allows (the pause aside), one entry per address, newest first', () => {
    const settings = { ...structuredClone(DEFAULT_SETTINGS.capture), paused: true, excludedSites: ['news.example'] };
    const plan = planHistoryImport(
      [
        { url: 'https://blog.example/a', title: 'A', lastVisitTime: 100, visitCount: 2 },
        { url: 'https://blog.example/a#section', title: 'A', lastVisitTime: 300 },
        { url: 'https://blog.example/b', title: 'B', lastVisitTime: 200 },
        { url: 'https://www.news.example/today', lastVisitTime: 50 },
        { url: 'https://mail.google.com/mail/u/0/', lastVisitTime: 60 },
        { url: 'chrome://settings/', lastVisitTime: 70 },
        { url: 'file:///home/me/notes.html', lastVisitTime: 80 },
      ],
      settings,
    );
    expect(plan.items).toEqual([
      { url: 'https://blog.example/a', title: 'A', visitedAt: 300, visitCount: 3 },
      { url: 'https://blog.example/b', title: 'B', visitedAt: 200, visitCount: 1 },
    ]);
    expect(plan.skipped).toEqual({ duplicate: 1, excluded: 1, sensitive: 1, 'not-http': 2 });
    // Settings that cannot be read: nothing at all (fail closed).
    expect(planHistoryImport([{ url: 'https://blog.example/a' }], null).items).toEqual([]);
  });
});

describe('running an import (real HTTP server, real extraction, real ingest on IndexedDB)', () => {
  it('adds the pages with their visit times, skips what it must with reasons, and resumes after a stop without adding or counting twice', async () => {
    const db = openLibraryDb({ name: `history-${Math.random()}` });
    const entries = Array.from({ length: 12 }, (_, i) => ({ url: `${origin}/log/${i}`, title: `Log ${i}`, lastVisitTime: Date.UTC(2026, 9, 1 + i) }));
    entries.push(
      { url: `${origin}/missing`, title: 'Missing', lastVisitTime: Date.UTC(2026, 9, 20) },
      { url: `${origin}/image.png`, title: 'Image', lastVisitTime: Date.UTC(2026, 9, 21) },
    );
    const plan = planHistoryImport(entries, DEFAULT_SETTINGS.capture);
    const store = memoryStore(newImportState(plan, 90, Date.now()));
    const ingested: string[] = [];
    const deps = (stopAfter: number | null): RunDeps => {
      let fetched = 0;
      return {
        ...store,
        // A stop after `stopAfter` pages: later fetches never answer, as when the worker is killed mid-request.
        fetchPage: (url) => (stopAfter !== null && fetched++ >= stopAfter ? new Promise(() => undefined) : fetchPage(url)),
        ingest: async (page, visit) => (ingested.push(page.url), ingestPage(db, page, {}, visit)),
        settings: async () => DEFAULT_SETTINGS.capture,
        now: Date.now,
        sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
        concurrency: 3,
        hostDelayMs: 0,
      };
    };
    // The first worker stops after 5 pages (its run never returns: it is abandoned, as a killed worker is).
    void runHistoryImport(deps(5));
    await expect.poll(() => Object.keys(store.peek().outcomes).length, { timeout: 10_000 }).toBe(5);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(Object.keys(store.peek().outcomes).length).toBe(5);
    // A new worker picks the saved state up and finishes.
    const final = await runHistoryImport(deps(null));
    expect(final!.status).toBe('done');
    const progress = importProgress(final!);
    expect(progress).toMatchObject({ total: 14, done: 14, added: 12, updated: 0, unchanged: 0, skipped: { 'not-found': 1, 'not-text': 1 } });
    expect(new Set(ingested).size).toBe(ingested.length);
    expect(await db.pages.count()).toBe(12);
    const stored = await db.pages.where('url').equals(`${origin}/log/3`).first();
    expect(stored!.visitedAt).toBe(Date.UTC(2026, 9, 4));
    expect(stored!.title).toBe('Log 3');
    // Fetches send no cookies (Node's fetch has none either; the e2e test checks it in Chromium with a cookie set).
    expect(cookiesSeen.every((cookie) => cookie === undefined)).toBe(true);
    db.close();
  });

  it('keeps a per-host pause between two requests and pauses when told to', async () => {
    const entries = Array.from({ length: 4 }, (_, i) => ({ url: `${origin}/log/${i}`, lastVisitTime: i + 1 }));
    const store = memoryStore(newImportState(planHistoryImport(entries, DEFAULT_SETTINGS.capture), 7, Date.now()));
    const starts: number[] = [];
    let clock = 0;
    const final = await runHistoryImport({
      ...store,
      fetchPage: async (url) => {
        starts.push(clock);
        if (starts.length === 2) {
          // Paused from a view after the second page started.
          const state = await store.load();
          await store.save({ ...state!, status: 'paused' });
        }
        return fetchPage(url);
      },
      ingest: async () => ({ status: 'added' }),
      settings: async () => DEFAULT_SETTINGS.capture,
      now: () => clock,
      sleep: async (ms) => void (clock += ms),
      concurrency: 4,
      hostDelayMs: 1000,
    });
    expect(final!.status).toBe('paused');
    expect(starts).toEqual([0, 1000]);
    expect(importProgress(final!).done).toBe(2);
  });
});
