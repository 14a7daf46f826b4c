import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { answerQuestion } from '@/lib/answer/ask';
import { boundedChat, coalesceDeltas, MAX_REPLY_CHARS, replyCutNote } from '@/lib/answer/reply-limit';
import { OpenAIAdapter } from '@/lib/engine/openai-adapter';
import { TestEngine } from '@/lib/engine/test-engine';
import { loadTokenizer } from '@/lib/tokens/registry';
import { nodeTokenizerFiles } from '@/lib/tokens/node-files';
import { startOpenAISseServer, type OpenAISseServer } from '../support/openai-sse-server';

// A runaway or hostile backend streams far more than any prompt asks for; the reply is
// stopped at MAX_REPLY_CHARS with a note, and the stream is not read further.

/** The test engine (not a model) echoes what is between <<echo>> markers: a 100,000-character reply in 1,000 words. */
const flood = `<<echo>>${`${'flood'.repeat(20)}0000 `.repeat(1000)}<</echo>>`;

let server: OpenAISseServer;
beforeAll(async () => {
  server = await startOpenAISseServer({ tokenDelayMs: 0 });
});
afterAll(() => server.close());

describe('an answer is bounded', () => {
  it('stops a flooding server at the bound and says where (OpenAI-compatible adapter over real SSE)', async () => {
    const engine = new OpenAIAdapter({ baseUrl: server.baseUrl, model: 'gleaner-test-engine' });
    let streamed = '';
    const result = await boundedChat(engine, { messages: [{ role: 'user', content: flood }] }, { onDelta: (text) => (streamed += text) });
    expect(result.finishReason).toBe('length');
    expect(result.cutAtChars).toBe(MAX_REPLY_CHARS);
    expect(result.text).toHaveLength(MAX_REPLY_CHARS);
    expect(streamed).toBe(result.text);
  });

  it("stops the test engine the same way, and leaves short replies and the person's Stop alone", async () => {
    const engine = new TestEngine({ tokenDelayMs: 0, contextWindow: 1_000_000 });
    const cut = await boundedChat(engine, { messages: [{ role: 'user', content: flood }] }, { maxChars: 5000 });
    expect(cut).toMatchObject({ finishReason: 'length', cutAtChars: 5000 });
    expect(cut.text).toHaveLength(5000);
    const short = await boundedChat(engine, { messages: [{ role: 'user', content: '<<echo>>short<</echo>>' }] });
    expect(short).toMatchObject({ text: 'short', finishReason: 'stop' });
    expect(short.cutAtChars).toBeUndefined();
    const stop = new AbortController();
    const stopped = await boundedChat(engine, { messages: [{ role: 'user', content: flood }] }, { signal: stop.signal, onDelta: () => stop.abort() });
    expect(stopped.finishReason).toBe('abort');
  });

  it('bounds a flooding answer to a question and carries the cut to the view', async () => {
    const tokenizer = await loadTokenizer('llama-3', nodeTokenizerFiles);
    const engine = new TestEngine({ tokenDelayMs: 0, contextWindow: 1_000_000 });
    const result = await answerQuestion({
      question: flood,
      scope: { kind: 'selection', text: 'Some selected text.', page: { url: 'https://e.test/', title: 'T' } },
      engine,
      tokenizer,
      contextWindow: 200_000,
    });
    expect(result.text).toHaveLength(MAX_REPLY_CHARS);
    expect(result).toMatchObject({ finishReason: 'length', cutAtChars: MAX_REPLY_CHARS });
    expect(replyCutNote(MAX_REPLY_CHARS)).toBe('The answer was stopped at 32,000 characters, the most Gleaner keeps for one answer.');
  });
});

describe('streamed deltas are drawn a few times a second, not once each', () => {
  it('coalesces a burst of deltas into a few draws and draws the end at once', () => {
    vi.useFakeTimers();
    try {
      const draws: string[] = [];
      const stream = coalesceDeltas((text) => draws.push(text), { now: () => Date.now() });
      for (let i = 0; i < 10_000; i++) {
        stream.push('x');
        if (i % 100 === 0) vi.advanceTimersByTime(1);
      }
      // 10,000 deltas over 100 ms: the first draws at once, then at most one per interval.
      expect(draws.length).toBeLessThanOrEqual(4);
      stream.flush();
      expect(draws.at(-1)).toHaveLength(10_000);
      const before = draws.length;
      stream.flush();
      expect(draws).toHaveLength(before);
    } finally {
      vi.useRealTimers();
    }
  });

  it('draws a pending delta after the interval even when the stream pauses', () => {
    vi.useFakeTimers();
    try {
      const draws: string[] = [];
      const stream = coalesceDeltas((text) => draws.push(text), { now: () => Date.now() });
      stream.push('a');
      stream.push('b');
      expect(draws).toEqual(['a']);
      vi.advanceTimersByTime(100);
      expect(draws).toEqual(['a', 'ab']);
      stream.push('c');
      stream.cancel();
      vi.advanceTimersByTime(1000);
      expect(draws).toEqual(['a', 'ab', 'abc']);
    } finally {
      vi.useRealTimers();
    }
  });
});
