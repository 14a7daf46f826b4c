import { beforeAll, describe, expect, it } from 'vitest';
import { TestEngine } from '@/lib/engine/test-engine';
import type { ChatRequest, EngineClient } from '@/lib/engine/types';
import { loadTokenizer } from '@/lib/tokens/registry';
import { nodeTokenizerFiles } from '@/lib/tokens/node-files';
import type { Tokenizer } from '@/lib/tokens/types';
import { countMessageTokens } from '@/lib/answer/budget';
import { summarizePage, type SummaryEvent } from '@/lib/answer/summarize';
import { stoppedNote } from '@/lib/answer/tab-summary';
import { AbortedError } from '@/lib/messaging/errors';
import { readSavedArticle } from './real-page';

/** The real test engine, with every request it receives recorded. */
function recording(engine: EngineClient): { engine: EngineClient; requests: ChatRequest[] } {
  const requests: ChatRequest[] = [];
  return {
    requests,
    engine: {
      load: (id, options) => engine.load(id, options),
      unload: () => engine.unload(),
      chat: (request, options) => {
        requests.push(request);
        return engine.chat(request, options);
      },
    },
  };
}

const CONTEXT = 4096;
let llama3: Tokenizer;
beforeAll(async () => {
  llama3 = await loadTokenizer('llama-3', nodeTokenizerFiles);
});

