/**
 * The Chromium side of `eval:extract --wcxb <dir> --browser chromium`: each saved page is served
 * on 127.0.0.1 and read in Debian's headless Chromium by the product's own extraction code
 * (`lib/extract/extract-page.ts`, bundled with scripts/wcxb-page.ts), in an isolated world as a
 * content script runs, and by plain Readability in another. Several tabs read pages at once.
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

/**
 * An in-page script: `reader`, one of scripts/wcxb-page.ts's readers, and what it imports (the product's extraction,
 * or Readability alone) in one IIFE. One script per reader: each world evaluates only the code it runs.
 */
async function pageBundle(reader: 'readPlain' | 'readOurs'): Promise<string> {
  const result = await build({
    stdin: { contents: `export { ${reader} } from './wcxb-page';`, resolveDir: fileURLToPath(new URL('.', import.meta.url)), loader: 'ts' },
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
  /** Pages read in it so far. */
  reads: number;
}

/**
 * A tab is closed after this many pages: every page adds two scripts never seen before (below), which its process
 * keeps compiled, and over the whole split (1,497 pages) the process slowed down fourfold.
 */
const READS_PER_TAB = 50;

export interface ChromiumReaderOptions {
  /** Let the saved pages' own scripts run (off by default, see above). */
  pageScripts?: boolean;
  /**
   * Each reader reads the page twice in its world, and the second read is reported: its code compiled, run and warmed on
   * this page. Against the default (cold) run, it tells how much of a reader's time is its code's first run in a page.
   */
  warm?: boolean;
  /** Each page in a new tab (a renderer process of its own), as a content script meets a site just opened; else a tab reads READS_PER_TAB pages. */
  freshProcess?: boolean;
  /** Called with the URL of every request that was blocked (for tests). */
  onBlocked?: (url: string) => void;
}

/** Starts the server and the browser; `read` may be called several times at once (one tab each). */
export async function startChromiumReader(options: ChromiumReaderOptions): Promise<PageReader> {
  const bundles = { readPlain: await pageBundle('readPlain'), readOurs: await pageBundle('readOurs') };
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
    return { page, cdp: await context.newCDPSession(page), reads: 0 };
  };
  let served = 0;
  let worlds = 0;

  const readIn = async (tab: Tab, gzFile: string, url: string): Promise<InPageResult> => {
    const order = ++served;
    const pathname = `/${order}.html`;
    files.set(pathname, gzFile);
    try {
      await tab.page.goto(origin + pathname, { waitUntil: 'domcontentloaded', timeout: PAGE_TIMEOUT_MS });
    } finally {
      files.delete(pathname);
    }
    // Each reader in a content script's world of its own: the page's own globals (and any prototypes its scripts changed)
    // are not seen, and each runs its code cold (see ./wcxb-page). Which goes first alternates from page to page.
    const { frameTree } = await tab.cdp.send('Page.getFrameTree');
    const inWorld = async <T>(reader: keyof typeof bundles, args: string): Promise<T> => {
      const { executionContextId } = await tab.cdp.send('Page.createIsolatedWorld', { frameId: frameTree.frame.id, worldName: `gleaner-eval-${++worlds}` });
      // The world's number ends the script: V8 reuses what it compiled of a script it has seen in this tab's process, and a
      // content script in a page of another site (another process) has nothing to reuse. Each reader compiles its own code.
      const call = `gleanerWcxb.${reader}(${args})`;
      const expression = `${bundles[reader]}\n${options.warm ? `(${call}, ${call})` : call} // ${worlds}`;
      const { result, exceptionDetails } = await tab.cdp.send('Runtime.evaluate', { expression, contextId: executionContextId, returnByValue: true });
      if (exceptionDetails) throw new Error(exceptionDetails.exception?.description?.split('\n')[0] ?? exceptionDetails.text);
      return result.value as T;
    };
    const readBoth = async (): Promise<InPageResult> => {
      const readPlain = () => inWorld<InPageResult['plain']>('readPlain', '');
      const readOurs = () => inWorld<InPageResult['ours']>('readOurs', JSON.stringify(url));
      if (order % 2) {
        const plain = await readPlain();
        return { plain, ours: await readOurs() };
      }
      const ours = await readOurs();
      return { plain: await readPlain(), ours };
    };
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`not read within ${PAGE_TIMEOUT_MS / 1000} s`)), PAGE_TIMEOUT_MS);
    });
    try {
      return await Promise.race([readBoth(), timeout]);
    } finally {
      clearTimeout(timer);
    }
  };

  /** A tab that read a page goes back to the idle ones, or is closed once it has read its share. */
  const release = async (tab: Tab) => {
    if (++tab.reads < (options.freshProcess ? 1 : READS_PER_TAB)) idle.push(tab);
    else await tab.page.close().catch(() => undefined);
  };

  return {
    async read(gzFile, url) {
      const tab = idle.pop() ?? (await openTab());
      try {
        const result = await readIn(tab, gzFile, url);
        await release(tab);
        return result;
      } catch {
        // A crashed or stuck tab is replaced; the page gets one more try in a fresh one.
        await tab.page.close().catch(() => undefined);
      }
      const fresh = await openTab();
      try {
        const result = await readIn(fresh, gzFile, url);
        await release(fresh);
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
