import puppeteer, { type Browser, type ElementHandle, type Page } from 'puppeteer-core';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { KEEP_NAMES, locate } from './locate';
import type { Driver, DriverPage } from './types';

/**
 * The Firefox driver: Debian's Firefox ESR over WebDriver BiDi with puppeteer-core
 * (what differs from Chrome: the README's Firefox section). The built add-on is
 * installed as a temporary add-on with a pinned UUID, so moz-extension:// URLs are
 * known in advance and stay the same across a restart with the same profile.
 */
const FIREFOX_EXTENSION_DIR = path.resolve(process.env.GLEANER_FIREFOX_EXTENSION_DIR ?? '.output/firefox-mv3');
/** Debian's Firefox ESR: never a downloaded browser. */
const FIREFOX = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';
export const GECKO_ID = 'gleaner@gleaner.local';
const FIREFOX_UUID = '6f1d3c2a-0b7e-4c55-9a51-3e2f0d9c1a77';
const ORIGIN = `moz-extension://${FIREFOX_UUID}`;
const TIMEOUT = 20_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A DriverPage over a puppeteer-core Page (BiDi). */
function firefoxPage(page: Page, downloadDir: string): DriverPage {
  const element = async (query: string, timeout = TIMEOUT): Promise<ElementHandle<Element>> =>
    (await page.waitForFunction(locate, { timeout, polling: 100 }, { query })) as ElementHandle<Element>;
  const now = async (query: string) => {
    const handle = await page.evaluateHandle(locate, { query });
    return handle.asElement() as ElementHandle<Element> | null;
  };
  return {
    evaluate: (fn, arg) => page.evaluate(fn as never, arg) as never,
    waitFor: async (query, options) => void (await element(query, options?.timeout)),
    click: async (query, options) => (await element(query, options?.timeout)).click(),
    async fill(query, value) {
      const handle = await element(query);
      await handle.focus();
      await handle.evaluate((el) => (el as HTMLInputElement).select?.());
      await page.keyboard.press('Backspace');
      if (value) await handle.type(value);
    },
    select: async (query, value) => void (await (await element(query)).select(value)),
    press: (key) => page.keyboard.press(key as never),
    upload: async (query, filePath) => ((await element(query)) as ElementHandle<HTMLInputElement>).uploadFile(filePath),
    text: async (query) => (await (await now(query))?.evaluate((el) => el.textContent)) ?? null,
    attribute: async (query, name) => (await (await now(query))?.evaluate((el, n) => el.getAttribute(n), name)) ?? null,
    count: (query) => page.evaluate(locate, { query, count: true }) as Promise<number>,
    async download(query) {
      const before = new Set(await readdir(downloadDir));
      await this.click(query);
      for (let i = 0; i < 400; i++) {
        const name = (await readdir(downloadDir)).find((n) => !before.has(n) && !n.endsWith('.part'));
        if (name) {
          await sleep(100); // the rename from .part happens once the file is complete
          return { name, text: await readFile(path.join(downloadDir, name), 'utf8') };
        }
        await sleep(50);
      }
      throw new Error(`no download after clicking ${query}`);
    },
    url: () => page.evaluate(() => location.href),
    bringToFront: () => page.bringToFront(),
    close: () => page.close(),
  };
}

export interface FirefoxDriver extends Driver {
  browser: 'firefox';
  puppeteer: Browser;
  profileDir: string;
  downloadDir: string;
  /** Evaluates an expression in Firefox's own chrome scope (browser.xhtml), where the add-on's internals are. */
  chromeScope<T>(expression: string): Promise<T>;
  /** The event page's state as Firefox tracks it ('running', 'suspending', 'stopped', …). */
  backgroundState(): Promise<string>;
}

/**
 * Launches a headless Firefox ESR with the add-on installed and one extension page
 * kept open as the control page. `profileDir` kept across launches keeps
 * storage.local and IndexedDB (a restart); `prefs` adds Firefox preferences.
 */
