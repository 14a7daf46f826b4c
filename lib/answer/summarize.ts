/**
 * Summarizes a page of any length. When the page fits the model's context
 * (with room for the reply) it is one pass; otherwise map-reduce: notes on
 * every part, then a summary built from all the notes (recursively combined
 * when even the notes do not fit). Nothing is silently truncated: the result
 * says how much of the page was read, and it is all of it unless stopped.
 */
import type { ChatMessage, EngineClient } from '@/lib/engine/types';
import type { ExtractedBlock } from '@/lib/extract/types';
import type { Tokenizer } from '@/lib/tokens/types';
import { AbortedError } from '@/lib/messaging/errors';
import { ANSWER_LENGTH_TOKENS, countMessageTokens, fitPrefix, promptBudget } from './budget';
import { combineNotesMessages, partNotesMessages, summaryMessages, type SummaryLength, type SummaryStyle } from './prompts';
import { boundedChat } from './reply-limit';
import { estimateTokens, notesReplyTokens } from './summary-plan';
import { splitPage, type PagePart } from './split-page';

/** What summarize needs of a page (an ExtractedPage fits). */
export interface SummarizablePage {
  title: string;
  url: string;
  text: string;
  blocks?: readonly ExtractedBlock[];
  lang?: string;
}

/** Progress of a summary, for the views. */
export type SummaryEvent =
  | { kind: 'plan'; parts: number; pageTokens: number; budget: number }
  | { kind: 'part'; index: number; total: number }
  | { kind: 'combine'; level: number; groups: number }
  | { kind: 'final' }
  | { kind: 'delta'; text: string };

export interface SummaryOptions {
  engine: EngineClient;
  tokenizer: Tokenizer;
  contextWindow: number;
  style: SummaryStyle;
  length: SummaryLength;
  /** BCP 47 tag of the output language; undefined: the page's own language. */
  lang?: string;
  signal?: AbortSignal;
  onEvent?: (event: SummaryEvent) => void;
  /** Read only the first this many characters (the person chose "only the beginning" of a very long page); coverage says so. */
  readChars?: number;
}

/** How much of the page went into the summary. */
export interface Coverage {
  /** Characters of the page text (ignoring whitespace) that were read by the model. */
  usedChars: number;
  totalChars: number;
  fraction: number;
}

export interface SummaryResult {
  text: string;
  coverage: Coverage;
  /** 1 for a one-pass summary, the number of parts otherwise. */
  parts: number;
  /** Model calls made, map and reduce steps included. */
  calls: number;
  finishReason: 'stop' | 'length' | 'abort';
  /** Set when the summary was stopped at this many characters (see reply-limit.ts). */
  cutAtChars?: number;
  /**
   * Set when the person stopped it (finishReason 'abort') and something was done: 'summary' when
   * the text is the summary written so far, 'notes' when no summary was begun and the text is the
   * notes on the parts read so far (coverage and `partsRead` say how much of the page that is).
   */
  stopped?: 'summary' | 'notes';
  /** Parts whose notes are in the text (stopped: 'notes'). */
  partsRead?: number;
}

/** Notes on the consecutive parts first..last (0-based) of a page. */
interface Notes {
  first: number;
  last: number;
  text: string;
}

function labelled(notes: readonly Notes[], total: number): { label: string; text: string }[] {
  return notes.map((note) => ({
    label: note.first === note.last ? `notes on part ${note.first + 1} of ${total}` : `notes on parts ${note.first + 1}–${note.last + 1} of ${total}`,
    text: note.text,
  }));
}

function contentChars(text: string): number {
  return text.replace(/\s+/g, '').length;
}

function coverageOf(parts: readonly PagePart[], done: number, total: number): Coverage {
  const usedChars = parts.slice(0, done).reduce((sum, part) => sum + contentChars(part.text), 0);
  return { usedChars, totalChars: total, fraction: total === 0 ? 1 : usedChars / total };
}

/** Tokens the page-independent scaffolding of a prompt takes (everything but the fenced text). */
function scaffoldTokens(tokenizer: Tokenizer, build: (text: string) => ChatMessage[]): number {
  return countMessageTokens(tokenizer, build(''));
}

