import type { ContentMessages, Handlers } from '@/lib/messaging/protocol';
import type { Validator } from '@/lib/messaging/router';
import { expectObject, expectString } from '@/lib/messaging/validate';
import { browser } from 'wxt/browser';
import { DEFAULT_SETTINGS, loadSettings } from '@/lib/settings';

/** Shape and size checks for everything a web page's content script may send. */
export const contentValidators: Record<keyof ContentMessages, Validator> = {
  'content.hello': (data) => {
    const obj = expectObject(data, 'content.hello');
    return { url: expectString(obj.url, 'url', 8192), title: expectString(obj.title, 'title', 2048) };
  },
};

/** Requests from content scripts. */
export const contentHandlers: Handlers<ContentMessages> = {
  'content.hello': async (_req, sender) => {
    const settings = await loadSettings(browser.storage.local).catch(() => DEFAULT_SETTINGS);
    return { capture: !sender.incognito && !settings.capture.paused, dwellMs: settings.capture.dwellMs };
  },
};