export async function launchFirefox(options: { profileDir?: string; prefs?: Record<string, unknown>; control?: boolean } = {}): Promise<FirefoxDriver> {
  const profileDir = options.profileDir ?? (await mkdtemp(path.join(tmpdir(), 'gleaner-ff-')));
  const downloadDir = await mkdtemp(path.join(tmpdir(), 'gleaner-ff-downloads-'));
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX,
    headless: true,
    userDataDir: profileDir,
    // Required to open moz-extension:// tabs and to reach the chrome scope.
    args: ['--remote-allow-system-access'],
    extraPrefsFirefox: {
      'extensions.webextensions.uuids': JSON.stringify({ [GECKO_ID]: FIREFOX_UUID }),
      // Downloads (Export…) land in a known folder without asking.
      'browser.download.folderList': 2,
      'browser.download.dir': downloadDir,
      'browser.download.useDownloadDir': true,
      'browser.download.always_ask_before_handling_new_types': false,
      'browser.download.start_downloads_in_tmp_dir': false,
      ...options.prefs,
    },
  });
  try {
    // A temporary add-on: removed at quit, so it is installed again after each launch.
    await browser.installExtension(FIREFOX_EXTENSION_DIR);
  } catch (error) {
    await browser.close();
    throw error;
  }
  type BidiResult = { contexts: { context: string }[]; type: string; result: { type: string; value?: unknown }; exceptionDetails: { text: string } };
  const connection = (browser as unknown as { connection: { send(method: string, params: object): Promise<{ result: BidiResult }> } }).connection;
  let chromeContext: string | null = null;
  const chromeScope = async <T>(expression: string): Promise<T> => {
    chromeContext ??= (await connection.send('browsingContext.getTree', { 'moz:scope': 'chrome' })).result.contexts[0]!.context;
    const { result } = await connection.send('script.evaluate', {
      expression,
      target: { context: chromeContext },
      awaitPromise: true,
      serializationOptions: { maxObjectDepth: 4 },
    });
    if (result.type === 'exception') throw new Error(`chrome scope: ${result.exceptionDetails.text}`);
    return deserialize(result.result) as T;
  };

  async function openExtensionPage(pathname: string, viewport = { width: 420, height: 800 }): Promise<DriverPage> {
    const page = await browser.newPage();
    await page.setViewport(viewport);
    const url = `${ORIGIN}/${pathname}`;
    // page.goto hangs on moz-extension:// (BiDi emits no navigation events there): navigate without waiting, then poll.
    await (page.mainFrame() as unknown as { browsingContext: { navigate(url: string, wait: string): Promise<unknown> } }).browsingContext.navigate(url, 'none');
    for (let i = 0; i < 400; i++) {
      if (await page.evaluate((u) => location.href === u && document.readyState === 'complete', url).catch(() => false)) {
        await page.evaluate(KEEP_NAMES);
        return firefoxPage(page, downloadDir);
      }
      await sleep(50);
    }
    throw new Error(`did not load: ${url}`);
  }

  let control: DriverPage | null = options.control === false ? null : await openExtensionPage('popup.html');
  const controlPage = async () => (control ??= await openExtensionPage('popup.html'));

  const driver: FirefoxDriver = {
    browser: 'firefox',
    puppeteer: browser,
    profileDir,
    downloadDir,
    extensionOrigin: ORIGIN,
    chromeScope,
    backgroundState: () => chromeScope<string>(`String(WebExtensionPolicy.getByID('${GECKO_ID}').extension.backgroundState)`),
    openExtensionPage,
    async openWebPage(url, options) {
      const page = await browser.newPage();
      await page.goto(url, { waitUntil: 'domcontentloaded', timeout: options?.timeout }).catch((error: Error) => {
        if (options?.timeout === undefined) throw error;
      });
      await page.evaluate(KEEP_NAMES);
      await page.bringToFront();
      return firefoxPage(page, downloadDir);
    },
    inExtension: async (fn, arg) => (await controlPage()).evaluate(fn, arg),
    request: async <T>(type: string, data: unknown) =>
      (await controlPage()).evaluate(
        async ([type, data]) => {
          const reply = await chrome.runtime.sendMessage({ gleaner: 1, target: 'background', type, data });
          if (!reply?.ok) throw new Error(`${reply?.error?.name}: ${reply?.error?.message}`);
          return reply.value;
        },
        [type, data] as const,
      ) as Promise<T>,
    tabIdOf: async (url) =>
      // tabs.query({ url }) with a port in the URL matches nothing in Firefox: filter here.
      (await controlPage()).evaluate(async (u) => (await chrome.tabs.query({})).find((tab) => tab.url === u)?.id ?? -1, url),
    async stopBackground() {
      // What Firefox does to an idle event page, now (the add-on test utilities' terminateBackground).
      await chromeScope(`WebExtensionPolicy.getByID('${GECKO_ID}').extension.terminateBackground()`);
    },
    async close() {
      control = null;
      await browser.close();
      await rm(downloadDir, { recursive: true, force: true });
      if (!options.profileDir) await rm(profileDir, { recursive: true, force: true });
    },
  };
  return driver;
}

/** Turns a BiDi remote value into a plain value (primitives, arrays, objects). */
function deserialize(value: { type: string; value?: unknown }): unknown {
  switch (value.type) {
    case 'undefined':
    case 'null':
      return value.type === 'null' ? null : undefined;
    case 'string':
    case 'boolean':
      return value.value;
    case 'number':
      return typeof value.value === 'number' ? value.value : Number(value.value);
    case 'array':
      return (value.value as { type: string }[] | undefined)?.map(deserialize);
    case 'object':
      return Object.fromEntries(((value.value as [string, { type: string }][]) ?? []).map(([k, v]) => [k, deserialize(v)]));
    default:
      return value.value;
  }
}
