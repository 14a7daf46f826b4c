import { replyCutNote, replyFailedNote } from '@/lib/answer/reply-limit';
import { interruptedNote, stoppedNote } from '@/lib/answer/tab-summary';
import { aboutDuration, CONFIRM_PARTS } from '@/lib/answer/summary-plan';
import { Markdown } from './Markdown';
import { AnswerActions } from './AnswerActions';
import { ErrorNotice } from '../ErrorNotice';
import type { SummaryState } from './use-summary';
import { usePdfProgress } from './use-pdf-progress';
import type { PdfProgress } from '@/lib/messaging/protocol';

/** Firefox calls it the sidebar: the person finds it under that name in its menus. */
const PANEL = import.meta.env.FIREFOX ? 'sidebar' : 'side panel';

/** The status line of a summary in words: reading, loading, "part 3 of 7", writing, done. */
function summaryStatus(state: SummaryState, pdf: PdfProgress | null): string {
  switch (state.phase) {
    case 'idle':
      return '';
    case 'reading':
      return pdf && pdf.page < pdf.pages ? `Reading the PDF: page ${pdf.page} of ${pdf.pages}…` : 'Reading the page…';
    case 'loading':
      return state.loadProgress ? `Loading the model: ${state.loadProgress.text}` : 'Loading the model…';
    case 'confirm':
      return state.plan
        ? `This page is very long: about ${state.plan.pageTokens.toLocaleString('en')} tokens, read in ${state.plan.parts.toLocaleString('en')} parts, ${aboutDuration(state.plan.seconds)} with a small local model.`
        : '';
    case 'summarizing':
      if (state.writing) return state.parts && state.parts > 1 ? `Writing the summary from all ${state.parts} parts…` : 'Writing the summary…';
      if (state.combining) return `Combining the notes of ${state.parts} parts (round ${state.combining})…`;
      if (state.part && state.parts) return `Reading part ${state.part} of ${state.parts}…`;
      return 'Summarizing…';
    case 'done':
      return '';
    case 'handoff':
      return `This page is read in ${state.parts ?? 'several'} parts, which takes a while: it continues in the ${PANEL}, where closing this popup does not stop it.`;
    case 'stopped':
      if (state.interrupted) return interruptedNote(state.interrupted);
      return state.coverage ? (stoppedNote({ stopped: state.stopped, partsRead: state.partsRead, parts: state.parts ?? 1, coverage: state.coverage }) ?? 'Stopped.') : 'Stopped.';
    case 'error':
      return ''; // shown with its next step below
  }
}

/** The streamed summary, its progress, and how much of the page it used. */
export function SummaryOutput(props: {
  state: SummaryState;
  onChoose?: (choice: 'all' | 'beginning' | 'cancel') => void;
  onRegenerate?: () => void;
  here?: string;
  /** Phase 'handoff' (the side panel could not be opened at once): continue there after all (the click opens it), or here. */
  onPlace?: (where: 'panel' | 'here') => void;
}) {
  const { state } = props;
  const pdf = usePdfProgress(state.phase === 'reading');
  const status = summaryStatus(state, pdf);
  const fraction =
    state.phase === 'loading' && state.loadProgress
      ? state.loadProgress.fraction
      : state.phase === 'summarizing' && state.parts && state.parts > 1 && state.part && !state.writing
        ? (state.part - 1) / state.parts
        : null;
  return (
    <div class="summary-output">
      {status && (
        <p class="muted" role="status" data-testid="summary-status">
          {status}
        </p>
      )}
      {state.phase === 'error' && <ErrorNotice error={state.error ?? { name: 'Error', message: 'Something went wrong.' }} here={props.here} testId="summary-error" />}
      {state.note && (
        <p class="muted" data-testid="summary-note">
          {state.note}
        </p>
      )}
      {state.phase === 'confirm' && state.plan && props.onChoose && (
        <div class="actions" data-testid="summary-confirm">
          <button type="button" class="primary" onClick={() => props.onChoose?.('all')}>
            Summarize all {state.plan.parts.toLocaleString('en')} parts
          </button>
          <button type="button" onClick={() => props.onChoose?.('beginning')}>
            Only the first {CONFIRM_PARTS} parts ({aboutDuration(state.plan.beginningSeconds)})
          </button>
          <button type="button" onClick={() => props.onChoose?.('cancel')}>
            Cancel
          </button>
        </div>
      )}
      {state.phase === 'handoff' && props.onPlace && (
        <div class="actions" data-testid="summary-handoff">
          <button type="button" class="primary" onClick={() => props.onPlace?.('panel')}>
            Continue in the {PANEL}
          </button>
          <button type="button" onClick={() => props.onPlace?.('here')}>
            Summarize here (keep this popup open)
          </button>
        </div>
      )}
      {fraction !== null && <progress max={1} value={fraction} aria-label="Progress" />}
      {state.text && (
        <div class="answer" aria-live="polite" data-testid="summary-text">
          <Markdown text={state.text} />
        </div>
      )}
      {state.phase === 'error' && state.text && (
        <p class="muted" data-testid="summary-failed-midway">
          {replyFailedNote('summary')}
        </p>
      )}
      {state.phase === 'done' && state.cutAtChars && (
        <p class="muted" data-testid="summary-cut">
          {replyCutNote(state.cutAtChars)}
        </p>
      )}
      {state.phase === 'done' && state.coverage && (
        <p class="muted coverage" data-testid="summary-coverage">
          Used {Math.floor(state.coverage.fraction * 100)}% of the page
          {state.parts && state.parts > 1 ? ` (read in ${state.parts} parts)` : ''}
          {state.beginningOnly ? ': only its beginning, as you chose' : ''}.
        </p>
      )}
      {state.unsaved && (
        <p class="muted" data-testid="summary-unsaved">
          Not saved in history: {state.unsaved}
        </p>
      )}
      {['done', 'stopped', 'error'].includes(state.phase) && (state.text || props.onRegenerate) && (
        <AnswerActions text={state.text} failed={state.phase === 'error'} onRegenerate={props.onRegenerate} what="summary" />
      )}
    </div>
  );
}
