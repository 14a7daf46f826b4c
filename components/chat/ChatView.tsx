import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { sendToBackground } from '@/lib/messaging/client';
import type { ConversationSummary, ConversationTurn } from '@/lib/answer/conversation';
import { citedSourceIds } from '@/lib/answer/citations';
import { replyCutNote, replyFailedNote } from '@/lib/answer/reply-limit';
import type { SummaryLength, SummaryStyle } from '@/lib/answer/prompts';
import { Markdown } from './Markdown';
import { SourceCards } from './SourceCards';
import { growWithContent } from './grow-with-content';
import { ScopeSwitch } from './ScopeSwitch';
import type { ChatScope } from '@/lib/answer/resolve-scope';
import { ConversationList } from './ConversationList';
import { ModelStatus } from './ModelStatus';
import { SummaryControls } from './SummaryControls';
import { SummaryOutput } from './SummaryOutput';
import { AnswerActions } from './AnswerActions';
import { useChat, type LiveTurn } from './use-chat';
import { useSummary } from './use-summary';
import { useAnswerSettings } from './use-answer-settings';
import { errorSentence } from '@/lib/messaging/errors';
import { ErrorNotice } from '../ErrorNotice';
import { useLatest } from '../use-latest';
import './chat.css';
import { PRIVATE_NOT_SAVED } from '@/lib/answer/private-pages';
import { pendingSummaryItem } from '@/lib/messaging/stored';
import { pendingFor } from '@/lib/messaging/pending-request';
import { thisWindowId } from '@/lib/side-panel';
import { isRunning } from '@/lib/answer/tab-summary';

/**
 * Calls `onRequest` (with this view's window) whenever the background leaves a "Summarize
 * this page" request for this window's panel, and once for one left before the panel opened;
 * the latest `onRequest` (it may read state), and only while `enabled`. A request left in
 * another window is that window's panel's.
 */
export function useSummaryRequests(onRequest: (windowId: number) => void, enabled = true): void {
  const latest = useLatest(onRequest);
  useEffect(() => {
    if (!enabled) return;
    let windowId: number | undefined;
    const check = (stored: Parameters<typeof pendingFor>[0]) => pendingFor(stored, windowId) && latest.current(windowId!);
    const unwatch = pendingSummaryItem.watch(check);
    // A request left before this panel opened.
    thisWindowId()
      .then(async (id) => {
        windowId = id;
        check(await pendingSummaryItem.getValue());
      })
      .catch(() => undefined);
    return unwatch;
  }, [enabled, latest]);
}

