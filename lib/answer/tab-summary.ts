/**
 * A summary kept for its tab, so nothing the person asked for is lost.
 *
 * Where summaries run, and why: a summary runs in the view that started it (popup or side
 * panel), next to the engine client, the page's tokenizer and the settings it needs. The
 * popup dies when it closes, so it keeps only short work: a page that needs more than one
 * pass (map-reduce, minutes with a local model) is handed to the side panel, which stays
 * open while the person reads (the existing pending-summary handoff, carrying the style,
 * length and the choice already made). Running the job in the engine host instead would
 * survive both views closing, but the offscreen document cannot read the settings or the
 * tab itself and is closed when idle: more moving parts for little gain.
 *
 * Whoever runs a summary writes its state under the tab's item in `storage.session` (`tabSummaryItem`) (memory
 * only, cleared on restart, like the tab ids it is keyed by) as it goes, with a heartbeat;
 * every view showing that tab follows the key. So the popup and side panel show the last
 * summary of the tab when reopened, the popup shows a summary running in the side panel,
 * and a summary whose view closed midway is shown as interrupted, with what it had written.
 * When it ends, it is saved with the conversations (one store: `answers.saveConversation`).
 */
import type { LoadProgress } from '@/lib/engine/types';
import type { ShownError } from '@/lib/messaging/errors';
import type { ConversationDraft } from './conversation';
import { SUMMARY_LENGTHS, SUMMARY_STYLES, type SummaryLength, type SummaryStyle } from './prompts';
import type { Coverage, SummaryResult } from './summarize';
import type { SummaryPlan } from './summary-plan';

/** Where a summary stands, for the views (and as it is kept for its tab). */
export interface SummaryState {
  phase: 'idle' | 'reading' | 'loading' | 'confirm' | 'handoff' | 'summarizing' | 'done' | 'stopped' | 'error';
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
  /** Set when the view running it was closed before it finished (what it had written is kept). */
  interrupted?: SummaryRunner;
  /** Why it was not saved with the conversations (a private window), in words. */
  unsaved?: string;
  /** What went wrong, with its next step (shown by components/ErrorNotice.tsx). */
  error?: ShownError;
}

/** The views that run summaries. */
export type SummaryRunner = 'popup' | 'sidepanel';

/** A summary as kept for its tab in `storage.session`. */
export interface TabSummary {
  tabId: number;
  style: SummaryStyle;
  length: SummaryLength;
  state: SummaryState;
  /** The view running (or that ran) it. */
  runner: SummaryRunner;
  /** When it started (ms since the epoch). */
  startedAt: number;
  /** Last write by its runner: a heartbeat while it runs. */
  updatedAt: number;
  /** The saved conversation it is kept in, once saved (Regenerate replaces it). */
  conversationId?: number;
  /** Set by another view's Stop: the runner stops when it sees it. */
  stopRequested?: boolean;
}

/** How often a running summary's runner writes its heartbeat. */
export const HEARTBEAT_MS = 2_000;
/** A running summary not written for this long lost its view (the popup was closed). */
const STALE_MS = 4 * HEARTBEAT_MS;

/** True while a summary is under way (not yet done, stopped or failed). */
export function isRunning(phase: SummaryState['phase']): boolean {
  return phase === 'reading' || phase === 'loading' || phase === 'confirm' || phase === 'handoff' || phase === 'summarizing';
}

/** The state a view shows for a kept summary: one still "running" whose runner stopped writing was interrupted. */
export function seenState(kept: TabSummary, now: number): SummaryState {
  if (!isRunning(kept.state.phase) || now - kept.updatedAt <= STALE_MS) return kept.state;
  return { ...kept.state, phase: 'stopped', interrupted: kept.runner, plan: undefined, loadProgress: undefined };
}

/** Why a summary was interrupted, in words. */
export function interruptedNote(runner: SummaryRunner): string {
  return `The ${runner === 'popup' ? 'popup' : 'side panel'} was closed before this summary was finished; what it had written is kept.`;
}

/** The summary as a saved conversation (one turn: the request and the summary); null when there is nothing to keep. */
export function summaryConversation(kept: TabSummary, now: number): ConversationDraft | null {
  const { state } = kept;
  if (!state.text.trim() || !state.page) return null;
  const style = SUMMARY_STYLES.find((item) => item.id === kept.style)?.label ?? kept.style;
  const length = SUMMARY_LENGTHS.find((item) => item.id === kept.length)?.label ?? kept.length;
  const notes = [
    state.coverage && state.phase === 'stopped' ? stoppedNote({ stopped: state.stopped, partsRead: state.partsRead, parts: state.parts ?? 1, coverage: state.coverage }) : null,
    state.interrupted ? interruptedNote(state.interrupted) : null,
    state.coverage && state.phase === 'done' && state.coverage.fraction < 1 ? `Used ${Math.floor(state.coverage.fraction * 100)}% of the page.` : null,
    state.note ?? null,
  ].filter((line): line is string => !!line);
  return {
    ...(kept.conversationId !== undefined ? { id: kept.conversationId } : {}),
    title: `Summary: ${state.page.title || state.page.url}`,
    scope: { kind: 'page', url: state.page.url, title: state.page.title },
    createdAt: kept.startedAt,
    updatedAt: now,
    turns: [
      {
        question: `Summarize this page (${style}, ${length})`,
        answer: state.text,
        sources: [],
        askedAt: kept.startedAt,
        finish: state.phase === 'stopped' ? 'abort' : state.cutAtChars ? 'length' : 'stop',
        ...(state.cutAtChars ? { cutAtChars: state.cutAtChars } : {}),
        ...(notes.length ? { leftOut: notes } : {}),
        summary: true,
      },
    ],
  };
}

/** What a stopped summary holds, in words (shown under it and saved with it); null when it was not stopped. */
export function stoppedNote(result: Pick<SummaryResult, 'stopped' | 'partsRead' | 'parts' | 'coverage'>): string | null {
  if (result.stopped === 'notes') {
    const percent = Math.floor(result.coverage.fraction * 100);
    return `Stopped after ${result.partsRead} of ${result.parts} parts: these are the notes on the parts read (${percent}% of the page), not a summary of the whole page.`;
  }
  if (result.stopped === 'summary') return 'Stopped while the summary was being written: it is incomplete.';
  return null;
}
