import { browser } from 'wxt/browser';
import type { CaptureMessages, ContentMessages, Handlers } from '@/lib/messaging/protocol';
import type { Validator } from '@/lib/messaging/router';
import { ValidationError } from '@/lib/messaging/errors';
import { expectNumber, expectObject, expectString } from '@/lib/messaging/validate';
import { DEFAULT_SETTINGS, loadCaptureSettings, loadSettings, updateSettings, type Settings } from '@/lib/settings';
import { decideCapture, hostInSite, normalizeSite } from '@/lib/capture/policy';
import { NOT_YET, clearTabStatus, loadTabStatus, saveTabStatus, skippedStatus, tabOfStatusKey, type TabCaptureStatus } from '@/lib/capture/status';
import { captureBadge } from '@/lib/capture/describe';
import { handleCapturedPage } from '@/lib/capture/flow';
import { extractNowRequest, type ExtractNowReply } from '@/lib/extract/extract-request';
import { validateExtractedPage } from '@/lib/extract/validate-page';
import type { ExtractedPage } from '@/lib/extract/types';
import { PDF_TYPE, looksLikePdfUrl } from '@/lib/extract/pdf-text';
import { hasPasswordFieldIn } from '@/lib/extract/password-fields';
import { isWebUrl, siteOf } from '@/lib/library/page-identity';
import { callHost } from './host-link';
import { ingestCapturedPage, libraryFloodHands, libraryStoragePressure } from './state';

/**
 * The capture feature in the background: where the capture policy is applied to
 * what content scripts send (`content.*`), the per-tab status, pause and per-site
 * exclusion the views ask for (`capture.*`), and extraction of a tab on demand.
 */

/** The bundled extraction content script, injected on demand into tabs opened before Gleaner was installed. */
const CONTENT_SCRIPT_FILE = '/content-scripts/extract.js';

const settingsNow = () => loadSettings(browser.storage.local).catch(() => DEFAULT_SETTINGS);

/**
 * Reads a tab now, whatever the capture settings (on demand: `capture.extractTab`, the answers feature):
 * asks the tab's content script to extract, injecting the script first when the tab has none.
 */
