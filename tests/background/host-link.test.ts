import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';

/**
 * Chrome lists an offscreen document in runtime.getContexts while it is still loading, before
 * its scripts ran: a Port opened then finds no onConnect listener and is dropped at once
 * ("Could not establish connection. Receiving end does not exist.", measured in Chromium: listed
 * about 170 ms before createDocument resolved). This fake Chrome does the same: the document is
 * listed from the call to createDocument on, and ready only when that call resolves.
 */
function chromeCreatingSlowly() {
  let listed = false;
  let ready = false;
  let finish: () => void = () => undefined;
  const createDocument = vi.spyOn(fakeBrowser.offscreen, 'createDocument').mockImplementation(() => {
    listed = true;
    return new Promise<void>((resolve) => {
      finish = () => {
        ready = true;
        resolve();
      };
    });
  });
  vi.spyOn(fakeBrowser.runtime, 'getContexts').mockImplementation(async () => (listed ? [{ contextType: 'OFFSCREEN_DOCUMENT' } as Browser.runtime.ExtensionContext] : []));
  return { createDocument, finish: () => finish(), isReady: () => ready };
}

/** A fresh copy of the module: each test starts with no creation in progress. */
async function freshEnsureHost() {
  vi.resetModules();
  return (await import('@/entrypoints/background/host-link')).ensureHost;
}

describe('ensureHost (the background wakes the offscreen engine host)', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('a second caller during the creation waits until the document is ready, not just listed', async () => {
    const ensureHost = await freshEnsureHost();
    const chrome = chromeCreatingSlowly();
    // Two views wake the host at once at first start (the welcome tab and the side panel).
    const first = ensureHost();
    await vi.waitFor(() => expect(chrome.createDocument).toHaveBeenCalledOnce());
    let secondSawReady: boolean | null = null;
    const second = ensureHost().then(() => (secondSawReady = chrome.isReady()));
    // The document is listed by now, but its scripts have not run: the second caller must still be waiting.
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(secondSawReady).toBeNull();
    chrome.finish();
    await Promise.all([first, second]);
    expect(secondSawReady).toBe(true);
    expect(chrome.createDocument).toHaveBeenCalledOnce();
  });

  it('a caller that finds the document already there does not create another', async () => {
    const ensureHost = await freshEnsureHost();
    const chrome = chromeCreatingSlowly();
    const first = ensureHost();
    await vi.waitFor(() => expect(chrome.createDocument).toHaveBeenCalledOnce());
    chrome.finish();
    await first;
    await ensureHost();
    expect(chrome.createDocument).toHaveBeenCalledOnce();
  });
});
