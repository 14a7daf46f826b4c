/**
 * Conversations as they are saved: the scope they were asked in and every
 * turn with the sources its answer was given. Exported as Markdown that stays
 * inert in any viewer: answers are rewritten through Gleaner's own parser
 * (links only to vetted targets, no images, no HTML), titles, questions and
 * passages are escaped.
 */
import { textFragmentUrl } from '@/lib/library/text-fragment';
import { pdfPageUrl } from '@/lib/extract/pdf-text';
import { escapeMarkdownText, safeHref, toSafeMarkdown } from './markdown';
import type { ErrorAction } from '@/lib/messaging/errors';

/** A source card: enough to show and open a cited passage. */
export interface SourceCard {
  id: number;
  title: string;
  url: string;
  site?: string;
  readAt?: number;
  /** The passage the model was given. */
  passage: string;
  /** The PDF page the passage is on (PDFs only): the card says "p. 12" and opens the PDF there. */
  page?: number;
}

/** One question and its answer. */
export interface ConversationTurn {
  question: string;
  answer: string;
  sources: SourceCard[];
  askedAt: number;
  /** How the answer ended: stopped by the person, cut at the length limit, or nothing was found. */
  finish?: 'stop' | 'length' | 'abort' | 'nothing-found' | 'error';
  /** Set when the answer was stopped at this many characters (the bound on one answer). */
  cutAtChars?: number;
  /** What of the chosen sources the model was not given (the tabs scope), one line each. */
  leftOut?: string[];
  /** Why the question could not be answered (finish 'error'), in words: the turn stays, with Retry. */
  error?: string;
  /** The next step for that error (Open Models, Use a server), shown as a button beside Retry. */
  errorAction?: ErrorAction;
  /** A page summary kept in history (the question is the request): it is regenerated from the summary card, not asked again. */
  summary?: boolean;
}

/** The scope a conversation asks in. */
export type ConversationScope =
  { kind: 'page'; url?: string; title?: string } | { kind: 'selection'; url?: string } | { kind: 'library'; site?: string; since?: number } | { kind: 'tabs'; urls?: string[] };

/** A saved conversation. */
export interface Conversation {
  id: number;
  title: string;
  scope: ConversationScope;
  createdAt: number;
  updatedAt: number;
  turns: ConversationTurn[];
}

/** Where a source card leads: a PDF at its page, a web page scrolled to the passage (text fragment). */
export function sourceHref(source: Pick<SourceCard, 'url' | 'passage' | 'page'>): string {
  return source.page ? pdfPageUrl(source.url, source.page) : textFragmentUrl(source.url, source.passage);
}

/** A title for a new conversation: its first question, shortened at a word boundary. */
export function conversationTitle(question: string, maxLength = 60): string {
  const flat = question.replace(/\s+/g, ' ').trim();
  if (flat.length <= maxLength) return flat || 'Conversation';
  const cut = flat.slice(0, maxLength);
  const space = cut.lastIndexOf(' ');
  return `${space > maxLength / 2 ? cut.slice(0, space) : cut}…`;
}

/** A URL as a Markdown autolink when it is a vetted web address, as escaped text otherwise. */
function urlLink(url: string): string {
  const href = safeHref(url);
  return href ? `<${href}>` : escapeInline(url);
}

function scopeLine(scope: ConversationScope): string {
  if (scope.kind === 'page') return `This page${scope.title ? `: ${escapeInline(scope.title)}` : ''}${scope.url ? ` (${urlLink(scope.url)})` : ''}`;
  if (scope.kind === 'selection') return `Selected text${scope.url ? ` on ${urlLink(scope.url)}` : ''}`;
  if (scope.kind === 'tabs') return `These tabs${scope.urls?.length ? `: ${scope.urls.map(urlLink).join(', ')}` : ''}`;
  const filters = [scope.site ? `site ${escapeInline(scope.site)}` : '', scope.since ? `read since ${new Date(scope.since).toISOString().slice(0, 10)}` : ''].filter(Boolean);
  return `My library${filters.length ? ` (${filters.join(', ')})` : ''}`;
}

/** Markdown text of a title or a one-line value: one line, every special character escaped. */
function escapeInline(text: string): string {
  return escapeMarkdownText(text.replace(/\s+/g, ' ').trim());
}

/** The conversation as a Markdown document: questions, answers, and numbered sources with links to the passages. */
export function conversationToMarkdown(conversation: Conversation): string {
  const lines = [`# ${escapeInline(conversation.title)}`, '', `*Scope:* ${scopeLine(conversation.scope)}  `, `*Exported:* ${new Date(conversation.updatedAt).toISOString()}`, ''];
  for (const turn of conversation.turns) {
    lines.push(`## ${escapeInline(turn.question)}`, '', toSafeMarkdown(turn.answer.trim(), { citations: turn.sources.length }), '');
    if (turn.leftOut?.length) lines.push('*Left out:*', '', ...turn.leftOut.map((line) => `- ${escapeInline(line)}`), '');
    if (turn.sources.length > 0) {
      lines.push('**Sources**', '');
      for (const source of turn.sources) {
        const read = source.readAt ? `, read ${new Date(source.readAt).toISOString().slice(0, 10)}` : '';
        const href = safeHref(textFragmentUrl(source.url, source.passage));
        const label = escapeInline(source.title || source.url);
        lines.push(`${source.id}. ${href ? `[${label}](<${href}>)` : label}${source.site ? ` — ${escapeInline(source.site)}` : ''}${read}`);
        const quote = source.passage.replace(/\s+/g, ' ').trim();
        lines.push(`   > ${escapeInline(quote.length > 400 ? `${quote.slice(0, 400)}…` : quote)}`);
      }
      lines.push('');
    }
  }
  return `${lines.join('\n').trim()}\n`;
}

/** A file name for the exported conversation. */
export function exportFileName(conversation: Conversation): string {
  const slug =
    conversation.title
      .toLowerCase()
      .replace(/[^\p{L}\p{N}]+/gu, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 50) || 'conversation';
  return `gleaner-${slug}.md`;
}

/** The earlier questions and answers a turn at `index` is asked after (failed turns left out: they have no answer). */
export function historyBefore(turns: readonly ConversationTurn[], index: number): { question: string; answer: string }[] {
  return turns
    .slice(0, index)
    .filter((past) => past.finish !== 'error')
    .map((past) => ({ question: past.question, answer: past.answer }));
}

/** The conversation with `turn` put at `index`: a new question is appended, a retried or regenerated one replaces its old answer in place. */
export function withTurn(draft: ConversationDraft, turn: ConversationTurn, index: number, now: number): ConversationDraft {
  const turns = index < draft.turns.length ? draft.turns.map((old, at) => (at === index ? turn : old)) : [...draft.turns, turn];
  return { ...draft, updatedAt: now, turns };
}

/** A conversation in the list. */
export type ConversationSummary = Pick<Conversation, 'id' | 'title' | 'createdAt' | 'updatedAt'> & { turnCount: number };

/** A conversation to save: a new one has no id yet. */
export type ConversationDraft = Omit<Conversation, 'id'> & { id?: number };
