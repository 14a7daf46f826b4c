import type { ElementHandle, Page } from 'playwright-core';
import { readFile } from 'node:fs/promises';
import { launchExtension, type Extension } from '../harness';
import { KEEP_NAMES, locate } from './locate';
import type { Driver, DriverPage } from './types';

const TIMEOUT = 20_000;

/** A DriverPage over a playwright-core Page. */
function chromiumPage(page: Page): DriverPage {
  const element = async (query: string, timeout = TIMEOUT): Promise<ElementHandle> => {
    const handle = await page.waitForFunction(locate, { query }, { timeout, polling: 100 });
    return handle.asElement()!;
  };
  const now = (query: string) => page.evaluateHandle(locate, { query }).then((h) => h.asElement());
  return {
    evaluate: (fn, arg) => page.evaluate(fn as never, arg) as never,
    waitFor: async (query, options) => void (await element(query, options?.timeout)),
    click: async (query, options) => (await element(query, options?.timeout)).click(),
    fill: async (query, value) => (await element(query)).fill(value),
    select: async (query, value) => void (await (await element(query)).selectOption(value)),
    press: (key) => page.keyboard.press(key),
    upload: async (query, filePath) => (await element(query)).setInputFiles(filePath),
    text: async (query) => (await (await now(query))?.textContent()) ?? null,
    attribute: async (query, name) => (await (await now(query))?.getAttribute(name)) ?? null,
    count: (query) => page.evaluate(locate, { query, count: true }) as Promise<number>,
    async download(query) {
      const [download] = await Promise.all([page.waitForEvent('download'), this.click(query)]);
      return { name: download.suggestedFilename(), text: await readFile((await download.path())!, 'utf8') };
    },
    url: async () => page.url(),
    bringToFront: () => page.bringToFront(),
    close: () => page.close(),
  };
}

/** The Chromium driver: the harness's launch (Debian's Chromium, playwright-core), one control page. */
export async function launchChromium(options: { userDataDir?: string } = {}): Promise<Driver & { ext: Extension }> {
  const ext = await launchExtension(options);
  const control = await ext.openPage('popup.html');
  await control.evaluate(KEEP_NAMES);
  const driver: Driver & { ext: Extension } = {
    browser: 'chromium',
    ext,
    extensionOrigin: `chrome-extension://${ext.id}`,
    async openExtensionPage(pathname, viewport) {
      const page = await ext.context.newPage();
      if (viewport) await page.setViewportSize(viewport);
      await page.goto(`chrome-extension://${ext.id}/${pathname}`);
      await page.evaluate(KEEP_NAMES);
      return chromiumPage(page);
    },
    async openWebPage(url, options) {
      const page = await ext.context.newPage();
      await page.goto(url, { waitUntil: 'domcontentloaded', timeout: options?.timeout }).catch((error: Error) => {
        if (options?.timeout === undefined) throw error;
      });
      await page.evaluate(KEEP_NAMES);
      await page.bringToFront();
      return chromiumPage(page);
    },
    inExtension: (fn, arg) => control.evaluate(fn as never, arg) as never,
    request: <T>(type: string, data: unknown) =>
      control.evaluate(
        async ([type, data]) => {
          const reply = await chrome.runtime.sendMessage({ gleaner: 1, target: 'background', type, data });
          if (!reply?.ok) throw new Error(`${reply?.error?.name}: ${reply?.error?.message}`);
          return reply.value;
        },
        [type, data] as const,
      ) as Promise<T>,
    tabIdOf: (url) => control.evaluate(async (u) => (await chrome.tabs.query({})).find((tab) => tab.url === u)?.id ?? -1, url),
    async stopBackground() {
      const cdp = await ext.context.newCDPSession(control);
      await cdp.send('ServiceWorker.enable');
      await cdp.send('ServiceWorker.stopAllWorkers');
      await cdp.detach();
    },
    close: () => ext.close(),
  };
  return driver;
}
