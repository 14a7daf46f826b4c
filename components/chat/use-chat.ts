import { useRef, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { sendToBackground } from '@/lib/messaging/client';
import { loadSettings } from '@/lib/settings';
import { answerQuestion } from '@/lib/answer/ask';
import { conversationTitle, historyBefore, withTurn, type Conversation, type ConversationDraft, type ConversationTurn, type SourceCard } from '@/lib/answer/conversation';
import { outputLanguage } from '@/lib/answer/language';
import { pdfPageOfHeadings } from '@/lib/extract/pdf-text';
import { coalesceDeltas } from '@/lib/answer/reply-limit';
import type { PackedSource } from '@/lib/answer/sources';
import { leftOutLines } from '@/lib/answer/tabs-scope';
import type { LoadProgress } from '@/lib/engine/types';
import { resolveScope, type ChatScope, type ResolvedScope } from '@/lib/answer/resolve-scope';
import { prepareEngine, viewEngine } from './use-engine';
import { describeError, errorSentence, isStopped, type ShownError } from '@/lib/messaging/errors';

/** The turn being answered right now. */
export interface LiveTurn extends ConversationTurn {
  status: 'retrieving' | 'loading' | 'answering';
  /** The turn it answers: the next one, or an earlier one being retried or regenerated. */
  index: number;
  loadProgress?: LoadProgress;
}

function toCards(sources: readonly PackedSource[]): SourceCard[] {
  return sources.map((source) => {
    const page = pdfPageOfHeadings(source.headingPath);
    return { id: source.id, title: source.title, url: source.url, site: source.site, readAt: source.readAt, passage: source.text, ...(page ? { page } : {}) };
  });
}

/** A conversation in the Chat view: ask, stream, stop, save after every turn. */
export function useChat(onSaved: () => void) {
  const [conversation, setConversation] = useState<ConversationDraft | null>(null);
  const [live, setLive] = useState<LiveTurn | null>(null);
  const [error, setError] = useState<ShownError | null>(null);
  const controller = useRef<AbortController | null>(null);

  // A conversation that touched a private tab stays in memory only (the background refuses it too).
  const [isPrivate, setPrivate] = useState(false);

  const save = async (draft: ConversationDraft) => {
    try {
      const { id } = await sendToBackground('answers.saveConversation', draft);
      setConversation((current) => (current === draft || current?.id === undefined ? { ...draft, id } : current));
      onSaved();
    } catch (saveError) {
      setError(describeError(saveError, 'The answer is shown but could not be saved'));
    }
  };

  /**
   * Asks `question` in `chatScope`. `at` is the turn it answers: the end of the conversation for
   * a new question, an earlier turn's index for Retry (a failed turn) or Regenerate (a new answer
   * in place of the old). A failed question stays in the conversation with its error and Retry;
   * resolves false when it failed, so the view can give the question back to the box.
   */
  const ask = async (question: string, chatScope: ChatScope, at?: number): Promise<boolean> => {
    const text = question.trim();
    if (!text || controller.current) return false;
    const abort = new AbortController();
    controller.current = abort;
    setError(null);
    const index = at ?? conversation?.turns.length ?? 0;
    const turn: LiveTurn = { question: text, answer: '', sources: [], askedAt: Date.now(), status: 'retrieving', index };
    setLive(turn);
    const patch = (change: Partial<LiveTurn>) => setLive((old) => (old ? { ...old, ...change } : old));
    let answer = '';
    let sources: SourceCard[] = [];
    let leftOut: string[] = [];
    let finish: ConversationTurn['finish'] = 'stop';
    let cutAtChars: number | undefined;
    let failure: ShownError | undefined;
    // Streamed deltas are drawn a few times a second, not once each: every draw re-parses the answer.
    const stream = coalesceDeltas((text) => patch({ answer: text }));
    let resolved: ResolvedScope | null = null;
    try {
      resolved = await resolveScope(chatScope, { request: sendToBackground, embed: (texts) => viewEngine().embed(texts), describeError: errorSentence });
      patch({ status: 'loading' });
      const ready = await prepareEngine((loadProgress) => patch({ loadProgress }), abort.signal);
      const settings = await loadSettings(browser.storage.local);
      patch({ status: 'answering' });
      const result = await answerQuestion({
        ...ready,
        question: text,
        scope: resolved.scope,
        history: historyBefore(conversation?.turns ?? [], index),
        lang: outputLanguage(settings.answers.language, resolved.lang),
        signal: abort.signal,
        onSources: (packed, omitted) => {
          sources = toCards(packed);
          leftOut = [...(resolved?.notes ?? []), ...leftOutLines(omitted)];
          patch({ sources, leftOut });
        },
        onDelta: (delta) => {
          answer += delta;
          stream.push(delta);
        },
      });
      answer = result.text;
      cutAtChars = result.cutAtChars;
      finish = abort.signal.aborted ? 'abort' : result.finishReason;
    } catch (askError) {
      if (isStopped(askError) || abort.signal.aborted) finish = 'abort';
      else {
        finish = 'error';
        failure = describeError(askError);
      }
    } finally {
      stream.cancel();
      controller.current = null;
      setLive(null);
    }
    const now = Date.now();
    const done: ConversationTurn = {
      question: text,
      answer,
      sources,
      askedAt: turn.askedAt,
      finish,
      ...(cutAtChars ? { cutAtChars } : {}),
      ...(leftOut.length ? { leftOut } : {}),
      ...(failure ? { error: errorSentence(failure), ...(failure.action ? { errorAction: failure.action } : {}) } : {}),
    };
    const base: ConversationDraft = conversation ?? {
      title: conversationTitle(text),
      scope: resolved?.saved ?? { kind: chatScope.kind },
      createdAt: now,
      updatedAt: now,
      turns: [],
    };
    const next = withTurn(base, done, index, now);
    setConversation(next);
    const privateNow = isPrivate || resolved?.incognito === true;
    if (privateNow) setPrivate(true);
    else await save(next);
    return finish !== 'error';
  };

  const stop = () => controller.current?.abort();

  const open = async (id: number) => {
    stop();
    const loaded: Conversation | null = await sendToBackground('answers.getConversation', { id });
    setConversation(loaded);
    setPrivate(false);
    setError(loaded ? null : { name: 'Error', message: 'That conversation no longer exists.' });
  };

  const reset = () => {
    stop();
    setConversation(null);
    setPrivate(false);
    setError(null);
  };

  return { conversation, live, error, ask, stop, open, reset, busy: live !== null, setConversation, isPrivate };
}