export async function extractTab(tabId: number): Promise<ExtractedPage> {
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
async function readPdfTab(url: string): Promise<ExtractedPage> {
  try {
    return validateExtractedPage(await callHost('host.readPdf', { url }));
  } catch (error) {
    throw new ValidationError((error as Error).message || 'The PDF could not be read.');
  }
}

/** Shape and size checks for everything a web page's content script may send. */
export const contentValidators: Record<keyof ContentMessages, Validator> = {
  'content.hello': (data) => {
    const obj = expectObject(data, 'content.hello');
    return { url: expectString(obj.url, 'url', 8192), title: expectString(obj.title, 'title', 2048) };
  },
  'content.capture': (data) => ({ page: validateExtractedPage(expectObject(data, 'content.capture').page) }),
};

/** The capture settings, or null when they cannot be read: the policy then captures nothing (fail closed). */
const captureSettingsNow = () =>
  loadCaptureSettings(browser.storage.local).catch((error: unknown) => {
    console.warn('Gleaner: capture settings unreadable; capturing nothing', error);
    return null;
  });

/** Asks every frame of a tab whether it shows a password field in its content; true when that cannot be checked. */
async function tabShowsPasswordField(tabId: number): Promise<boolean> {
  try {
    const results = await browser.scripting.executeScript({ target: { tabId, allFrames: true }, func: hasPasswordFieldIn });
    // A frame that did not answer a plain `false` (the probe failed there) counts as showing one.
    return results.some((frame) => frame.result !== false);
  } catch (error) {
    console.warn('Gleaner: could not check the frames of the page for password fields; not capturing it', error);
    return true;
  }
}

/** What the capture path needs, with the settings read for this capture. */
function captureDeps(settings: Settings['capture'] | null) {
  return { settings, session: browser.storage.session, ingest: ingestCapturedPage, now: Date.now, flood: libraryFloodHands };
}

/** Requests of the capture feature: from content scripts (each validated above), and from the views (per-tab status, pause, per-site exclusion, on-demand extraction). */
export const captureHandlers: Handlers<ContentMessages & CaptureMessages> = {
  // Asked on load and again before each capture, so pause / exclude take effect at once
  // and a paused page is never even extracted.
  'content.hello': async ({ url, title }, sender) => {
    const settings = await captureSettingsNow();
    const decision = decideCapture(url, undefined, sender, settings);
    if (sender.tabId !== undefined) {
      if (!decision.capture) {
        // A page saved on request ("Save this page") stays saved: the hello before the dwell ends
        // would otherwise record "paused" over it, and the badge would go back to II.
        const stored = await loadTabStatus(browser.storage.session, sender.tabId);
        if (stored.state !== 'indexed' || stored.url !== url)
          await saveTabStatus(browser.storage.session, sender.tabId, { ...skippedStatus(decision.reason, decision.detail, url, Date.now()), title });
      } else if ((await loadTabStatus(browser.storage.session, sender.tabId)).url !== url) {
        const seconds = Math.round(settings!.dwellMs / 1000);
        await saveTabStatus(browser.storage.session, sender.tabId, { ...NOT_YET, detail: `Will be saved after ${seconds} s on the page.`, url, title });
      }
    }
    return { capture: decision.capture, dwellMs: settings?.dwellMs ?? DEFAULT_SETTINGS.capture.dwellMs };
  },
  'content.capture': async ({ page: sent }, sender) => {
    // The content script's answer is not trusted alone: every frame of the tab is asked too
    // (cross-origin iframes, closed shadow roots), and a failed check counts as a password field.
    const checked = sent.hasPasswordField || sender.tabId === undefined ? sent : { ...sent, hasPasswordField: await tabShowsPasswordField(sender.tabId) };
    const settings = await captureSettingsNow();
    // A PDF in the browser's viewer: the content script saw only the viewer; pdf.js reads the file
    // (after the same dwell, and only when the policy allows the address at all).
    const isPdf = sent.contentType === PDF_TYPE && decideCapture(sent.url, undefined, sender, settings).capture;
    const page = isPdf ? await readPdfTab(sent.url).catch(() => checked) : checked;
    const outcome = await handleCapturedPage(page, sender, captureDeps(settings));
    if (page.extractMs !== undefined) console.debug(`Gleaner: extracted ${page.url} in ${page.extractMs.toFixed(1)} ms: ${outcome.state}`);
    return outcome;
  },
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
  'capture.update': async (patch) => {
    const fields = expectObject(patch, 'capture settings');
    const change: Partial<Settings['capture']> = {};
    if (fields.dwellMs !== undefined) change.dwellMs = Math.round(expectNumber(fields.dwellMs, 'dwellMs', 500, 120_000));
    if (fields.minWords !== undefined) change.minWords = Math.round(expectNumber(fields.minWords, 'minWords', 0, 5000));
    if (fields.skipPasswordPages !== undefined) {
      if (typeof fields.skipPasswordPages !== 'boolean') throw new ValidationError('skipPasswordPages: expected true or false.');
      change.skipPasswordPages = fields.skipPasswordPages;
    }
    if (fields.sensitiveSites !== undefined) {
      if (!Array.isArray(fields.sensitiveSites) || fields.sensitiveSites.length > 1000) throw new ValidationError('sensitiveSites: expected a list of at most 1000 sites.');
      change.sensitiveSites = fields.sensitiveSites.map((site) => expectString(site, 'sensitive site', 300));
    }
    return (await updateSettings(browser.storage.local, { capture: change })).capture;
  },
  'capture.extractTab': ({ tabId }) => extractTab(expectNumber(tabId, 'tabId', 0, Number.MAX_SAFE_INTEGER)),
  // "Save this page": the tab is read now and goes through the same capture path as any page.
  'capture.saveTab': async ({ tabId }) => {
    const id = expectNumber(tabId, 'tabId', 0, Number.MAX_SAFE_INTEGER);
    const tab = await browser.tabs.get(id).catch(() => {
      throw new ValidationError('That tab is closed.');
    });
    if (tab.incognito) throw new ValidationError('Pages in private windows are never saved.');
    const page = await extractTab(id);
    return handleCapturedPage(page, { tabId: id, incognito: false, url: tab.url }, captureDeps(await captureSettingsNow()), { saveAnyway: true });
  },
};

/** Shows a tab's capture status on the toolbar button: badge text and colour, and a title that explains it. */
function showBadge(tabId: number, status: TabCaptureStatus): void {
  const badge = captureBadge(status);
  // A tab closed in the meantime refuses: nothing to show then.
  const ignore = () => undefined;
  void browser.action.setBadgeText({ tabId, text: badge.text }).catch(ignore);
  void browser.action.setBadgeBackgroundColor({ tabId, color: badge.color }).catch(ignore);
  void browser.action.setTitle({ tabId, title: badge.title }).catch(ignore);
}

/** Forgets the status of closed tabs and of tabs that moved to another page. */
export function startCaptureFeature(): void {
  // The badge follows the recorded status, whoever recorded it (a capture, a skip, "Save this page").
  browser.storage.onChanged.addListener((changes, area) => {
    if (area !== 'session') return;
    for (const [key, change] of Object.entries(changes)) {
      const tabId = tabOfStatusKey(key);
      if (tabId !== null && change.newValue && typeof change.newValue === 'object') showBadge(tabId, change.newValue as TabCaptureStatus);
    }
  });
  // A tab that moved to another page: the old page's badge says nothing about it.
  browser.tabs.onUpdated.addListener((tabId, info, tab) => {
    if (info.url === undefined) return;
    if (tab.incognito) {
      showBadge(tabId, skippedStatus('incognito', 'Private windows are never captured.', info.url, Date.now()));
      return;
    }
    void loadTabStatus(browser.storage.session, tabId).then(
      (stored) => stored.url !== info.url && showBadge(tabId, NOT_YET),
      () => undefined,
    );
  });
  browser.tabs.onRemoved.addListener((tabId) => {
    void clearTabStatus(browser.storage.session, tabId).catch(() => undefined);
  });
}
