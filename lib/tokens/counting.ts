import type { Tokenizer } from './types';
import type { TemplatePart } from './chat-template';
import { splitAtSafeBoundaries } from './chunking';

/** How far a long count has got. */
interface CountProgress {
  doneChars: number;
  totalChars: number;
  tokens: number;
}

export interface CountOptions {
  /** Characters per piece for chunk-safe tokenizers (progress and cancellation happen between pieces). */
  chunkSize?: number;
  /** How many leading ids to keep for the visualization. */
  keepIds?: number;
  onProgress?: (progress: CountProgress) => void;
  signal?: AbortSignal;
  /** Lets other work run between pieces (a cancel message in a worker); a macrotask by default. */
  yieldBetweenChunks?: () => Promise<void>;
}

export interface CountResult {
  tokens: number;
  /** The first `keepIds` ids (all of them when fewer). */
  firstIds: number[];
  /** Whether the count was made in pieces (with progress) or in one go. */
  chunked: boolean;
}

const DEFAULT_CHUNK = 256 * 1024;
const macrotask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw signal.reason ?? new DOMException('Aborted', 'AbortError');
}

/**
 * Counts the tokens of template parts (plain text is `[{ text }]`), in pieces with
 * progress when the tokenizer is chunk-safe; special parts count as one token each.
 */
export async function countTokens(tokenizer: Tokenizer, parts: TemplatePart[], options: CountOptions = {}): Promise<CountResult> {
  const { chunkSize = DEFAULT_CHUNK, keepIds = 0, onProgress, signal, yieldBetweenChunks = macrotask } = options;
  const totalChars = parts.reduce((sum, part) => sum + ('text' in part ? part.text.length : 0), 0);
  const firstIds: number[] = [];
  const keep = (ids: ArrayLike<number>) => {
    for (let i = 0; i < ids.length && firstIds.length < keepIds; i++) firstIds.push(ids[i]!);
  };
  let tokens = 0;
  let doneChars = 0;
  const chunked = Boolean(tokenizer.chunkSafe) && totalChars > chunkSize;
  for (const part of parts) {
    throwIfAborted(signal);
    if ('special' in part) {
      const id = tokenizer.specialTokenId?.(part.special);
      if (id === undefined) throw new Error(`${tokenizer.name} has no special token ${part.special}.`);
      keep([id]);
      tokens += 1;
      continue;
    }
    const pieces = chunked ? splitAtSafeBoundaries(part.text, chunkSize) : [part.text];
    for (const piece of pieces) {
      if (!piece) continue;
      // Ids are only materialized while the visualization still wants some.
      if (firstIds.length < keepIds) {
        const ids = tokenizer.encode(piece);
        keep(ids);
        tokens += ids.length;
      } else {
        tokens += tokenizer.count(piece);
      }
      doneChars += piece.length;
      onProgress?.({ doneChars, totalChars, tokens });
      if (chunked) {
        await yieldBetweenChunks();
        throwIfAborted(signal);
      }
    }
  }
  return { tokens, firstIds, chunked };
}

/** All ids of template parts (for "copy ids"), in pieces when the tokenizer allows. */
export function encodeParts(tokenizer: Tokenizer, parts: TemplatePart[]): number[] {
  const out: number[] = [];
  for (const part of parts) {
    if ('special' in part) {
      const id = tokenizer.specialTokenId?.(part.special);
      if (id === undefined) throw new Error(`${tokenizer.name} has no special token ${part.special}.`);
      out.push(id);
    } else if (part.text) {
      const pieces = tokenizer.chunkSafe ? splitAtSafeBoundaries(part.text, DEFAULT_CHUNK) : [part.text];
      for (const piece of pieces) for (const id of tokenizer.encode(piece)) out.push(id);
    }
  }
  return out;
}

/** Words in a text (runs of non-space), for the words-per-token figure. */
export function countWords(text: string): number {
  let words = 0;
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const space = code === 32 || code === 10 || code === 9 || code === 13 || code === 12 || code === 160 || code === 0x3000;
    if (!space && !inWord) words++;
    inWord = !space;
  }
  return words;
}