describe('summarizing a page far longer than the context window (map-reduce)', () => {
  const page = readSavedArticle('wikipedia-2');

  it('reads every part, reports progress part by part, and uses 100% of the page', async () => {
    const { engine, requests } = recording(new TestEngine({ contextWindow: CONTEXT, tokenDelayMs: 0 }));
    const events: SummaryEvent[] = [];
    let streamed = '';
    const result = await summarizePage(page, {
      engine,
      tokenizer: llama3,
      contextWindow: CONTEXT,
      style: 'key-points',
      length: 'medium',
      lang: 'en',
      onEvent: (event) => {
        events.push(event);
        if (event.kind === 'delta') streamed += event.text;
      },
    });
    expect(llama3.count(page.text)).toBeGreaterThan(CONTEXT * 5);
    const plan = events.find((event) => event.kind === 'plan');
    expect(plan?.kind === 'plan' && plan.parts).toBe(result.parts);
    expect(result.parts).toBeGreaterThan(5);
    // "part 1 of n" … "part n of n", in order.
    const parts = events.filter((event) => event.kind === 'part');
    expect(parts.map((event) => event.kind === 'part' && `${event.index + 1} of ${event.total}`)).toEqual(
      Array.from({ length: result.parts }, (_, i) => `${i + 1} of ${result.parts}`),
    );
    expect(result.coverage).toEqual({ usedChars: result.coverage.totalChars, totalChars: page.text.replace(/\s+/g, '').length, fraction: 1 });
    // The map prompts together carry the whole page text, fenced as "part i of n".
    const mapPrompts = requests.slice(0, result.parts).map((request) => request.messages.at(-1)!.content);
    const fenced = mapPrompts.map((prompt, i) => {
      expect(prompt).toContain(`part="${i + 1} of ${result.parts}"`);
      return /<page [^>]*>\n([\s\S]*)\n<\/page>/.exec(prompt)![1]!;
    });
    expect(fenced.join('').replace(/\s+/g, '')).toBe(page.text.replace(/\s+/g, ''));
    // No prompt exceeds the window minus the room reserved for its reply.
    for (const request of requests) expect(countMessageTokens(llama3, request.messages) + request.maxTokens!).toBeLessThanOrEqual(CONTEXT);
    expect(events.at(-1)).toMatchObject({ kind: 'delta' });
    expect(streamed).toBe(result.text);
    expect(result.text).toMatch(/^- /);
  });

  it('combines notes recursively when even the notes do not fit one prompt', async () => {
    const { engine, requests } = recording(new TestEngine({ contextWindow: 1024, tokenDelayMs: 0 }));
    const events: SummaryEvent[] = [];
    const result = await summarizePage(readSavedArticle('wikipedia'), {
      engine,
      tokenizer: llama3,
      contextWindow: 1024,
      style: 'tldr',
      length: 'short',
      onEvent: (event) => events.push(event),
    });
    expect(events.some((event) => event.kind === 'combine')).toBe(true);
    expect(result.coverage.fraction).toBe(1);
    for (const request of requests) expect(countMessageTokens(llama3, request.messages) + request.maxTokens!).toBeLessThanOrEqual(1024);
  });

  it('stops midway when asked, without finishing the remaining parts', async () => {
    const { engine, requests } = recording(new TestEngine({ contextWindow: CONTEXT, tokenDelayMs: 0 }));
    const controller = new AbortController();
    const run = summarizePage(page, {
      engine,
      tokenizer: llama3,
      contextWindow: CONTEXT,
      style: 'key-points',
      length: 'medium',
      signal: controller.signal,
      onEvent: (event) => event.kind === 'part' && event.index === 2 && controller.abort(),
    });
    const result = await run;
    expect(requests.length).toBeLessThanOrEqual(3);
    // The parts read before Stop are kept, and said to be notes on 2 of the parts, not a summary.
    expect(result).toMatchObject({ finishReason: 'abort', stopped: 'notes', partsRead: 2 });
    expect(result.text).toMatch(/^\*\*Notes on part 1 of (\d+)\*\*\n\n- /);
    expect(result.text).toContain(`**Notes on part 2 of ${result.parts}**`);
    expect(result.text).not.toContain('part 3 of');
    expect(result.coverage.fraction).toBeGreaterThan(0);
    expect(result.coverage.fraction).toBeLessThan(1);
    expect(stoppedNote(result)).toMatch(new RegExp(`^Stopped after 2 of ${result.parts} parts: these are the notes on the parts read \\(\\d+% of the page\\)`));
  });

  it('keeps the summary written so far when stopped while writing it', async () => {
    const controller = new AbortController();
    let streamed = '';
    const result = await summarizePage(page, {
      engine: new TestEngine({ contextWindow: CONTEXT, tokenDelayMs: 1 }),
      tokenizer: llama3,
      contextWindow: CONTEXT,
      style: 'key-points',
      length: 'medium',
      signal: controller.signal,
      onEvent: (event) => {
        if (event.kind !== 'delta') return;
        streamed += event.text;
        if (streamed.split(/\s+/).length > 3) controller.abort();
      },
    });
    expect(result).toMatchObject({ finishReason: 'abort', stopped: 'summary' });
    expect(result.text.length).toBeGreaterThan(0);
    expect(streamed.startsWith(result.text)).toBe(true);
    expect(stoppedNote(result)).toBe('Stopped while the summary was being written: it is incomplete.');
  });

  it('still reports a stop before anything was read as stopped', async () => {
    const controller = new AbortController();
    const run = summarizePage(page, {
      engine: new TestEngine({ contextWindow: CONTEXT, tokenDelayMs: 0 }),
      tokenizer: llama3,
      contextWindow: CONTEXT,
      style: 'key-points',
      length: 'medium',
      signal: controller.signal,
      onEvent: (event) => event.kind === 'part' && event.index === 0 && controller.abort(),
    });
    await expect(run).rejects.toBeInstanceOf(AbortedError);
  });
});

describe('summarizing a page that fits', () => {
  it('makes one pass with the whole page and streams the reply', async () => {
    const page = readSavedArticle('001');
    const { engine, requests } = recording(new TestEngine({ tokenDelayMs: 0 }));
    const result = await summarizePage(page, { engine, tokenizer: llama3, contextWindow: CONTEXT, style: 'key-points', length: 'short', lang: page.lang });
    expect(requests).toHaveLength(1);
    expect(result).toMatchObject({ parts: 1, calls: 1, coverage: { fraction: 1 } });
    expect(requests[0]!.messages.at(-1)!.content).toContain(`<page title="${page.title.replace(/"/g, '&quot;')}" url="${page.url}">`);
  });
});