/** Summarizes `page`, streaming the final pass through `onEvent({kind:'delta'})`. */
export async function summarizePage(page: SummarizablePage, options: SummaryOptions): Promise<SummaryResult> {
  const { engine, tokenizer, contextWindow, style, length, lang, signal } = options;
  const emit = options.onEvent ?? (() => {});
  const totalChars = contentChars(page.text);
  if (totalChars === 0) throw new RangeError('This page has no readable text to summarize.');
  const text = options.readChars !== undefined && options.readChars < page.text.length ? page.text.slice(0, options.readChars) : page.text;
  const finalReply = ANSWER_LENGTH_TOKENS[length];
  const label = { title: page.title, url: page.url };
  let calls = 0;
  // What is done so far, kept when the person stops: the summary streamed so far, else the notes on the parts read.
  let streamed = '';
  let kept = null as { notes: readonly Notes[]; parts: readonly PagePart[] } | null;

  const run = async (messages: ChatMessage[], maxTokens: number, stream: boolean) => {
    if (signal?.aborted) throw new AbortedError('Stopped.');
    calls += 1;
    const onDelta = (text: string) => {
      streamed += text;
      emit({ kind: 'delta', text });
    };
    const result = await boundedChat(engine, { messages, maxTokens, temperature: 0.2 }, { signal, onDelta: stream ? onDelta : undefined });
    if (result.finishReason === 'abort' || signal?.aborted) throw new AbortedError('Stopped.');
    return result;
  };

  try {
    return await summarizeParts();
  } catch (error) {
    if (!signal?.aborted) throw error;
    // Stopped: keep what was done (nothing is thrown away), and say what it is.
    const partial = { calls, finishReason: 'abort' as const };
    if (streamed.trim()) {
      const parts = kept?.parts ?? [{ start: 0, end: text.length, text, tokens: 0 }];
      return { ...partial, text: streamed, coverage: coverageOf(parts, parts.length, totalChars), parts: parts.length, stopped: 'summary' };
    }
    if (kept && kept.notes.length > 0) {
      const partsRead = kept.notes.at(-1)!.last + 1;
      const notesText = labelled(kept.notes, kept.parts.length)
        .map((note) => `**${note.label.charAt(0).toUpperCase()}${note.label.slice(1)}**\n\n${note.text}`)
        .join('\n\n');
      return { ...partial, text: notesText, coverage: coverageOf(kept.parts, partsRead, totalChars), parts: kept.parts.length, stopped: 'notes', partsRead };
    }
    throw error;
  }

  async function summarizeParts(): Promise<SummaryResult> {
    // One pass when the whole page fits next to the reply.
    // Estimated from samples: tokenizing a 20 MB page whole would block the view for most of a minute.
    const pageTokens = estimateTokens(text, tokenizer);
    const onePassBudget = promptBudget(contextWindow, finalReply);
    const onePass = pageTokens <= 2 * onePassBudget ? summaryMessages(label, text, style, length, lang) : null;
    if (onePass && countMessageTokens(tokenizer, onePass) <= onePassBudget) {
      emit({ kind: 'plan', parts: 1, pageTokens, budget: onePassBudget });
      emit({ kind: 'final' });
      const result = await run(onePass, finalReply, true);
      return {
        text: result.text,
        coverage: coverageOf([{ start: 0, end: text.length, text, tokens: 0 }], 1, totalChars),
        parts: 1,
        calls,
        finishReason: result.finishReason,
        cutAtChars: result.cutAtChars,
      };
    }

    // Map: notes on every part. The part budget leaves room for the notes reply and the prompt around the text.
    const notesReply = notesReplyTokens(contextWindow);
    const mapBudget = promptBudget(contextWindow, notesReply);
    const scaffold = scaffoldTokens(tokenizer, (text) => partNotesMessages(label, text, 998, 999, lang));
    const parts = await splitPageInSlabs(text, page.blocks, tokenizer, mapBudget - scaffold - 8, signal);
    emit({ kind: 'plan', parts: parts.length, pageTokens, budget: mapBudget });
    // A backend may overrun maxTokens; notes are capped so the combine budget holds regardless.
    const capNotes = (text: string) => fitPrefix(tokenizer, text.trim(), notesReply);
    let notes: Notes[] = [];
    kept = { notes, parts };
    for (const [index, part] of parts.entries()) {
      emit({ kind: 'part', index, total: parts.length });
      const result = await run(partNotesMessages(label, part.text, index, parts.length, lang), notesReply, false);
      notes.push({ first: index, last: index, text: capNotes(result.text) });
    }

    // Reduce: combine notes until they fit one final prompt.
    const reduceBudget = promptBudget(contextWindow, finalReply);
    let level = 0;
    const total = parts.length;
    while (countMessageTokens(tokenizer, combineNotesMessages(label, labelled(notes, total), { style, length }, lang)) > reduceBudget) {
      level += 1;
      const groups = groupNotes((group) => countMessageTokens(tokenizer, combineNotesMessages(label, labelled(group, total), null, lang)) <= mapBudget, notes);
      if (groups.length >= notes.length) throw new RangeError("The notes of this page cannot be combined within the model's context window.");
      emit({ kind: 'combine', level, groups: groups.length });
      const merged: Notes[] = [];
      for (const group of groups) {
        const result = await run(combineNotesMessages(label, labelled(group, total), null, lang), notesReply, false);
        merged.push({ first: group[0]!.first, last: group.at(-1)!.last, text: capNotes(result.text) });
      }
      notes = merged;
      kept = { notes, parts };
    }
    emit({ kind: 'final' });
    const result = await run(combineNotesMessages(label, labelled(notes, total), { style, length }, lang), finalReply, true);
    return {
      text: result.text,
      coverage: coverageOf(parts, parts.length, totalChars),
      parts: parts.length,
      calls,
      finishReason: result.finishReason,
      cutAtChars: result.cutAtChars,
    };
  }
}

