import { browser } from 'wxt/browser';
import type { CaptureMessages, Handlers } from '@/lib/messaging/protocol';
import { ValidationError } from '@/lib/messaging/errors';
import { expectNumber } from '@/lib/messaging/validate';
import { DEFAULT_SETTINGS, loadSettings, updateSettings } from '@/lib/settings';
import { hostInSite, normalizeSite, siteOf } from '@/lib/library/capture-policy';
import { NOT_YET, clearTabStatus, loadTabStatus } from '@/lib/library/capture-status';
import { libraryStoragePressure } from './library-handlers';
import { extractNowRequest, type ExtractNowReply } from '@/lib/extract/extract-request';
import { validateExtractedPage } from '@/lib/extract/validate-page';
import type { ExtractedPage } from '@/lib/extract/types';
import { PDF_TYPE, looksLikePdfUrl } from '@/lib/extract/pdf-text';
import { callHost } from './host-link';
import { isWebUrl } from '@/lib/library/page-identity';

/** The bundled extraction content script, injected on demand into tabs opened before Gleaner was installed. */
const CONTENT_SCRIPT_FILE = '/content-scripts/extract.js';

const settingsNow = () => loadSettings(browser.storage.local).catch(() => DEFAULT_SETTINGS);

/** Asks the tab's content script to extract now; injects the script first when the tab has none. */
async function extractTab(tabId: number): Promise<ExtractedPage> {
  const tab = await browser.tabs.get(tabId).catch(() => {
    throw new ValidationError('That tab is closed.');
  });
  if (!isWebUrl(tab.url)) throw new ValidationError('Only web pages (http and https) can be read.', { hint: 'Open the article in a tab first.' });
  if (looksLikePdfUrl(tab.url)) return readPdfTab(tab.url);
  const ask = () => browser.tabs.sendMessage(tabId, extractNowRequest()) as Promise<ExtractNowReply | undefined>;
  let reply = await ask().catch(() => undefined);
  if (!reply) {
    await browser.scripting.executeScript({ target: { tabId }, files: [CONTENT_SCRIPT_FILE] });
    reply = await ask();
  }
  if (!reply) throw new ValidationError('The page did not answer; reload it and try again.');
  if (!reply.ok) throw new ValidationError(`Could not read the page: ${reply.message}`);
  // The reply comes from the page's world: as untrusted as a capture.
  const page = validateExtractedPage(reply.page);
  // The browser's PDF viewer: its document says application/pdf and holds no text; pdf.js reads the file.
  if (page.contentType === PDF_TYPE) return readPdfTab(tab.url);
  // Fail fast and plainly on binary data, images and other pages without text, rather than summarize noise.
  if (!page.text.trim()) throw new ValidationError(page.note ?? 'This page has no readable text.', { hint: 'Open a page with text (an article, a document) and try again.' });
  return page;
}

/** Reads a PDF with pdf.js in the engine host (the worker has no DOM and never loads pdf.js). */
export async function readPdfTab(url: string): Promise<ExtractedPage> {
  try {
    return validateExtractedPage(await callHost('host.readPdf', { url }));
  } catch (error) {
    throw new ValidationError((error as Error).message || 'The PDF could not be read.');
  }
}

/** Requests of the capture feature: per-tab status, pause, per-site exclusion, on-demand extraction. */
export const captureHandlers: Handlers<CaptureMessages> = {
  'capture.status': async ({ tabId }) => {
    const id = expectNumber(tabId, 'tabId', 0, Number.MAX_SAFE_INTEGER);
    const [tab, settings, stored, storage] = await Promise.all([
      browser.tabs.get(id).catch(() => undefined),
      settingsNow(),
      loadTabStatus(browser.storage.session, id),
      libraryStoragePressure(),
    ]);
    const url = tab?.url;
    const capturable = isWebUrl(url) && !tab?.incognito;
    const site = isWebUrl(url) ? siteOf(url) : undefined;
    // A status recorded for an earlier page of the tab says nothing about this one.
    const status = stored.url === undefined || stored.url === url ? stored : NOT_YET;
    return {
      status: capturable
        ? status
        : { state: 'skipped', reason: tab?.incognito ? 'incognito' : 'not-http', detail: tab?.incognito ? 'Private windows are never captured.' : 'Only web pages are captured.' },
      site,
      paused: settings.capture.paused,
      siteExcluded: site !== undefined && settings.capture.excludedSites.some((s) => hostInSite(site, s)),
      capturable,
      ...(storage.low ? { storageFull: storage.message } : {}),
    };
  },
  'capture.setPaused': async ({ paused }) => {
    if (typeof paused !== 'boolean') throw new ValidationError('paused: expected true or false.');
    const settings = await updateSettings(browser.storage.local, { capture: { paused } });
    return { paused: settings.capture.paused };
  },
  'capture.excludeSite': async ({ site, excluded }) => {
    const normalized = normalizeSite(String(site ?? ''));
    if (!normalized) throw new ValidationError('Give a site such as example.com.');
    // The list is changed inside the settings lock, so concurrent changes from any context all stay.
    const settings = await updateSettings(browser.storage.local, (current) => {
      const rest = current.capture.excludedSites.filter((s) => normalizeSite(s) !== normalized);
      return { capture: { excludedSites: excluded ? [...rest, normalized] : rest } };
    });
    return { excludedSites: settings.capture.excludedSites };
  },
  'capture.extractTab': ({ tabId }) => extractTab(expectNumber(tabId, 'tabId', 0, Number.MAX_SAFE_INTEGER)),
};

/** Forgets the status of closed tabs and of tabs that moved to another page. */
export function startCaptureFeature(): void {
  browser.tabs.onRemoved.addListener((tabId) => {
    void clearTabStatus(browser.storage.session, tabId).catch(() => undefined);
  });
}
