import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { sendToBackground } from '@/lib/messaging/client';
import { loadSettings } from '@/lib/settings';
import { outputLanguage } from '@/lib/answer/language';
import { coalesceDeltas } from '@/lib/answer/reply-limit';
import { summarizePage } from '@/lib/answer/summarize';
import { planSummary } from '@/lib/answer/summary-plan';
import type { SummaryLength, SummaryStyle } from '@/lib/answer/prompts';
import { HEARTBEAT_MS, isRunning, seenState, summaryConversation, type SummaryRunner, type SummaryState, type TabSummary } from '@/lib/answer/tab-summary';
import { tabSummaryItem } from '@/lib/messaging/stored';
import type { PendingSummary } from '@/lib/messaging/protocol';
import { prepareEngine } from './use-engine';
import { describeError, errorSentence, isStopped } from '@/lib/messaging/errors';

export type { SummaryState } from '@/lib/answer/tab-summary';

/** A summary the popup hands to the side panel (see lib/answer/tab-summary.ts for why). */
export type SummaryHandOff = Omit<PendingSummary, 'at'>;

/** How a view runs summaries: which view it is, and what it does when one is saved or handed off. */
export interface SummaryHost {
  runner: SummaryRunner;
  /** Called when a summary was saved with the conversations. */
  onSaved?: () => void;
  /**
   * The popup: hands a page that needs more than one pass to the side panel; resolves false when
   * the panel could not be opened. `opening` is the panel already being opened by a click (browsers
   * open it only inside the click itself); without it, the popup tries to open it.
   */
  handOff?: (request: SummaryHandOff, opening?: Promise<boolean>) => Promise<boolean>;
}

/** Where a summary handed off goes after all: the side panel being opened by a click, here, or nowhere (stopped). */
type Placement = { opening: Promise<boolean> } | 'here' | 'cancel';

/** What a start may carry: the choice already made for a very long page (a summary handed over). */
interface StartOptions {
  choice?: 'all' | 'beginning';
}

/**
 * Summarizes a tab: reads it on demand, loads the model, runs one pass or map-reduce, streams
 * the result; keeps it for the tab (`storage.session`) and saves it with the conversations.
 * `follow(tabId)` shows the tab's last summary, and one running in another view, live.
 */
