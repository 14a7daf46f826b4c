import { useRef, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { sendToBackground } from '@/lib/messaging/client';
import { loadSettings } from '@/lib/settings';
import { answerQuestion, type AnswerScope, type Retriever } from '@/lib/answer/ask';
import { conversationTitle, type Conversation, type ConversationDraft, type ConversationScope, type ConversationTurn, type SourceCard } from '@/lib/answer/conversation';
import { outputLanguage } from '@/lib/answer/language';
import { pdfPageOfHeadings } from '@/lib/extract/pdf-text';
import { coalesceDeltas } from '@/lib/answer/reply-limit';
import { selectionCutNote } from '@/lib/answer/selection';
import type { PackedSource } from '@/lib/answer/sources';
import { leftOutLines, type TabPage } from '@/lib/answer/tabs-scope';
import type { LoadProgress } from '@/lib/engine/types';
import type { ChatScope } from './ScopeSwitch';
import { prepareEngine, viewEngine } from './use-engine';
import { errorText, isStopped } from './error-text';

/** The turn being answered right now. */
export interface LiveTurn extends ConversationTurn {
  status: 'retrieving' | 'loading' | 'answering';
  loadProgress?: LoadProgress;
}

function toCards(sources: readonly PackedSource[]): SourceCard[] {
  return sources.map((source) => {
    const page = pdfPageOfHeadings(source.headingPath);
    return { id: source.id, title: source.title, url: source.url, site: source.site, readAt: source.readAt, passage: source.text, ...(page ? { page } : {}) };
  });
}

/** Builds the answer scope: reads the tab or its selection on demand, or searches the library through the background. */
async function resolveScope(scope: ChatScope): Promise<{ scope: AnswerScope; saved: ConversationScope; lang?: string; incognito?: boolean; notes?: string[] }> {
  if (scope.kind === 'library') {
    const since = scope.days > 0 ? Date.now() - scope.days * 86_400_000 : undefined;
    const site = scope.site.trim() || undefined;
    const mode = await sendToBackground('answers.searchMode', {}).catch(() => ({ hybrid: false, model: '' }));
    const retrieve: Retriever = async (query, options) => {
      // Hybrid search when passages are embedded: the question is embedded here, where the engine is.
      const vector = mode.hybrid ? await viewEngine().embed([query]).then((vectors) => vectors[0], () => undefined) : undefined;
      return sendToBackground('answers.search', { query, ...options, dense: vector ? { vector, model: mode.model } : undefined });
    };
    // Asked from a private window: not saved either (the question itself is private browsing).
    const tab = await sendToBackground('answers.activeTab', {}).catch(() => null);
    return {
      scope: { kind: 'library', site, since, retrieve },
      saved: { kind: 'library', site, since },
      incognito: tab?.incognito,
    };
  }
  if (scope.kind === 'tabs') {
    const unchecked = new Set(scope.unchecked ?? []);
    const tabs = (await sendToBackground('answers.windowTabs', {})).filter((tab) => !unchecked.has(tab.tabId));
    if (tabs.length === 0) throw new Error('Choose at least one web page tab to answer from.');
    // Read in parallel; a tab that cannot be read is reported as left out, the others still answer.
    const reads = await Promise.allSettled(tabs.map((tab) => sendToBackground('answers.readTab', { tabId: tab.tabId })));
    const pages: TabPage[] = [];
    const unreadable: { url: string; title: string; reason: string }[] = [];
    reads.forEach((read, index) => {
      const tab = tabs[index]!;
      if (read.status === 'fulfilled') pages.push({ url: read.value.url, title: read.value.title || tab.title, siteName: read.value.siteName, text: read.value.text, blocks: read.value.blocks, readAt: read.value.readAt });
      else unreadable.push({ url: tab.url, title: tab.title, reason: errorText(read.reason) });
    });
    return {
      scope: { kind: 'tabs', pages, unreadable },
      saved: { kind: 'tabs', urls: tabs.map((tab) => tab.url) },
      lang: reads.find((read) => read.status === 'fulfilled')?.value.lang,
      incognito: tabs.some((tab) => tab.incognito),
    };
  }
  const tab = await sendToBackground('answers.activeTab', {});
  if (!tab) throw new Error('Open a web page first: there is no page to read in this window.');
  if (scope.kind === 'selection') {
    const { text, totalChars } = await sendToBackground('answers.selection', { tabId: tab.tabId });
    const cut = selectionCutNote(text.length, totalChars);
    return { scope: { kind: 'selection', text, page: { url: tab.url, title: tab.title } }, saved: { kind: 'selection', url: tab.url }, incognito: tab.incognito, notes: cut ? [cut] : [] };
  }
  const page = await sendToBackground('answers.readTab', { tabId: tab.tabId });
  return {
    scope: { kind: 'page', page: { url: page.url, title: page.title, siteName: page.siteName, text: page.text, blocks: page.blocks, readAt: page.readAt } },
    saved: { kind: 'page', url: page.url, title: page.title },
    lang: page.lang,
    incognito: tab.incognito,
    notes: page.note ? [page.note] : [],
  };
}

/** A conversation in the Chat view: ask, stream, stop, save after every turn. */
export function useChat(onSaved: () => void) {
  const [conversation, setConversation] = useState<ConversationDraft | null>(null);
  const [live, setLive] = useState<LiveTurn | null>(null);
  const [error, setError] = useState<string | null>(null);
  const controller = useRef<AbortController | null>(null);

  // A conversation that touched a private tab stays in memory only (the background refuses it too).
  const [isPrivate, setPrivate] = useState(false);

  const save = async (draft: ConversationDraft) => {
    try {
      const { id } = await sendToBackground('answers.saveConversation', draft);
      setConversation((current) => (current === draft || current?.id === undefined ? { ...draft, id } : current));
      onSaved();
    } catch (saveError) {
      setError(`The answer is shown but could not be saved: ${errorText(saveError)}`);
    }
  };

  const ask = async (question: string, chatScope: ChatScope) => {
    const text = question.trim();
    if (!text || controller.current) return;
    const abort = new AbortController();
    controller.current = abort;
    setError(null);
    const turn: LiveTurn = { question: text, answer: '', sources: [], askedAt: Date.now(), status: 'retrieving' };
    setLive(turn);
    const patch = (change: Partial<LiveTurn>) => setLive((old) => (old ? { ...old, ...change } : old));
    let answer = '';
    let sources: SourceCard[] = [];
    let leftOut: string[] = [];
    let finish: ConversationTurn['finish'] = 'stop';
    let cutAtChars: number | undefined;
    // Streamed deltas are drawn a few times a second, not once each: every draw re-parses the answer.
    const stream = coalesceDeltas((text) => patch({ answer: text }));
    let resolved: Awaited<ReturnType<typeof resolveScope>> | null = null;
    try {
      resolved = await resolveScope(chatScope);
      patch({ status: 'loading' });
      const ready = await prepareEngine((loadProgress) => patch({ loadProgress }), abort.signal);
      const settings = await loadSettings(browser.storage.local);
      patch({ status: 'answering' });
      const result = await answerQuestion({
        ...ready,
        question: text,
        scope: resolved.scope,
        history: (conversation?.turns ?? []).filter((past) => past.finish !== 'error').map((past) => ({ question: past.question, answer: past.answer })),
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
        setError(errorText(askError));
      }
    } finally {
      stream.cancel();
      controller.current = null;
      setLive(null);
    }
    if (finish === 'error' && !answer) return;
    const now = Date.now();
    const done: ConversationTurn = { question: text, answer, sources, askedAt: turn.askedAt, finish, ...(cutAtChars ? { cutAtChars } : {}), ...(leftOut.length ? { leftOut } : {}) };
    const base: ConversationDraft = conversation ?? {
      title: conversationTitle(text),
      scope: resolved?.saved ?? { kind: chatScope.kind },
      createdAt: now,
      updatedAt: now,
      turns: [],
    };
    const next = { ...base, updatedAt: now, turns: [...base.turns, done] };
    setConversation(next);
    const privateNow = isPrivate || resolved?.incognito === true;
    if (privateNow) setPrivate(true);
    else await save(next);
  };

  const stop = () => controller.current?.abort();

  const open = async (id: number) => {
    stop();
    const loaded: Conversation | null = await sendToBackground('answers.getConversation', { id });
    setConversation(loaded);
    setPrivate(false);
    setError(loaded ? null : 'That conversation no longer exists.');
  };

  const reset = () => {
    stop();
    setConversation(null);
    setPrivate(false);
    setError(null);
  };

  return { conversation, live, error, ask, stop, open, reset, busy: live !== null, setConversation, isPrivate };
}
