/**
 * When the content script captures: once the page is idle and has been
 * visible for the dwell time, again after a single-page app changes the URL
 * (debounced), never twice for the same text, and at most once per URL per
 * interval (a page that rewrites itself every second sends nothing more).
 * A capture counts as sent only once the background acknowledged it: when
 * the worker dies with the capture in flight (the message is lost) or the
 * library could not take it (e.g. the disk is nearly full), it is sent again
 * later, with growing delays, so no visit is lost to a restart.
 * Timers, clock, visibility and the work itself are parameters, so the logic
 * is tested in Node with fake timers.
 */
import { cyrb53 } from '../extract/content-hash';
import type { ExtractedPage } from '../extract/types';

export interface SchedulerDeps {
  /** How long the page must be visible before a capture. */
  dwellMs: number;
  /** Quiet time after a URL change before the dwell starts (SPAs change the URL in bursts). */
  debounceMs?: number;
  /** Least time between two captures of the same URL. */
  minIntervalMs?: number;
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  isVisible(): boolean;
  currentUrl(): string;
  /** Whether capture is allowed right now (the background's answer: paused, excluded, …). */
  allowed(): Promise<boolean>;
  /** Resolves when the page is idle (requestIdleCallback in the page). */
  waitForIdle?(): Promise<void>;
  extract(): ExtractedPage;
  /**
   * Sends a capture; resolves with whether the background acknowledged it
   * (stored or deliberately skipped). False or a rejection: it is retried.
   * The number is a delay the background asked for before the next try.
   */
  send(page: ExtractedPage): Promise<boolean | { retryAfterMs: number }>;
  /** Delays before each retry of an unacknowledged capture (default: 2 s, 10 s, 30 s, 1 min, 2 min, 5 min). */
  retryDelaysMs?: readonly number[];
  /** Errors of extraction or sending (logged by the caller; capture just goes on). */
  onError?(error: unknown): void;
}

/** URL identity for capture: the fragment is dropped unless it is a hash route (`#/…`, `#!…`). */
export function captureKey(url: string): string {
  const hash = url.indexOf('#');
  if (hash === -1) return url;
  const fragment = url.slice(hash + 1);
  return fragment.startsWith('/') || fragment.startsWith('!') ? url : url.slice(0, hash);
}

/** Decides when to extract and send; call `start`, then feed it URL and visibility changes. */
export class CaptureScheduler {
  private timer: unknown = undefined;
  private debounce: unknown = undefined;
  private currentKey = '';
  private readonly sentAt = new Map<string, number>();
  private readonly sentHash = new Map<string, string>();
  /** Keys whose capture is being sent or waits for a retry (a second fire for them does nothing). */
  private readonly pending = new Set<string>();
  private stopped = false;

  constructor(private readonly deps: SchedulerDeps) {}

  private get debounceMs() {
    return this.deps.debounceMs ?? 500;
  }
  private get minIntervalMs() {
    return this.deps.minIntervalMs ?? 60_000;
  }
  private get retryDelaysMs() {
    return this.deps.retryDelaysMs ?? [2000, 10_000, 30_000, 60_000, 120_000, 300_000];
  }

  /** Starts the dwell for the page as loaded. */
  start(): void {
    this.currentKey = captureKey(this.deps.currentUrl());
    this.arm(this.deps.dwellMs);
  }

  /** Stops every timer (the content script was invalidated). */
  stop(): void {
    this.stopped = true;
    this.disarm();
    if (this.debounce !== undefined) this.deps.clearTimeout(this.debounce);
  }

  /**
   * The page's URL may have changed (pushState, replaceState, popstate, hash
   * route). Checked after a quiet period: SPAs change the URL in bursts, and
   * the Navigation API reports a navigation before `location` changes.
   */
  urlChanged(): void {
    if (this.debounce !== undefined) this.deps.clearTimeout(this.debounce);
    this.debounce = this.deps.setTimeout(() => {
      this.debounce = undefined;
      const key = captureKey(this.deps.currentUrl());
      if (key === this.currentKey) return;
      this.currentKey = key;
      this.arm(this.deps.dwellMs);
    }, this.debounceMs);
  }

  /** The tab was shown or hidden: the dwell counts visible time only, so hiding restarts it. */
  visibilityChanged(): void {
    if (this.deps.isVisible()) this.arm(this.deps.dwellMs);
    else this.disarm();
  }

  private disarm(): void {
    if (this.timer !== undefined) this.deps.clearTimeout(this.timer);
    this.timer = undefined;
  }

  private arm(ms: number): void {
    this.disarm();
    if (this.stopped || !this.deps.isVisible()) return;
    this.timer = this.deps.setTimeout(() => {
      this.timer = undefined;
      void this.fire();
    }, ms);
  }

  private async fire(): Promise<void> {
    if (this.stopped || !this.deps.isVisible()) return;
    const key = captureKey(this.deps.currentUrl());
    if (key !== this.currentKey) return; // a URL change re-armed the timer
    if (this.pending.has(key)) return; // this URL's capture is in flight or waits for a retry
    const last = this.sentAt.get(key);
    if (last !== undefined && this.deps.now() - last < this.minIntervalMs) return;
    try {
      if (!(await this.deps.allowed())) return;
      await this.deps.waitForIdle?.();
      if (this.stopped || captureKey(this.deps.currentUrl()) !== key) return;
      const page = this.deps.extract();
      const hash = cyrb53(page.text);
      if (this.sentHash.get(key) === hash) return;
      this.pending.add(key);
      await this.deliver(key, hash, page, 0);
    } catch (error) {
      this.deps.onError?.(error);
    }
  }

  /** Sends a capture; marks it sent only when acknowledged, otherwise tries again later (the same text: it was read). */
  private async deliver(key: string, hash: string, page: ExtractedPage, attempt: number): Promise<void> {
    let reply: Awaited<ReturnType<SchedulerDeps['send']>> = false;
    try {
      reply = await this.deps.send(page);
    } catch (error) {
      this.deps.onError?.(error);
    }
    if (reply === true) {
      this.pending.delete(key);
      this.sentAt.set(key, this.deps.now());
      this.sentHash.set(key, hash);
      return;
    }
    const delays = this.retryDelaysMs;
    if (this.stopped || attempt >= delays.length) {
      this.pending.delete(key);
      if (!this.stopped) this.deps.onError?.(new Error(`Capture of ${key} not acknowledged after ${attempt + 1} tries; given up.`));
      return;
    }
    const delay = Math.max(delays[attempt]!, typeof reply === 'object' ? reply.retryAfterMs : 0);
    this.deps.setTimeout(() => void this.deliver(key, hash, page, attempt + 1), delay);
  }
}
