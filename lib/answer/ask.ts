/**
 * Retrieval-augmented answers: gather sources for the chosen scope (this
 * page, the selected text, or the whole library), pack them under the token
 * budget left by the system prompt, the conversation so far and the reply,
 * then stream the model's answer and resolve its citations. When nothing
 * relevant is found the model is not asked at all: Gleaner says so.
 */
import type { ChatMessage, EngineClient } from '@/lib/engine/types';
import type { ExtractedBlock } from '@/lib/extract/types';
import type { Tokenizer } from '@/lib/tokens/types';
import { AbortedError } from '@/lib/messaging/errors';
import { countMessageTokens, promptBudget } from './budget';
import { citedSourceIds } from './citations';
import { boundedChat } from './reply-limit';
import { fitHistory, type PastTurn } from './history';
import { rankPagePassages } from './page-retriever';
import { ANSWER_SYSTEM_PROMPT, questionMessage } from './prompts';
import { packSources, type PackedContext, type PackedSource, type RetrievedPassage } from './sources';
import { contentTerms } from './terms';
import { pageHeading, pdfPageAt } from '@/lib/extract/pdf-text';
import { buildTabsContext, type LeftOut, type TabPage } from './tabs-scope';

/** Library retrieval as the answers feature uses it (lexical, or hybrid when semantic search is on). */
export type Retriever = (query: string, options: { limit: number; site?: string; since?: number }) => Promise<RetrievedPassage[]>;

/** Where answers come from. */
export type AnswerScope =
  | { kind: 'page'; page: { url: string; title: string; siteName?: string; text: string; blocks?: readonly ExtractedBlock[]; readAt?: number } }
  | { kind: 'selection'; text: string; page: { url: string; title: string; siteName?: string } }
  | { kind: 'library'; retrieve: Retriever; site?: string; since?: number }
  /** Several open tabs; `unreadable`: chosen tabs that could not be read (reported as left out). */
  | { kind: 'tabs'; pages: readonly TabPage[]; unreadable?: readonly { url: string; title: string; reason: string }[] };

/** Passages retrieved from the library before packing. */
export const LIBRARY_CANDIDATES = 24;

/** The packed library context for a question: exactly what "ask my library" sends (used by eval:context too). */
export async function buildLibraryContext(
  question: string,
  retrieve: Retriever,
  options: { tokenizer: Tokenizer; budget: number; site?: string; since?: number },
): Promise<PackedContext> {
  const passages = await retrieve(question, { limit: LIBRARY_CANDIDATES, site: options.site, since: options.since });
  return packSources(question, passages, { tokenizer: options.tokenizer, budget: options.budget });
}

/** The packed context of any scope under `budget` tokens. */
export async function buildScopeContext(question: string, scope: AnswerScope, tokenizer: Tokenizer, budget: number): Promise<PackedContext & { leftOut?: LeftOut[] }> {
  switch (scope.kind) {
    case 'tabs':
      return buildTabsContext(question, scope.pages, tokenizer, budget, scope.unreadable);
    case 'library':
      return buildLibraryContext(question, scope.retrieve, { tokenizer, budget, site: scope.site, since: scope.since });
    case 'selection':
      // The person chose this text: it is the source even when it shares no word with the question.
      return packSources('', [{ url: scope.page.url, title: scope.page.title, site: scope.page.siteName, text: scope.text }], { tokenizer, budget, maxShare: 1 });
    case 'page': {
      const { page } = scope;
      const whole = packSources('', [{ url: page.url, title: page.title, site: page.siteName, readAt: page.readAt, text: page.text }], { tokenizer, budget, maxShare: 1 });
      if (whole.sources[0] && !whole.sources[0].narrowed) return whole;
      const ranked = rankPagePassages(page, question, tokenizer).map((passage) => ({ ...passage, readAt: page.readAt }));
      const packed = packSources(question, ranked, { tokenizer, budget });
      // A PDF's sources carry the page their text starts on (`p. N`), so a citation opens the PDF there.
      for (const source of packed.sources) {
        const head = source.text
          .replace(/^[\s…]+/, '')
          .split('…')[0]!
          .trim()
          .slice(0, 80);
        const at = head ? page.text.indexOf(head) : -1;
        const pdfPage = at >= 0 ? pdfPageAt(page.text, page.blocks, at) : undefined;
        if (pdfPage) source.headingPath = [pageHeading(pdfPage)];
      }
      return packed;
    }
  }
}

