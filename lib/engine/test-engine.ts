/**
 * The Gleaner test engine: NOT a language model. A deterministic stand-in
 * behind the real EngineClient interface, used where a model cannot run
 * (unit tests, e2e in headless Chromium with no GPU, benchmarks of our own
 * protocol). People see it as "Gleaner test engine (not a model)" and select
 * it with the setting `engine.backend = 'test'`.
 */
import { AbortedError } from '@/lib/messaging/errors';
import { ContextOverflowError } from './errors';
import type { ChatMessage, ChatRequest, ChatResult, EngineClient, EngineInfo, LoadProgress } from './types';

/** The model id the test engine reports. */
export const TEST_ENGINE_MODEL_ID = 'gleaner-test-engine';
/** How the test engine is shown to people. */
export const TEST_ENGINE_LABEL = 'Gleaner test engine (not a model)';
/** The exact reply when a prompt carries the `<no-sources/>` marker. */
export const TEST_ENGINE_NOT_FOUND = 'I could not find this in your library.';

export interface TestEngineOptions {
  /** Context window in (test) tokens; a longer prompt fails with ContextOverflowError. Default 4096. */
  contextWindow?: number;
  /** Delay before each streamed token, in ms (default 15, so a Stop button can be tested). */
  tokenDelayMs?: number;
  /** Delay of each load-progress step, in ms (default 20). */
  loadStepMs?: number;
}

/** The first sentence of a text (up to and including the first . ! or ? followed by a space or the end). */
export function firstSentence(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  const match = /^.*?[.!?](?=\s|$)/.exec(flat);
  return (match ? match[0] : flat).trim();
}

function lastUserMessage(messages: ChatMessage[]): string {
  for (let i = messages.length - 1; i >= 0; i--) if (messages[i]!.role === 'user') return messages[i]!.content;
  return '';
}

function paragraphsOf(text: string): string[] {
  const byBlank = text
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean);
  const paragraphs =
    byBlank.length > 1
      ? byBlank
      : text
          .split('\n')
          .map((p) => p.trim())
          .filter(Boolean);
  return paragraphs;
}

/**
 * The test engine's deterministic reply, from the LAST user message:
 * 1. `<<echo>>…<</echo>>` → exactly the inner text;
 * 2. `<no-sources/>` → "I could not find this in your library."; `<source id="N" …>…</source>`
 *    blocks → the first sentence of each of the first two sources, each followed by ` [N]`, then
 *    the same for the first source of every other page (`url` attribute) not cited yet, so an
 *    answer across several tabs cites each of them;
 * 3. `<page …>…</page>` blocks → `- ` + the first sentence of up to 5 paragraphs, one per line;
 * 4. otherwise `Test engine reply to: ` + the first 20 words.
 */
export function testEngineReply(messages: ChatMessage[]): string {
  const text = lastUserMessage(messages);
  const echo = /<<echo>>([\s\S]*?)<<\/echo>>/.exec(text);
  if (echo) return echo[1]!;
  if (text.includes('<no-sources/>')) return TEST_ENGINE_NOT_FOUND;
  const sources = [...text.matchAll(/<source\s+id="([^"]*)"[^>]*>([\s\S]*?)<\/source>/g)];
  if (sources.length > 0) {
    const urlOf = (open: string) => /\burl="([^"]*)"/.exec(open)?.[1];
    const cited = sources.slice(0, 2);
    const citedUrls = new Set(cited.map(([open]) => urlOf(open)));
    for (const source of sources.slice(2)) {
      const url = urlOf(source[0]);
      if (url === undefined || citedUrls.has(url)) continue;
      cited.push(source);
      citedUrls.add(url);
    }
    return cited.map(([, id, body]) => `${firstSentence(body!)} [${id}]`).join(' ');
  }
  const pages = [...text.matchAll(/<page\b[^>]*>([\s\S]*?)<\/page>/g)];
  if (pages.length > 0) {
    const paragraphs = pages.flatMap(([, body]) => paragraphsOf(body!));
    return paragraphs
      .slice(0, 5)
      .map((p) => `- ${firstSentence(p)}`)
      .join('\n');
  }
  const words = text.split(/\s+/).filter(Boolean).slice(0, 20);
  return `Test engine reply to: ${words.join(' ')}`;
}

/** Splits a reply into streamed pieces: each word with the whitespace before it. */
export function testEngineTokens(reply: string): string[] {
  return reply.match(/\s*\S+/g) ?? (reply ? [reply] : []);
}

