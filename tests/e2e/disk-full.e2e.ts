import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statfsSync } from 'node:fs';
import { open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchExtension, requestFromPage, serve, type Extension, type StaticServer } from './harness';
import type { CaptureStatusReply } from '@/lib/capture/status';
import type { PageSummary } from '@/lib/library/search';
import { reserveFor, type StorageEstimateLike } from '@/lib/library/storage-guard';

/**
 * Issue 11, item 1: a full disk must never cost the library. Chromium runs
 * with its profile on a 64 MB tmpfs; a ballast file leaves only a little room
 * above the guard's reserve; pages are captured until the guard refuses one.
 * Then: the person was told in plain words (popup and Library view), no raw
 * IndexedDB error reached them, every page stored before the pressure is there
 * after a browser restart, and capture resumes once the ballast is removed.
 * Before the guard, the same run filled the disk: "bulkAdd(): 1 of 1
 * operations failed … AbortError" in the popup and 0 of 44 pages after a restart.
 */

/** Mounting a tmpfs needs root (CI and this machine run as root); elsewhere the test is skipped, loudly. */
function mountTmpfs(): { dir: string; unmount(): void } | string {
  if (process.getuid?.() !== 0) return 'not running as root, so no tmpfs can be mounted';
  const dir = mkdtempSync(path.join(tmpdir(), 'gleaner-disk-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64m', 'tmpfs', dir], { stdio: 'pipe' });
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    return `mount -t tmpfs failed: ${(error as Error).message.split('\n')[0]}`;
  }
  return {
    dir,
    unmount() {
      execFileSync('umount', ['-l', dir], { stdio: 'pipe' });
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

const mount = mountTmpfs();
if (typeof mount === 'string') console.warn(`\n*** SKIPPED disk-full end-to-end test: ${mount}. It must run on CI (root). ***\n`);

const MB = 1024 * 1024;
/** Room left above the reserve: a few large pages fit, then the guard must trip. */
const HEADROOM = 6 * MB;
const DWELL_MS = 400;
const MAX_PAGES = 60;

/** A long article of distinct words (big text and postings, so a page takes real room on disk). */
function articleHtml(n: number): string {
  let seed = n * 7919 + 1;
  const rnd = () => (seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32;
  const word = () => Array.from({ length: 3 + Math.floor(rnd() * 8) }, () => String.fromCharCode(97 + Math.floor(rnd() * 26))).join('');
  const paragraphs = Array.from({ length: 60 }, () => `<p>${Array.from({ length: 900 }, word).join(' ')}.</p>`).join('\n');
  return `<!doctype html><html lang="en"><head><title>Long article ${n}</title></head><body><main><article><h1>Long article ${n}</h1>${paragraphs}</article></main></body></html>`;
}

describe.skipIf(typeof mount === 'string')('a nearly full disk in Chromium (64 MB tmpfs profile)', () => {
  const { dir, unmount } = mount as Exclude<typeof mount, string>;
  const profile = path.join(dir, 'profile');
  const ballast = path.join(dir, 'ballast');
  let ext: Extension;
  let site: StaticServer;
  let views: Page;

  beforeAll(async () => {
    site = await serve(Object.fromEntries(Array.from({ length: MAX_PAGES + 2 }, (_, i) => [`/a/${i}.html`, articleHtml(i)])));
    ext = await launchExtension({ userDataDir: profile });
    await ext.worker.evaluate((dwellMs) => chrome.storage.local.set({ settings: { version: 1, capture: { dwellMs } } }), DWELL_MS);
    views = await ext.openPage('popup.html');
  });
  afterAll(async () => {
    await ext?.close().catch(() => undefined);
    await site?.close();
    unmount();
  });

  const estimate = () =>
    ext.worker.evaluate(async () => {
      const e = (await navigator.storage.estimate()) as StorageEstimate & { usageDetails?: Record<string, number> };
      return { usage: e.usage, quota: e.quota, usageDetails: e.usageDetails };
    }) as Promise<StorageEstimateLike>;
  const tabIdOf = (url: string) => ext.worker.evaluate(async (u) => (await chrome.tabs.query({ url: u }))[0]?.id ?? -1, url);
  const status = (tabId: number) => requestFromPage<CaptureStatusReply>(views, 'capture.status', { tabId });
  const library = async () => (await requestFromPage<{ pages: PageSummary[] }>(views, 'library.recent', { limit: 200 })).pages;

  /** Opens a page, waits until it is stored or refused; returns the final state and the tab. */
  async function visit(n: number): Promise<{ state: string; tab: Page; tabId: number }> {
    const url = `${site.origin}/a/${n}.html`;
    const tab = await ext.context.newPage();
    await tab.goto(url);
    await tab.bringToFront();
    const tabId = await tabIdOf(url);
    let state = '';
    await expect.poll(async () => (state = (await status(tabId)).status.state), { timeout: 30_000 }).toMatch(/^(indexed|storage-full|failed)$/);
    return { state, tab, tabId };
  }

  it('stops saving before the disk is full, says so, keeps every page, and resumes when space is back', async () => {
    // What Chromium reports here: quota = usage + free disk space.
    const before = await estimate();
    const free = before.quota! - before.usage!;
    const statfs = statfsSync(dir);
    console.log(
      `tmpfs: ${((statfs.bavail * statfs.bsize) / MB).toFixed(1)} MB available; estimate: usage ${(before.usage! / MB).toFixed(1)} MB, quota ${(before.quota! / MB).toFixed(1)} MB, free ${(free / MB).toFixed(1)} MB, reserve ${(reserveFor(before) / MB).toFixed(1)} MB`,
    );
    expect(Math.abs(free - statfs.bavail * statfs.bsize)).toBeLessThan(2 * MB);

    // Ballast: leave the reserve plus a little headroom.
    const ballastBytes = free - reserveFor(before) - HEADROOM;
    expect(ballastBytes).toBeGreaterThan(0);
    const file = await open(ballast, 'w');
    await file.write(Buffer.alloc(ballastBytes, 1));
    await file.close();

    const stored: string[] = [];
    let refused: { tab: Page; tabId: number } | null = null;
    for (let n = 0; n < MAX_PAGES && !refused; n++) {
      const { state, tab, tabId } = await visit(n);
      expect(state, `page ${n}: the browser refused a write instead of the guard stopping it first`).not.toBe('failed');
      if (state === 'indexed') {
        stored.push(`${site.origin}/a/${n}.html`);
        await tab.close();
      } else refused = { tab, tabId };
    }
    expect(refused, `the guard never tripped in ${MAX_PAGES} pages`).not.toBeNull();
    expect(stored.length).toBeGreaterThan(0);
    const afterFree = statfsSync(dir);
    console.log(`guard tripped after ${stored.length} pages with ${((afterFree.bavail * afterFree.bsize) / MB).toFixed(1)} MB still free on the disk`);

    // The person is told in plain words, in the popup and in the Library view; no raw error.
    const popup = await ext.openPage(`popup.html?tab=${refused!.tabId}`);
    await expect.poll(() => popup.getByTestId('capture-headline').textContent(), { timeout: 10_000 }).toBe('Not saved: your disk is almost full');
    const popupText = (await popup.getByTestId('capture-status').textContent()) ?? '';
    expect(popupText).toContain('saving resumes by itself');
    expect(popupText).not.toMatch(/AbortError|bulkAdd|operations failed|backing store|QuotaExceeded/);
    await popup.close();
    const panel = await ext.openPage('sidepanel.html#library');
    await expect.poll(() => panel.getByTestId('storage-full').textContent(), { timeout: 10_000 }).toContain('Your disk is almost full');
    expect((await panel.locator('body').textContent()) ?? '').not.toMatch(/AbortError|bulkAdd|operations failed|backing store/);
    await panel.close();
    await refused!.tab.close();
    expect((await library()).map((p) => p.url).sort()).toEqual([...stored].sort());

    // A browser restart: every page stored before the pressure is still there.
    await ext.close();
    ext = await launchExtension({ userDataDir: profile });
    views = await ext.openPage('popup.html');
    expect((await library()).map((p) => p.url).sort()).toEqual([...stored].sort());

    // Space is back: capture resumes by itself (same worker, no reload).
    await rm(ballast);
    const next = await visit(MAX_PAGES + 1);
    expect(next.state).toBe('indexed');
    const panelAfter = await ext.openPage('sidepanel.html#library');
    await expect.poll(async () => (await library()).length, { timeout: 10_000 }).toBe(stored.length + 1);
    await expect.poll(() => panelAfter.getByTestId('storage-full').count()).toBe(0);
  });
});
