import { useRef, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { sendToBackground } from '@/lib/messaging/client';
import { loadSettings } from '@/lib/settings';
import { outputLanguage } from '@/lib/answer/language';
import { coalesceDeltas } from '@/lib/answer/reply-limit';
import { summarizePage, type Coverage } from '@/lib/answer/summarize';
import { planSummary, type SummaryPlan } from '@/lib/answer/summary-plan';
import type { SummaryLength, SummaryStyle } from '@/lib/answer/prompts';
import type { LoadProgress } from '@/lib/engine/types';
import { prepareEngine } from './use-engine';
import { describeError, isStopped, type ShownError } from '@/lib/messaging/errors';

/** Where a summary stands, for the views. */
export interface SummaryState {
  phase: 'idle' | 'reading' | 'loading' | 'confirm' | 'summarizing' | 'done' | 'stopped' | 'error';
  /** The plan of a very long page, while the person chooses (phase 'confirm'). */
  plan?: SummaryPlan;
  /** A limit applied while reading the page (very large page read as plain text), in plain words. */
  note?: string;
  /** Set when the person chose to summarize only the beginning. */
  beginningOnly?: boolean;
  page?: { title: string; url: string };
  text: string;
  /** Parts of a long page (1 when it fits whole). */
  parts?: number;
  /** The part being read (1-based), during map-reduce. */
  part?: number;
  /** Combining notes, level ≥ 1. */
  combining?: number;
  writing?: boolean;
  loadProgress?: LoadProgress;
  coverage?: Coverage;
  /** Set when the summary was stopped at this many characters. */
  cutAtChars?: number;
  /** What a stopped summary kept: the summary written so far, or the notes on the parts read (see SummaryResult). */
  stopped?: 'summary' | 'notes';
  partsRead?: number;
  /** What went wrong, with its next step (shown by components/ErrorNotice.tsx). */
  error?: ShownError;
}

/** Summarizes a tab: reads it on demand, loads the model, runs one pass or map-reduce, streams the result. */
export function useSummary() {
  const [state, setState] = useState<SummaryState>({ phase: 'idle', text: '' });
  const controller = useRef<AbortController | null>(null);
  const chooser = useRef<((choice: 'all' | 'beginning' | 'cancel') => void) | null>(null);

  const last = useRef<{ tabId: number; style: SummaryStyle; length: SummaryLength } | null>(null);

  const start = async (tabId: number, style: SummaryStyle, length: SummaryLength) => {
    last.current = { tabId, style, length };
    controller.current?.abort();
    const abort = new AbortController();
    controller.current = abort;
    const update = (patch: Partial<SummaryState>) => {
      if (controller.current === abort) setState((old) => ({ ...old, ...patch }));
    };
    setState({ phase: 'reading', text: '' });
    try {
      const page = await sendToBackground('answers.readTab', { tabId });
      update({ phase: 'loading', page: { title: page.title, url: page.url }, note: page.note });
      const ready = await prepareEngine((loadProgress) => update({ loadProgress }), abort.signal);
      const settings = await loadSettings(browser.storage.local);
      // A very long page is not started blindly: the person sees the parts and the time, and chooses.
      const plan = planSummary(page.text, ready.tokenizer, ready.contextWindow, length);
      let readChars: number | undefined;
      if (plan.confirm) {
        update({ phase: 'confirm', plan });
        const choice = await new Promise<'all' | 'beginning' | 'cancel'>((resolve) => {
          chooser.current = resolve;
          abort.signal.addEventListener('abort', () => resolve('cancel'), { once: true });
        });
        chooser.current = null;
        if (choice === 'cancel') {
          update({ phase: 'stopped', plan: undefined });
          return;
        }
        if (choice === 'beginning') readChars = plan.beginningChars;
        update({ beginningOnly: choice === 'beginning' });
      }
      update({ phase: 'summarizing' });
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
    }
  };

  const stop = () => {
    controller.current?.abort();
    setState((old) => (old.phase === 'done' || old.phase === 'idle' ? old : { ...old, phase: 'stopped' }));
  };

  /** The person's choice for a very long page (phase 'confirm'). */
  const choose = (choice: 'all' | 'beginning' | 'cancel') => chooser.current?.(choice);

  /** Summarizes the same tab again, in the same style and length (Regenerate, or Retry after an error). */
  const regenerate = () => last.current && void start(last.current.tabId, last.current.style, last.current.length);

  return { state, start, stop, choose, regenerate };
}
