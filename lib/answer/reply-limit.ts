/**
 * Bounds on what a model (or a hostile or runaway server) can make the views
 * hold and draw: an answer stops at MAX_REPLY_CHARS characters, with a note,
 * and streamed deltas are drawn at most every few dozen milliseconds, not once
 * per delta (a re-parse per delta froze the side panel for over a minute).
 */
import type { ChatRequest, ChatResult, EngineClient } from '@/lib/engine/types';

/** Longest answer or summary kept, in characters: far beyond any reply the prompts ask for (≤ 1,024 tokens). */
export const MAX_REPLY_CHARS = 32_000;

/** A reply that may have been stopped at the character bound. */
export interface BoundedResult extends ChatResult {
  /** Set when the reply was stopped at this many characters (finishReason is then 'length'). */
  cutAtChars?: number;
}

/** The note shown under an answer stopped at the bound. */
export function replyCutNote(limit: number): string {
  return `The answer was stopped at ${limit.toLocaleString('en')} characters, the most Gleaner keeps for one answer.`;
}

/** Said under a reply that an error cut off midway (the engine crashed, the server went away): what was written is kept, and is incomplete. */
export function replyFailedNote(what: 'answer' | 'summary' | 'reply'): string {
  return `Cut off: this ${what} is incomplete, it stopped midway because of an error.`;
}

/**
 * Runs `engine.chat` and stops the reply once it reaches `maxChars`
 * characters: the rest is not requested (the call is aborted), the text kept is
 * the first `maxChars` characters and the result says where it was cut.
 */
export async function boundedChat(
  engine: EngineClient,
  request: ChatRequest,
  options: { signal?: AbortSignal; onDelta?: (text: string) => void; maxChars?: number } = {},
): Promise<BoundedResult> {
  const maxChars = options.maxChars ?? MAX_REPLY_CHARS;
  const inner = new AbortController();
  const forward = () => inner.abort();
  options.signal?.addEventListener('abort', forward, { once: true });
  if (options.signal?.aborted) inner.abort();
  let text = '';
  let cut = false;
  const onDelta = (delta: string) => {
    if (cut) return;
    const room = maxChars - text.length;
    const piece = delta.length > room ? delta.slice(0, room) : delta;
    text += piece;
    if (piece) options.onDelta?.(piece);
    if (piece.length < delta.length) {
      cut = true;
      inner.abort();
    }
  };
  try {
    const result = await engine.chat(request, { signal: inner.signal, onDelta });
    if (cut) return { ...result, text, finishReason: 'length', cutAtChars: maxChars };
    // A backend that did not stream its reply is bounded all the same.
    if (result.text.length > maxChars) return { ...result, text: result.text.slice(0, maxChars), finishReason: 'length', cutAtChars: maxChars };
    return result;
  } catch (error) {
    // The abort was ours: the reply so far is the answer, cut at the bound.
    if (cut && !options.signal?.aborted) return { text, finishReason: 'length', cutAtChars: maxChars, stats: { promptTokens: 0, completionTokens: 0, timeToFirstTokenMs: 0 } };
    throw error;
  } finally {
    options.signal?.removeEventListener('abort', forward);
  }
}

/**
 * Coalesces streamed deltas for drawing: `push` adds a delta, the view's
 * `draw(text)` runs at most once per interval with the whole text so far, and
 * `flush` draws what is pending at once (at the end). The interval grows with
 * the text, since each draw re-parses the answer: drawing stays a small,
 * bounded share of the time whatever the stream does.
 */
export function coalesceDeltas(draw: (text: string) => void, options: { minIntervalMs?: number; now?: () => number } = {}) {
  const minInterval = options.minIntervalMs ?? 50;
  const now = options.now ?? (() => Date.now());
  let text = '';
  let drawn = '';
  let lastDraw = -Infinity;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const interval = () => minInterval + Math.floor(text.length / 1000);
  const drawNow = () => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    lastDraw = now();
    if (text !== drawn) {
      drawn = text;
      draw(text);
    }
  };
  return {
    push(delta: string) {
      text += delta;
      const wait = lastDraw + interval() - now();
      if (wait <= 0) drawNow();
      else timer ??= setTimeout(drawNow, wait);
    },
    flush: drawNow,
    /** Stops a pending draw without drawing (the view is gone or reset). */
    cancel() {
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
    },
    get text() {
      return text;
    },
  };
}