/** The reply when no source is relevant: said plainly, never guessed. */
export const NOTHING_FOUND = {
  library: 'I could not find anything about this in your library. Try other words, widen the filters, or read a page about it first.',
  page: 'I could not find anything about this on this page.',
  selection: 'The selected text is empty. Select some text on the page and ask again.',
  tabs: 'None of the chosen tabs could be read. Choose web page tabs and ask again.',
} as const;

export interface AnswerOptions {
  question: string;
  scope: AnswerScope;
  history?: readonly PastTurn[];
  engine: EngineClient;
  tokenizer: Tokenizer;
  contextWindow: number;
  /** BCP 47 tag of the answer's language; undefined: the question's. */
  lang?: string;
  /** Tokens kept for the reply. */
  replyTokens?: number;
  signal?: AbortSignal;
  onDelta?: (text: string) => void;
  /** Called once the sources are known, before the model starts. */
  onSources?: (sources: readonly PackedSource[], leftOut: readonly LeftOut[]) => void;
}

export interface AnswerResult {
  text: string;
  sources: PackedSource[];
  /** Ids of the sources the answer cites. */
  cited: number[];
  /** Tokens of the prompt as sent (template allowance included); 0 when the model was not asked. */
  promptTokens: number;
  finishReason: 'stop' | 'length' | 'abort' | 'nothing-found';
  /** Set when the reply was stopped at this many characters (see reply-limit.ts). */
  cutAtChars?: number;
  /** What of the chosen sources the model was not given (the tabs scope), in words. */
  leftOut: LeftOut[];
}

/** Share of the prompt budget earlier turns may take; sources get the rest. */
const HISTORY_SHARE = 0.25;

/** The question used for retrieval: a short follow-up ("and when?") borrows the words of the previous question. */
export function retrievalQuery(question: string, history: readonly PastTurn[] | undefined): string {
  const previous = history?.at(-1)?.question;
  if (!previous || contentTerms(question).length >= 3) return question;
  return `${question} ${previous}`;
}

/** Answers a question from the scope's sources; the prompt never exceeds the context window minus the reply. */
export async function answerQuestion(options: AnswerOptions): Promise<AnswerResult> {
  const { question, scope, engine, tokenizer, signal } = options;
  const replyTokens = options.replyTokens ?? 512;
  const budget = promptBudget(options.contextWindow, replyTokens);
  const system: ChatMessage = { role: 'system', content: ANSWER_SYSTEM_PROMPT };
  const history = fitHistory(options.history ?? [], tokenizer, Math.floor(budget * HISTORY_SHARE));
  const fixed = countMessageTokens(tokenizer, [system, ...history, questionMessage(question, [], options.lang)]);
  // The sources replace the no-sources marker; a few tokens of slack cover the seams.
  const sourceBudget = budget - fixed - 16;
  const context = await buildScopeContext(retrievalQuery(question, options.history), scope, tokenizer, sourceBudget);
  const leftOut = context.leftOut ?? [];
  options.onSources?.(context.sources, leftOut);
  if (context.sources.length === 0) {
    const text = NOTHING_FOUND[scope.kind];
    options.onDelta?.(text);
    return { text, sources: [], cited: [], promptTokens: 0, finishReason: 'nothing-found', leftOut };
  }
  const messages = [system, ...history, questionMessage(question, context.sources, options.lang)];
  const promptTokens = countMessageTokens(tokenizer, messages);
  if (promptTokens > budget) throw new RangeError(`Internal error: the prompt (${promptTokens} tokens) exceeds its budget (${budget}).`);
  if (signal?.aborted) throw new AbortedError('Stopped.');
  const result = await boundedChat(engine, { messages, maxTokens: replyTokens, temperature: 0.2 }, { signal, onDelta: options.onDelta });
  return {
    text: result.text,
    sources: context.sources,
    cited: citedSourceIds(result.text, context.sources.length),
    promptTokens,
    finishReason: result.finishReason,
    cutAtChars: result.cutAtChars,
    leftOut,
  };
}
