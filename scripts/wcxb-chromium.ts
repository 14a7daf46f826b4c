/**
 * The Chromium side of `eval:extract --wcxb <dir> --browser chromium`: each saved page is served
 * on 127.0.0.1 and read in Debian's headless Chromium by the product's own extraction code
 * (`lib/extract/extract-page.ts`, bundled with scripts/wcxb-page.ts), in an isolated world as a
 * content script runs, with plain Readability beside it. Several tabs read pages at once.
 *
 * Saved pages reference sites on the internet (CSS, images, fonts, frames): nothing leaves the
 * machine. Every request but those to the page's own 127.0.0.1 server is aborted, and host
 * names do not resolve at all (which also stops preconnects and DNS prefetches, which bypass
 * request interception). The pages' own scripts do not run unless asked (`pageScripts`): a saved
 * page is a snapshot, so its scripts, cut off from their servers, would only make the reading
 * differ from run to run; the jsdom path runs none either.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { chromium, type Browser, type BrowserContext, type CDPSession, type Page } from 'playwright-core';
import type { InPageResult } from './wcxb-page';

/** Debian's Chromium: never a downloaded browser. */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** A page that has not loaded or been read by then is counted as failed (after one retry in a fresh tab). */
const PAGE_TIMEOUT_MS = 60_000;
/** Chromium resolves no host name: only IP literals (the 127.0.0.1 server) can be reached. */
const NO_DNS = '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1';

/** True when a page under test may make this request: only to its own server (`origin`), never elsewhere. */
export function allowedRequest(url: string, origin: string): boolean {
  try {
    return new URL(url).origin === origin;
  } catch {
    return false;
  }
}

/** The in-page script: scripts/wcxb-page.ts and what it imports (the product's extraction, Readability) in one IIFE. */
async function pageBundle(): Promise<string> {
  const result = await build({
    entryPoints: [fileURLToPath(new URL('./wcxb-page.ts', import.meta.url))],
    bundle: true,
    format: 'iife',
    globalName: 'gleanerWcxb',
    platform: 'browser',
    target: 'chrome120',
    write: false,
    logLevel: 'silent',
  });
  return result.outputFiles[0]!.text;
}

export interface PageReader {
  /** Reads the page saved gzipped at `gzFile`, whose original address was `url`. */
  read(gzFile: string, url: string): Promise<InPageResult>;
  close(): Promise<void>;
}

/** One tab and the DevTools session that evaluates in its isolated world. */
interface Tab {
  page: Page;
  cdp: CDPSession;
}

export interface ChromiumReaderOptions {
  /** Let the saved pages' own scripts run (off by default, see above). */
  pageScripts?: boolean;
  /** Called with the URL of every request that was blocked (for tests). */
  onBlocked?: (url: string) => void;
}

/** Starts the server and the browser; `read` may be called several times at once (one tab each). */
export async function startChromiumReader(options: ChromiumReaderOptions): Promise<PageReader> {
  const bundle = await pageBundle();
  const files = new Map<string, string>();
  const server: Server = createServer(async (req, res) => {
    const file = files.get(new URL(req.url ?? '/', 'http://x').pathname);
    if (!file) {
      res.writeHead(404).end();
      return;
    }
    try {
      // Decoded as UTF-8 whatever the page declares, as the jsdom path decodes it.
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-encoding': 'gzip' }).end(await readFile(file));
    } catch {
      res.writeHead(500).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const launch = async (): Promise<{ browser: Browser; context: BrowserContext }> => {
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', NO_DNS, '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    const context = await browser.newContext({ javaScriptEnabled: options.pageScripts ?? false, serviceWorkers: 'block' });
    await context.route(
      (url) => !allowedRequest(url.href, origin),
      (route) => {
        options.onBlocked?.(route.request().url());
        // A navigation away (a meta refresh, a frame) answered "204 No Content" leaves the document as
        // it is; an aborted one would replace it with an error page.
        return route.request().isNavigationRequest() ? route.fulfill({ status: 204 }) : route.abort('blockedbyclient');
      },
    );
    return { browser, context };
  };
  let running = launch();
  await running;
  const idle: Tab[] = [];
  const openTab = async (): Promise<Tab> => {
    let current = running;
    // A browser that died (out of memory on a busy machine) is started again, once for all tabs.
    if (!(await current).browser.isConnected()) {
      if (running === current) running = launch();
      current = running;
    }
    const { context } = await current;
    const page = await context.newPage();
    return { page, cdp: await context.newCDPSession(page) };
  };
  let served = 0;

  const readIn = async (tab: Tab, gzFile: string, url: string): Promise<InPageResult> => {
    const pathname = `/${++served}.html`;
    files.set(pathname, gzFile);
    try {
      await tab.page.goto(origin + pathname, { waitUntil: 'domcontentloaded', timeout: PAGE_TIMEOUT_MS });
    } finally {
      files.delete(pathname);
    }
    // A content script's world: the page's own globals (and any prototypes its scripts changed) are not seen.
    const { frameTree } = await tab.cdp.send('Page.getFrameTree');
    const { executionContextId } = await tab.cdp.send('Page.createIsolatedWorld', { frameId: frameTree.frame.id, worldName: 'gleaner-eval' });
    const evaluation = tab.cdp.send('Runtime.evaluate', {
      expression: `${bundle}\ngleanerWcxb.readBoth(${JSON.stringify(url)})`,
      contextId: executionContextId,
      returnByValue: true,
    });
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`not read within ${PAGE_TIMEOUT_MS / 1000} s`)), PAGE_TIMEOUT_MS);
    });
    try {
      const { result, exceptionDetails } = await Promise.race([evaluation, timeout]);
      if (exceptionDetails) throw new Error(exceptionDetails.exception?.description?.split('\n')[0] ?? exceptionDetails.text);
      return result.value as InPageResult;
    } finally {
      clearTimeout(timer);
    }
  };

  return {
    async read(gzFile, url) {
      const tab = idle.pop() ?? (await openTab());
      try {
        const result = await readIn(tab, gzFile, url);
        idle.push(tab);
        return result;
      } catch {
        // A crashed or stuck tab is replaced; the page gets one more try in a fresh one.
        await tab.page.close().catch(() => undefined);
      }
      const fresh = await openTab();
      try {
        const result = await readIn(fresh, gzFile, url);
        idle.push(fresh);
        return result;
      } catch (error) {
        await fresh.page.close().catch(() => undefined);
        throw error;
      }
    },
    async close() {
      await (await running).browser.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