function Turn(props: { turn: ConversationTurn | LiveTurn; index: number; live?: boolean; onRerun?: () => void; busy?: boolean }) {
  const { turn, index } = props;
  const [highlighted, setHighlighted] = useState<number | null>(null);
  const prefix = `turn-${index}`;
  const onCitation = (id: number) => {
    setHighlighted(id);
    const card = document.getElementById(`${prefix}-source-${id}`);
    card?.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
    card?.focus();
  };
  const status = props.live && 'status' in turn ? turn.status : null;
  return (
    <article class="turn" aria-label={`Question ${index + 1}`}>
      <p class="question">{turn.question}</p>
      {status && !turn.answer && (
        <p class="muted" role="status">
          {status === 'retrieving'
            ? 'Finding sources…'
            : status === 'loading'
              ? `Loading the model${'loadProgress' in turn && turn.loadProgress ? `: ${turn.loadProgress.text}` : '…'}`
              : 'Writing the answer…'}
        </p>
      )}
      {turn.answer && (
        <div class="answer" data-testid="answer" aria-live={props.live ? 'polite' : undefined}>
          <Markdown text={turn.answer} citations={turn.sources.length} onCitation={onCitation} />
        </div>
      )}
      {turn.finish === 'error' && turn.answer && (
        <p class="muted" data-testid="answer-failed-midway">
          {replyFailedNote('answer')}
        </p>
      )}
      {turn.finish === 'error' && (
        <ErrorNotice
          error={{ name: 'Error', message: `${turn.answer ? 'Not finished' : 'Not answered'}: ${turn.error ?? 'something went wrong.'}`, action: turn.errorAction }}
          here="chat"
          testId="turn-error"
        />
      )}
      {turn.finish === 'abort' && <p class="muted">Stopped.</p>}
      {turn.finish === 'length' && (
        <p class="muted" data-testid="answer-cut">
          {turn.cutAtChars ? replyCutNote(turn.cutAtChars) : 'The answer reached its length limit.'}
        </p>
      )}
      <SourceCards sources={turn.sources} cited={citedSourceIds(turn.answer, turn.sources.length)} idPrefix={prefix} highlighted={highlighted} />
      {turn.leftOut && turn.leftOut.length > 0 && (
        <details class="left-out" data-testid="left-out" open>
          <summary>Left out of this answer</summary>
          <ul>
            {turn.leftOut.map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
        </details>
      )}
      {!props.live && <AnswerActions text={turn.answer} failed={turn.finish === 'error'} onRegenerate={props.onRerun} disabled={props.busy} />}
    </article>
  );
}

/** The Chat view of the side panel: ask this page, the selection or the library; summaries; saved conversations. */
export function ChatView() {
  const defaults = useAnswerSettings();
  const [scope, setScope] = useState<ChatScope>({ kind: 'library', site: '', days: 0 });
  const [question, setQuestion] = useState('');
  const [list, setList] = useState<ConversationSummary[]>([]);
  const [listError, setListError] = useState<string | null>(null);
  const [style, setStyle] = useState<SummaryStyle | null>(null);
  const [length, setLength] = useState<SummaryLength | null>(null);
  const refreshList = useCallback(() => {
    sendToBackground('answers.listConversations', {}).then(
      (items) => (setList(items), setListError(null)),
      (error: unknown) => setListError(errorSentence(error)),
    );
  }, []);
  // Summaries are kept per tab and saved with the conversations (the list shows them).
  const summary = useSummary({ runner: 'sidepanel', onSaved: refreshList });
  const chat = useChat(refreshList);
  const input = useRef<HTMLTextAreaElement>(null);
  // The box is one line until more is typed (and again once a question is sent).
  useEffect(() => {
    if (input.current) growWithContent(input.current);
  }, [question]);
  const chosenStyle = style ?? defaults.style;
  const chosenLength = length ?? defaults.length;
  const summarizing = isRunning(summary.state.phase);

  useEffect(refreshList, [refreshList]);
  // The last summary of the tab being read, shown again when the panel opens.
  const { follow } = summary;
  useEffect(() => {
    sendToBackground('answers.activeTab', {}).then(
      (tab) => tab && follow(tab.tabId),
      () => undefined,
    );
  }, [follow]);

  // "Summarize this page" from the context menu or the shortcut: the background leaves a pending
  // request, taken once the default style and length are known, with the style and length shown now.
  useSummaryRequests(
    (windowId) =>
      void sendToBackground('answers.takePendingSummary', { windowId }).then(
        (pending) => pending && summary.start(pending.tabId, pending.style ?? chosenStyle, pending.length ?? chosenLength, { choice: pending.choice }),
        () => undefined,
      ),
    defaults.loaded,
  );

  const summarizeCurrent = async () => {
    const tab = await sendToBackground('answers.activeTab', {}).catch(() => null);
    if (tab) void summary.start(tab.tabId, chosenStyle, chosenLength);
  };

  const submit = (event: Event) => {
    event.preventDefault();
    const text = question;
    if (!text.trim() || chat.busy) return;
    setQuestion('');
    // A failed question stays in the conversation with Retry, and goes back to the box unless a new one was typed.
    void chat.ask(text, scope).then((answered) => answered || setQuestion((typed) => typed || text));
  };

  const turns = chat.conversation?.turns ?? [];
  return (
    <section aria-labelledby="chat-title" class="chat-view">
      <header class="chat-header">
        <h2 id="chat-title">Chat</h2>
        <button type="button" onClick={chat.reset} disabled={chat.busy}>
          New conversation
        </button>
      </header>
      <ModelStatus />

      <section class="card" aria-label="Summarize">
        <div class="summary-bar">
          <SummaryControls style={chosenStyle} length={chosenLength} onStyle={setStyle} onLength={setLength} disabled={summarizing} />
          {summarizing ? (
            <button type="button" onClick={summary.stop}>
              Stop
            </button>
          ) : (
            <button type="button" onClick={() => void summarizeCurrent()}>
              Summarize this page
            </button>
          )}
        </div>
        <SummaryOutput state={summary.state} onChoose={summary.choose} onRegenerate={summary.regenerate} />
      </section>

      <ConversationList
        items={list}
        currentId={chat.conversation?.id}
        onOpen={(id) => void chat.open(id)}
        onChanged={refreshList}
        onDeleted={(id) => chat.conversation?.id === id && chat.reset()}
      />
      {listError && <p class="muted">Saved conversations are unavailable: {listError}</p>}

      <div class="turns">
        {turns.map((turn, index) =>
          chat.live?.index === index ? (
            <Turn key={`${chat.conversation?.id ?? 'new'}-${index}`} turn={chat.live} index={index} live />
          ) : (
            <Turn
              key={`${chat.conversation?.id ?? 'new'}-${index}`}
              turn={turn}
              index={index}
              busy={chat.busy}
              onRerun={turn.summary ? undefined : () => void chat.ask(turn.question, scope, index)}
            />
          ),
        )}
        {chat.live && chat.live.index >= turns.length && <Turn turn={chat.live} index={turns.length} live />}
        {turns.length === 0 && !chat.live && <p class="muted">Ask about this page, the text you selected, everything you have read, or the tabs open now.</p>}
      </div>
      {chat.isPrivate && (
        <p class="muted" role="status" data-testid="private-note">
          {PRIVATE_NOT_SAVED}
        </p>
      )}
      {chat.error && <ErrorNotice error={chat.error} here="chat" />}

      <form class="ask" onSubmit={submit}>
        <ScopeSwitch scope={scope} onChange={setScope} disabled={chat.busy} />
        <label for="question" class="sr-only">
          Your question
        </label>
        <div class="ask-row">
          <textarea
            id="question"
            ref={input}
            rows={1}
            placeholder={
              scope.kind === 'library'
                ? 'Ask everything you have read…'
                : scope.kind === 'page'
                  ? 'Ask about this page…'
                  : scope.kind === 'tabs'
                    ? 'Ask across these tabs…'
                    : 'Ask about the selected text…'
            }
            value={question}
            onInput={(event) => setQuestion(event.currentTarget.value)}
            onKeyDown={(event) => {
              if (event.key === 'Enter' && !event.shiftKey) submit(event);
            }}
          />
          <div class="actions">
            {chat.busy ? (
              <button type="button" onClick={chat.stop}>
                Stop
              </button>
            ) : (
              <button type="submit" class="primary" disabled={!question.trim()}>
                Ask
              </button>
            )}
          </div>
        </div>
      </form>
    </section>
  );
}