/** The test engine's token count of a prompt: words plus 4 per message (never more than a real tokenizer counts). */
function testEnginePromptTokens(messages: ChatMessage[]): number {
  return messages.reduce((sum, m) => sum + 4 + (m.content.match(/\S+/g)?.length ?? 0), 0);
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new AbortedError('Stopped.'));
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(new AbortedError('Stopped.'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Deterministic EngineClient that is not a model (see the file comment). */
export class TestEngine implements EngineClient {
  readonly contextWindow: number;
  readonly tokenDelayMs: number;
  readonly loadStepMs: number;
  private loaded = false;

  constructor(options: TestEngineOptions = {}) {
    this.contextWindow = options.contextWindow ?? 4096;
    this.tokenDelayMs = options.tokenDelayMs ?? 15;
    this.loadStepMs = options.loadStepMs ?? 20;
  }

  /** What the engine reports about itself. */
  info(): EngineInfo {
    return { backend: 'test', modelId: TEST_ENGINE_MODEL_ID, contextWindow: this.contextWindow };
  }

  /** True once `load` has finished (until `unload`). */
  get isLoaded(): boolean {
    return this.loaded;
  }

  async load(_modelId: string = TEST_ENGINE_MODEL_ID, options: { onProgress?: (p: LoadProgress) => void; signal?: AbortSignal } = {}): Promise<EngineInfo> {
    const steps: LoadProgress[] = [
      { fraction: 0, phase: 'download', text: 'Preparing the test engine…', bytesLoaded: 0, bytesTotal: 4, etaSeconds: (4 * this.loadStepMs) / 1000 },
      { fraction: 0.4, phase: 'download', text: 'Test engine: fetching (nothing to fetch)', bytesLoaded: 2, bytesTotal: 4 },
      { fraction: 0.8, phase: 'compile', text: 'Test engine: compiling (nothing to compile)', bytesLoaded: 4, bytesTotal: 4 },
      { fraction: 1, phase: 'ready', text: 'Test engine ready' },
    ];
    if (this.loaded) {
      options.onProgress?.(steps.at(-1)!);
      return this.info();
    }
    for (const step of steps) {
      options.onProgress?.(step);
      if (step.phase !== 'ready') await sleep(this.loadStepMs, options.signal);
    }
    this.loaded = true;
    return this.info();
  }

  async chat(request: ChatRequest, options: { onDelta?: (text: string) => void; signal?: AbortSignal } = {}): Promise<ChatResult> {
    const started = performance.now();
    const promptTokens = testEnginePromptTokens(request.messages);
    if (promptTokens > this.contextWindow) {
      throw new ContextOverflowError(`The prompt has ${promptTokens} tokens but the test engine's context window is ${this.contextWindow}.`);
    }
    this.loaded = true;
    const pieces = testEngineTokens(testEngineReply(request.messages));
    const limit = request.maxTokens ?? Infinity;
    let text = '';
    let count = 0;
    let firstAt = 0;
    let finishReason: ChatResult['finishReason'] = 'stop';
    for (const piece of pieces) {
      if (count >= limit) {
        finishReason = 'length';
        break;
      }
      try {
        await sleep(this.tokenDelayMs, options.signal);
      } catch {
        finishReason = 'abort';
        break;
      }
      if (count === 0) firstAt = performance.now();
      text += piece;
      count += 1;
      options.onDelta?.(piece);
    }
    const ended = performance.now();
    const decodeSeconds = (ended - (firstAt || ended)) / 1000;
    return {
      text,
      finishReason,
      stats: {
        promptTokens,
        completionTokens: count,
        timeToFirstTokenMs: count > 0 ? firstAt - started : ended - started,
        decodeTokensPerSecond: count > 1 && decodeSeconds > 0 ? (count - 1) / decodeSeconds : undefined,
      },
    };
  }

  /**
   * Deterministic bag-of-words vectors (hashed, 64 dimensions, unit length):
   * texts sharing words are close. Not a real embedding model.
   */
  async embed(texts: string[], options: { signal?: AbortSignal } = {}): Promise<number[][]> {
    if (options.signal?.aborted) throw new AbortedError('Stopped.');
    return texts.map(hashedBagOfWords);
  }

  async unload(): Promise<void> {
    this.loaded = false;
  }
}

function hashedBagOfWords(text: string): number[] {
  const vector = new Array<number>(64).fill(0);
  for (const word of text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []) {
    let hash = 2166136261;
    for (let i = 0; i < word.length; i++) hash = Math.imul(hash ^ word.charCodeAt(i), 16777619);
    vector[(hash >>> 0) % 64]! += 1;
  }
  const norm = Math.hypot(...vector) || 1;
  return vector.map((v) => v / norm);
}