/**
 * Groups consecutive notes so that each group's combine prompt fits. Groups
 * hold at least two notes (two capped notes always fit), so every level shrinks.
 */
function groupNotes(fits: (group: Notes[]) => boolean, notes: readonly Notes[]): Notes[][] {
  const groups: Notes[][] = [];
  let current: Notes[] = [];
  for (const note of notes) {
    const candidate = [...current, note];
    if (current.length >= 2 && !fits(candidate)) {
      groups.push(current);
      current = [note];
    } else {
      current = candidate;
    }
  }
  if (current.length > 0) groups.push(current);
  return groups;
}

/** Characters split per slab before the view gets the event loop back. */
const SLAB_CHARS = 100_000;

/**
 * splitPage over slabs of the text cut at block boundaries, yielding to the event
 * loop between slabs, so splitting a very long page never freezes the view that
 * runs it (the popup). Parts never span two slabs; together they still cover the text.
 */
async function splitPageInSlabs(
  text: string,
  blocks: readonly ExtractedBlock[] | undefined,
  tokenizer: Tokenizer,
  maxTokens: number,
  signal: AbortSignal | undefined,
): Promise<PagePart[]> {
  if (text.length <= SLAB_CHARS) return splitPage(text, blocks, tokenizer, maxTokens);
  const parts: PagePart[] = [];
  for (let start = 0; start < text.length;) {
    let end = Math.min(text.length, start + SLAB_CHARS);
    if (end < text.length) {
      // End the slab at the last paragraph break (else line break, else space) inside it.
      const slab = text.slice(start, end);
      const cut = Math.max(slab.lastIndexOf('\n\n'), slab.lastIndexOf('\n'), slab.lastIndexOf(' '));
      if (cut > SLAB_CHARS / 2) end = start + cut + 1;
    }
    const slabBlocks = blocks
      ?.filter((block) => block.start >= start && block.start < end)
      .map((block) => ({ ...block, start: block.start - start, end: Math.min(block.end, end) - start }));
    for (const part of splitPage(text.slice(start, end), slabBlocks, tokenizer, maxTokens)) parts.push({ ...part, start: part.start + start, end: part.end + start });
    start = end;
    await new Promise((resolve) => setTimeout(resolve, 0));
    if (signal?.aborted) throw new AbortedError('Stopped.');
  }
  return parts;
}