export function useSummary(host: SummaryHost) {
  const [state, setState] = useState<SummaryState>({ phase: 'idle', text: '' });
  const shown = useRef(state);
  const controller = useRef<AbortController | null>(null);
  const chooser = useRef<((choice: 'all' | 'beginning' | 'cancel') => void) | null>(null);
  const placer = useRef<((where: Placement) => void) | null>(null);
  const last = useRef<{ tabId: number; style: SummaryStyle; length: SummaryLength } | null>(null);
  // The tab whose summary is shown, and its kept record (this view's own run, or another view's).
  const followed = useRef<number | null>(null);
  const kept = useRef<TabSummary | null>(null);
  const [following, setFollowing] = useState<number | null>(null);

  const show = (next: SummaryState) => {
    shown.current = next;
    setState(next);
  };

  const follow = useCallback((tabId: number) => {
    if (followed.current === tabId) return;
    followed.current = tabId;
    setFollowing(tabId);
  }, []);

  // The followed tab's kept summary: read once, then followed as its runner writes it.
  useEffect(() => {
    if (following === null) return;
    const item = tabSummaryItem(following);
    const apply = (record: TabSummary | null) => {
      if (!record) return;
      // Another view's Stop, seen by this view's own run.
      if (controller.current && record.stopRequested && record.runner === host.runner && last.current?.tabId === following) controller.current.abort();
      if (controller.current) return;
      kept.current = record;
      show(seenState(record, Date.now()));
    };
    item.getValue().then(
      (stored) => !controller.current && apply(stored),
      () => undefined,
    );
    const unwatch = item.watch(apply);
    // A summary running elsewhere whose view closed stops writing: shown as interrupted once it is stale.
    const stale = setInterval(() => {
      if (!controller.current && kept.current && isRunning(shown.current.phase)) show(seenState(kept.current, Date.now()));
    }, HEARTBEAT_MS);
    return () => {
      unwatch();
      clearInterval(stale);
    };
  }, [following, host.runner]);

  const start = async (tabId: number, style: SummaryStyle, length: SummaryLength, options: StartOptions = {}) => {
    // Regenerate replaces the summary this tab already has in history.
    const previous = kept.current?.tabId === tabId ? kept.current.conversationId : undefined;
    last.current = { tabId, style, length };
    follow(tabId);
    controller.current?.abort();
    const abort = new AbortController();
    controller.current = abort;
    const record: TabSummary = { tabId, style, length, runner: host.runner, startedAt: Date.now(), updatedAt: Date.now(), state: { phase: 'reading', text: '' } };
    if (previous !== undefined) record.conversationId = previous;
    kept.current = record;
    const persist = () => {
      if (controller.current !== abort && isRunning(record.state.phase)) return;
      record.updatedAt = Date.now();
      void tabSummaryItem(tabId)
        .setValue(record)
        .catch(() => undefined);
    };
    const update = (patch: Partial<SummaryState>) => {
      if (controller.current !== abort) return;
      record.state = { ...record.state, ...patch };
      show(record.state);
      persist();
    };
    show(record.state);
    persist();
    const heartbeat = setInterval(persist, HEARTBEAT_MS);
    try {
      const page = await sendToBackground('answers.readTab', { tabId });
      update({ phase: 'loading', page: { title: page.title, url: page.url }, note: page.note });
      const ready = await prepareEngine((loadProgress) => update({ loadProgress }), abort.signal);
      const settings = await loadSettings(browser.storage.local);
      // A very long page is not started blindly: the person sees the parts and the time, and chooses.
      const plan = planSummary(page.text, ready.tokenizer, ready.contextWindow, length);
      let choice: 'all' | 'beginning' | 'cancel' | undefined = options.choice;
      if (plan.confirm && !choice) {
        update({ phase: 'confirm', plan, loadProgress: undefined });
        choice = await new Promise<'all' | 'beginning' | 'cancel'>((resolve) => {
          chooser.current = resolve;
          abort.signal.addEventListener('abort', () => resolve('cancel'), { once: true });
        });
        chooser.current = null;
        if (choice === 'cancel') {
          update({ phase: 'stopped', plan: undefined });
          return;
        }
      }
      const readChars = choice === 'beginning' ? plan.beginningChars : undefined;
      update({ beginningOnly: choice === 'beginning', plan: undefined });
      // Work of several passes leaves the popup (it dies when closed) for the side panel.
      if (plan.parts > 1 && host.handOff) {
        const request: SummaryHandOff = { tabId, style, length, ...(choice === 'all' || choice === 'beginning' ? { choice } : {}) };
        update({ parts: plan.parts });
        let handed = await host.handOff(request).catch(() => false);
        // The panel could not be opened without a fresh click: the person chooses (phase 'handoff').
        if (!handed) update({ phase: 'handoff', loadProgress: undefined });
        while (!handed) {
          const where = await new Promise<Placement>((resolve) => {
            placer.current = resolve;
            abort.signal.addEventListener('abort', () => resolve('cancel'), { once: true });
          });
          placer.current = null;
          if (where === 'cancel') {
            update({ phase: 'stopped' });
            return;
          }
          if (where === 'here') break;
          handed = await host.handOff(request, where.opening).catch(() => false);
        }
        if (handed) {
          // The side panel runs it now and writes this tab's summary; this view follows it.
          controller.current = null;
          return;
        }
      }
      update({ phase: 'summarizing', loadProgress: undefined });
      // Streamed deltas are drawn a few times a second, not once each: every draw re-parses the summary.
      const stream = coalesceDeltas((text) => update({ text }));
      const result = await summarizePage(page, {
        ...ready,
        style,
        length,
        lang: outputLanguage(settings.answers.language, page.lang),
        signal: abort.signal,
        readChars,
        onEvent: (event) => {
          if (event.kind === 'plan') update({ parts: event.parts });
          else if (event.kind === 'part') update({ part: event.index + 1 });
          else if (event.kind === 'combine') update({ combining: event.level });
          else if (event.kind === 'final') update({ writing: true });
          else if (event.kind === 'delta') stream.push(event.text);
        },
      }).finally(() => stream.cancel());
      // Stopped midway: what was done is kept (the notes on the parts read, or the summary so far), and said to be partial.
      const { text, coverage, parts, cutAtChars, stopped, partsRead } = result;
      update({ phase: result.finishReason === 'abort' ? 'stopped' : 'done', text, coverage, parts, cutAtChars, stopped, partsRead });
    } catch (error) {
      if (isStopped(error) || abort.signal.aborted) update({ phase: 'stopped' });
      else update({ phase: 'error', error: describeError(error) });
    } finally {
      clearInterval(heartbeat);
      if (controller.current === abort) controller.current = null;
    }
    await keep(record);
  };

  /** Saves a finished summary with the conversations (replacing the one it regenerates). */
  const keep = async (record: TabSummary) => {
    const draft = summaryConversation(record, Date.now());
    if (!draft || isRunning(record.state.phase)) return;
    try {
      const { id } = await sendToBackground('answers.saveConversation', draft);
      record.conversationId = id;
      host.onSaved?.();
    } catch (error) {
      // A private window's summary stays in memory only; said under it.
      record.state = { ...record.state, unsaved: errorSentence(error) };
      if (kept.current === record) show(record.state);
    }
    void tabSummaryItem(record.tabId)
      .setValue(record)
      .catch(() => undefined);
  };

  const stop = () => {
    if (controller.current) {
      controller.current.abort();
      setState((old) => (isRunning(old.phase) ? { ...old, phase: 'stopped' } : old));
      return;
    }
    // Running in another view (the side panel, followed by the popup): ask its runner to stop.
    const record = kept.current;
    if (record && isRunning(shown.current.phase))
      void tabSummaryItem(record.tabId)
        .setValue({ ...record, stopRequested: true })
        .catch(() => undefined);
  };

  /** The person's choice for a very long page (phase 'confirm'). */
  const choose = (choice: 'all' | 'beginning' | 'cancel') => chooser.current?.(choice);

  /** Summarizes the same tab again, in the same style and length (Regenerate, or Retry after an error). */
  const regenerate = () => {
    const again = last.current ?? (kept.current && { tabId: kept.current.tabId, style: kept.current.style, length: kept.current.length });
    if (again) void start(again.tabId, again.style, again.length);
  };

  /** Phase 'handoff': continue in the side panel after all (`opening`: the panel the click is opening), or run it here. */
  const place = (where: Placement) => placer.current?.(where);

  return { state, start, stop, choose, regenerate, follow, place };
}
