import type { ContentMessages, Handlers } from '@/lib/messaging/protocol';
import type { Validator } from '@/lib/messaging/router';
import { expectObject, expectString } from '@/lib/messaging/validate';
import { browser } from 'wxt/browser';
import { DEFAULT_SETTINGS, loadCaptureSettings } from '@/lib/settings';
import { validateExtractedPage } from '@/lib/extract/validate-page';
import { decideCapture } from '@/lib/library/capture-policy';
import { NOT_YET, loadTabStatus, saveTabStatus, skippedStatus } from '@/lib/library/capture-status';
import { handleCapturedPage } from '@/lib/library/capture-flow';
import { hasPasswordFieldIn } from '@/lib/extract/password-fields';
import { readPdfTab } from './capture-handlers';
import { PDF_TYPE } from '@/lib/extract/pdf-text';
import { ingestCapturedPage, libraryFloodHands } from './library-handlers';

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

/** Requests from content scripts. */
export const contentHandlers: Handlers<ContentMessages> = {
  // Asked on load and again before each capture, so pause / exclude take effect at once
  // and a paused page is never even extracted.
  'content.hello': async ({ url, title }, sender) => {
    const settings = await captureSettingsNow();
    const decision = decideCapture(url, undefined, sender, settings);
    if (sender.tabId !== undefined) {
      if (!decision.capture) {
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
    const outcome = await handleCapturedPage(page, sender, {
      settings,
      session: browser.storage.session,
      ingest: ingestCapturedPage,
      now: Date.now,
      flood: libraryFloodHands,
    });
    if (page.extractMs !== undefined) console.debug(`Gleaner: extracted ${page.url} in ${page.extractMs.toFixed(1)} ms: ${outcome.state}`);
    return outcome;
  },
};
