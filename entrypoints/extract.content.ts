import { browser } from 'wxt/browser';
import { sendToBackground } from '@/lib/messaging/client';
import { extractPage } from '@/lib/extract/extract-page';
import { isExtractNowRequest, type ExtractNowReply } from '@/lib/extract/extract-request';
import { CaptureScheduler } from '@/lib/capture/scheduler';

// Thin: when to capture is lib/capture/scheduler, what to keep is the
// background's capture policy; this file only connects them to the page.
export default defineContentScript({
  matches: ['http://*/*', 'https://*/*'],
  runAt: 'document_idle',
  async main(ctx) {
    // On-demand extraction ("summarize this tab") works even when capture is paused or the site excluded.
    browser.runtime.onMessage.addListener((message: unknown) => {
      if (!isExtractNowRequest(message)) return undefined;
      try {
        return Promise.resolve<ExtractNowReply>({ ok: true, page: extractPage(document, location.href) });
      } catch (error) {
        return Promise.resolve<ExtractNowReply>({ ok: false, message: (error as Error).message });
      }
    });

    const hello = () => sendToBackground('content.hello', { url: location.href, title: document.title });
    const first = await hello().catch(() => undefined);
    if (!first) return;

    const scheduler = new CaptureScheduler({
      dwellMs: first.dwellMs,
      now: () => Date.now(),
      setTimeout: (fn, ms) => ctx.setTimeout(fn, ms),
      clearTimeout: (handle) => clearTimeout(handle as number),
      isVisible: () => document.visibilityState === 'visible',
      currentUrl: () => location.href,
      // Asked again at capture time, so a pause or exclusion since load is honoured and costs no extraction.
      allowed: async () => (await hello()).capture,
      // Extraction is synchronous; waiting for an idle period keeps it out of the page's busy moments.
      extract: () => extractPage(document, location.href),
      waitForIdle: () => new Promise<void>((resolve) => ctx.requestIdleCallback(() => resolve(), { timeout: 2000 })),
      // Acknowledged when stored or deliberately skipped; a failed store is sent again (after the delay asked for).
      send: async (page) => {
        const reply = await sendToBackground('content.capture', { page });
        return reply.outcome !== 'failed' || { retryAfterMs: reply.retryAfterMs ?? 0 };
      },
      onError: (error) => console.debug('Gleaner: capture failed', error),
    });
    scheduler.start();
    ctx.addEventListener(window, 'wxt:locationchange', () => scheduler.urlChanged());
    ctx.addEventListener(window, 'popstate', () => scheduler.urlChanged());
    ctx.addEventListener(window, 'hashchange', () => scheduler.urlChanged());
    ctx.addEventListener(document, 'visibilitychange', () => scheduler.visibilityChanged());
    ctx.onInvalidated(() => scheduler.stop());
  },
});
