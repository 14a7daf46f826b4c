import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CaptureScheduler, captureKey } from '@/lib/capture/scheduler';
import type { ExtractedPage } from '@/lib/extract/types';

function harness(options: { dwellMs?: number; allowed?: boolean; send?: (page: ExtractedPage) => Promise<boolean | { retryAfterMs: number }> } = {}) {
  const state = { url: 'https://app.example.com/a', visible: true, text: 'first text', allowed: options.allowed ?? true };
  const sent: ExtractedPage[] = [];
  const extract = vi.fn((): ExtractedPage => ({
    url: state.url,
    canonicalUrl: state.url,
    title: 't',
    text: state.text,
    blocks: [],
    isArticle: true,
    wordCount: 2,
    hasPasswordField: false,
  }));
  const scheduler = new CaptureScheduler({
    dwellMs: options.dwellMs ?? 4000,
    now: () => Date.now(),
    setTimeout: (fn, ms) => setTimeout(fn, ms),
    clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
    isVisible: () => state.visible,
    currentUrl: () => state.url,
    allowed: async () => state.allowed,
    extract,
    send: async (page) => {
      sent.push(page);
      return options.send ? options.send(page) : true;
    },
  });
  return { state, sent, extract, scheduler };
}

describe('CaptureScheduler', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('captures once after the dwell time, not before', async () => {
    const { sent, scheduler } = harness();
    scheduler.start();
    await vi.advanceTimersByTimeAsync(3999);
    expect(sent).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(sent).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(600_000);
    expect(sent).toHaveLength(1);
  });

  it('counts visible time only: hiding the tab restarts the dwell', async () => {
    const { state, sent, scheduler } = harness();
    state.visible = false;
    scheduler.start();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(sent).toHaveLength(0);
    state.visible = true;
    scheduler.visibilityChanged();
    await vi.advanceTimersByTimeAsync(3000);
    state.visible = false;
    scheduler.visibilityChanged();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(sent).toHaveLength(0);
    state.visible = true;
    scheduler.visibilityChanged();
    await vi.advanceTimersByTimeAsync(4000);
    expect(sent).toHaveLength(1);
  });

  it('captures again after a single-page app changes the URL, debounced over bursts', async () => {
    const { state, sent, scheduler } = harness();
    scheduler.start();
    await vi.advanceTimersByTimeAsync(4000);
    for (let i = 0; i < 5; i++) {
      state.url = `https://app.example.com/b?step=${i}`;
      state.text = `text ${i}`;
      scheduler.urlChanged();
      await vi.advanceTimersByTimeAsync(100);
    }
    await vi.advanceTimersByTimeAsync(500 + 4000);
    expect(sent.map((p) => p.url)).toEqual(['https://app.example.com/a', 'https://app.example.com/b?step=4']);
  });

  it('does not spam when a page changes every second: one capture per URL and interval, same text skipped', async () => {
    const { state, sent, scheduler, extract } = harness();
    scheduler.start();
    const ticker = setInterval(() => {
      state.text = `clock ${Date.now()}`;
      scheduler.visibilityChanged(); // worst case: something re-arms the dwell all the time
    }, 1000);
    await vi.advanceTimersByTimeAsync(120_000);
    clearInterval(ticker);
    expect(sent.length).toBeLessThanOrEqual(1);
    // Back to a URL already sent with the same text: nothing new is sent.
    state.url = 'https://app.example.com/a#section';
    scheduler.urlChanged();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(sent.length).toBeLessThanOrEqual(1);
    expect(extract.mock.calls.length).toBeLessThanOrEqual(2);
  });

  it('extracts nothing while the background says no (paused, excluded)', async () => {
    const { sent, extract, scheduler } = harness({ allowed: false });
    scheduler.start();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(extract).not.toHaveBeenCalled();
    expect(sent).toHaveLength(0);
  });

  it('treats hash routes as pages and plain fragments as the same page', () => {
    expect(captureKey('https://a.example/x#top')).toBe('https://a.example/x');
    expect(captureKey('https://a.example/#/inbox/2')).toBe('https://a.example/#/inbox/2');
    expect(captureKey('https://a.example/#!/post/1')).toBe('https://a.example/#!/post/1');
  });

  it('sends a capture again when the worker died with it in flight, until it is acknowledged', async () => {
    // The worker was stopped while the capture was being stored: the message port closes without a reply.
    let replies = 0;
    const { sent, scheduler } = harness({
      send: async () => {
        replies++;
        if (replies <= 2) throw new Error('The message port closed before a response was received.');
        return true;
      },
    });
    scheduler.start();
    await vi.advanceTimersByTimeAsync(4000);
    expect(sent).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(2000);
    expect(sent).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(sent).toHaveLength(3);
    // Acknowledged: never sent again, and the text sent each time is the page as read.
    await vi.advanceTimersByTimeAsync(3_600_000);
    expect(sent).toHaveLength(3);
    expect(new Set(sent.map((p) => p.text))).toEqual(new Set(['first text']));
  });

  it('retries a capture the library could not take, after the delay the background asks for', async () => {
    let full = true;
    const { sent, scheduler } = harness({ send: async () => (full ? { retryAfterMs: 60_000 } : true) });
    scheduler.start();
    await vi.advanceTimersByTimeAsync(4000);
    expect(sent).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(59_000);
    expect(sent).toHaveLength(1);
    full = false; // space is back
    await vi.advanceTimersByTimeAsync(1000);
    expect(sent).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(3_600_000);
    expect(sent).toHaveLength(2);
  });

  it('does not send the same page twice while its first capture is still in flight', async () => {
    let release: (ok: boolean) => void = () => {};
    const { state, sent, scheduler } = harness({ send: () => new Promise((resolve) => (release = resolve)) });
    scheduler.start();
    await vi.advanceTimersByTimeAsync(4000);
    state.visible = false;
    scheduler.visibilityChanged();
    state.visible = true;
    scheduler.visibilityChanged();
    await vi.advanceTimersByTimeAsync(4000);
    expect(sent).toHaveLength(1);
    release(true);
    await vi.advanceTimersByTimeAsync(600_000);
    expect(sent).toHaveLength(1);
  });
});
