import { expect } from 'vitest';
import { chromium, type BrowserContext, type Locator, type Page, type Worker } from 'playwright-core';
import { createServer, type Server } from 'node:http';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';

/** The built Chrome extension the tests load (`npm run test:e2e` builds it first). */
export const EXTENSION_DIR = path.resolve(process.env.GLEANER_EXTENSION_DIR ?? '.output/chrome-mv3');
/** Debian's Chromium: never a downloaded browser. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export interface Extension {
  context: BrowserContext;
  worker: Worker;
  id: string;
  userDataDir: string;
  /** Opens an extension page (e.g. 'popup.html', 'sidepanel.html#tokens') as a tab. */
  openPage(pathname: string): Promise<Page>;
  close(): Promise<void>;
}

/** Launches a fresh headless Chromium with the extension loaded and waits for its service worker. */
export async function launchExtension(options: { webgpu?: boolean; userDataDir?: string; extensionDir?: string; args?: string[] } = {}): Promise<Extension> {
  const extensionDir = options.extensionDir ?? EXTENSION_DIR;
  const userDataDir = options.userDataDir ?? (await mkdtemp(path.join(tmpdir(), 'gleaner-e2e-')));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      `--disable-extensions-except=${extensionDir}`,
      `--load-extension=${extensionDir}`,
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-sandbox',
      ...(options.webgpu ? ['--enable-unsafe-webgpu'] : []),
      ...(options.args ?? []),
    ],
  });
  let [worker] = context.serviceWorkers();
  worker ??= await context.waitForEvent('serviceworker');
  const id = new URL(worker.url()).host;
  return {
    context,
    worker,
    id,
    userDataDir,
    async openPage(pathname) {
      const page = await context.newPage();
      await page.goto(`chrome-extension://${id}/${pathname}`);
      return page;
    },
    async close() {
      await context.close();
      if (!options.userDataDir) await rm(userDataDir, { recursive: true, force: true });
    },
  };
}

/** The side panel's Models view, opened as a tab at its deep link. */
export async function openModels(extension: Extension): Promise<Page> {
  const page = await extension.openPage('sidepanel.html#models');
  await page.getByRole('heading', { name: 'Models' }).waitFor();
  return page;
}

/** Records every text the Models view's progress bar shows (a download can be quick, a failure quicker); returns the reader of what was seen. */
export async function recordProgress(page: Page): Promise<() => Promise<string[]>> {
  await page.evaluate(() => {
    const seen: string[] = [];
    (window as unknown as { seenProgress: string[] }).seenProgress = seen;
    new MutationObserver(() => {
      const text = document.querySelector('.load-progress')?.textContent;
      if (text && seen.at(-1) !== text) seen.push(text);
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  });
  return () => page.evaluate(() => (window as unknown as { seenProgress: string[] }).seenProgress);
}

/** Returns the extension's current service worker (after a restart it is a new one). */

export async function currentWorker(ext: Extension): Promise<Worker> {
  const workers = ext.context.serviceWorkers();
  return workers.at(-1) ?? (await ext.context.waitForEvent('serviceworker'));
}

export interface StaticServer {
  origin: string;
  server: Server;
  close(): Promise<void>;
}

/**
 * Serves pages on 127.0.0.1: `routes` maps a path to HTML (or a file path
 * prefixed with `file:`), so tests use real saved pages.
 */
export async function serve(routes: Record<string, string>): Promise<StaticServer> {
  const server = createServer(async (req, res) => {
    const route = routes[new URL(req.url ?? '/', 'http://x').pathname];
    if (route === undefined) {
      res.writeHead(404).end('not found');
      return;
    }
    const body = route.startsWith('file:') ? await readFile(route.slice(5)) : route;
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    server,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Sends a protocol request from an extension page, as the views do. */
export function requestFromPage<T>(page: Page, type: string, data: unknown): Promise<T> {
  return page.evaluate(
    async ([type, data]) => {
      const reply = await chrome.runtime.sendMessage({ gleaner: 1, target: 'background', type, data });
      if (!reply?.ok) throw new Error(`${reply?.error?.name}: ${reply?.error?.message}`);
      return reply.value;
    },
    [type, data] as const,
  ) as Promise<T>;
}

/**
 * A copy of the built extension whose manifest grants `history` at install.
 * Headless Chromium cannot answer the permission prompt of the optional
 * `history` permission, so the history import's e2e test and benchmark load
 * this copy; the view's permissions.request then resolves at once, and
 * everything after it is the real build. Remove the folder when done.
 */
export async function extensionWithHistoryGranted(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'gleaner-history-ext-'));
  await cp(EXTENSION_DIR, dir, { recursive: true });
  const manifestFile = path.join(dir, 'manifest.json');
  const manifest = JSON.parse(await readFile(manifestFile, 'utf8')) as { permissions: string[]; optional_permissions?: string[] };
  if (!manifest.optional_permissions?.includes('history')) throw new Error('The build does not declare the optional history permission.');
  manifest.permissions.push('history');
  manifest.optional_permissions = manifest.optional_permissions.filter((name) => name !== 'history');
  await writeFile(manifestFile, JSON.stringify(manifest));
  return dir;
}

/**
 * After Summarize in the popup on a page read in several parts: the popup hands it to the side
 * panel, and asks for one more click ("Continue in the side panel") when the first click's gesture
 * ran out before the page was known to be long (a busy machine). Resolves once `next` shows.
 */
export async function continueInSidePanel(popup: Page, next: Locator, timeout = 60_000): Promise<void> {
  const button = popup.getByRole('button', { name: 'Continue in the side panel' });
  await next.or(button).first().waitFor({ timeout });
  if (await button.isVisible()) {
    await button.click();
    await next.waitFor({ timeout });
  }
}

/** Closes the real side panel (opened by a summary handed over from the popup), so that requests left for "the panel" reach the page a test opens. */
export async function closeSidePanel(ext: Extension): Promise<void> {
  await ext.worker.evaluate(async () => {
    const sidePanel = chrome.sidePanel as unknown as { close(options: { windowId: number }): Promise<void> };
    for (const window of await chrome.windows.getAll()) await sidePanel.close({ windowId: window.id! }).catch(() => undefined);
  });
  await expect.poll(() => ext.worker.evaluate(async () => (await chrome.runtime.getContexts({ contextTypes: ['SIDE_PANEL' as never] })).length)).toBe(0);
}
