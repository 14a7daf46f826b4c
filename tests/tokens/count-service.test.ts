import { describe, expect, it } from 'vitest';
import { countOrder, createCounter, type CounterReply } from '@/lib/tokens/count-service';
import { createTokenizerCache, loadTokenizer } from '@/lib/tokens/registry';
import { nodeTokenizerFiles } from '@/lib/tokens/node-files';
import { realPagesText } from '../../scripts/fixture-pages';
import { readabilityPagesDir } from '../support/fixtures';

const load = createTokenizerCache(nodeTokenizerFiles);
const text = realPagesText(readabilityPagesDir, 30);

describe('the counter behind the worker', () => {
  it('counts with each tokenizer, reports progress, and keeps going past a failing one', async () => {
    const replies: CounterReply[] = [];
    const counter = createCounter(load, (reply) => replies.push(reply));
    await counter.handle({ type: 'count', requestId: 1, text, tokenizers: ['gpt-4o', 'nope', 'llama-3'], template: false, maxShownTokens: 50 });
    const results = replies.filter((r) => r.type === 'result');
    expect(results.map((r) => r.count.tokenizer)).toEqual(['gpt-4o', 'llama-3']);
    const llama = await load('llama-3');
    expect(results[1]!.count.tokens).toBe(llama.count(text));
    expect(results[1]!.count.segments).toHaveLength(50);
    expect(replies.some((r) => r.type === 'progress' && r.doneChars < r.totalChars)).toBe(true);
    expect(replies.find((r) => r.type === 'error')).toMatchObject({ tokenizer: 'nope', message: expect.stringMatching(/Unknown tokenizer/) });
    expect(replies.at(-1)).toEqual({ type: 'done', requestId: 1 });
  });

  it('drops a count superseded by a newer one', async () => {
    const replies: CounterReply[] = [];
    const counter = createCounter(load, (reply) => replies.push(reply));
    const first = counter.handle({ type: 'count', requestId: 1, text, tokenizers: ['llama-3'], template: false, maxShownTokens: 0 });
    await new Promise((resolve) => setTimeout(resolve, 5));
    const second = counter.handle({ type: 'count', requestId: 2, text: 'short text', tokenizers: ['llama-3'], template: true, maxShownTokens: 10 });
    await Promise.all([first, second]);
    expect(replies.filter((r) => r.requestId === 1 && (r.type === 'result' || r.type === 'done'))).toEqual([]);
    const result = replies.find((r) => r.requestId === 2 && r.type === 'result');
    expect(result?.type === 'result' && result.count.segments[0]?.special).toBe(true);
  });

  it('returns all ids as JSON for copying', async () => {
    const replies: CounterReply[] = [];
    const counter = createCounter(load, (reply) => replies.push(reply));
    await counter.handle({ type: 'ids', requestId: 3, text: 'Hello world', tokenizer: 'gpt-4o', template: false });
    expect(replies).toEqual([{ type: 'ids', requestId: 3, tokenizer: 'gpt-4o', json: JSON.stringify((await load('gpt-4o')).encode('Hello world')) }]);
  });
});

describe('the order of counting and the tokenizers kept loaded', () => {
  it('counts with the quickest tokenizer to load first, and an already loaded one before any', () => {
    expect(countOrder(['qwen3', 'llama-3', 'gpt-4o', 'gpt-4'], () => false)).toEqual(['gpt-4', 'gpt-4o', 'llama-3', 'qwen3']);
    expect(countOrder(['qwen3', 'llama-3', 'gpt-4o'], (spec) => spec === 'qwen3')).toEqual(['qwen3', 'gpt-4o', 'llama-3']);
  });

  it('loads each tokenizer once for the counter’s life and says which counts loaded one', async () => {
    const loads: string[] = [];
    const replies: CounterReply[] = [];
    const counter = createCounter(
      (spec) => {
        loads.push(spec);
        return loadTokenizer(spec, nodeTokenizerFiles);
      },
      (reply) => replies.push(reply),
    );
    const results = () => replies.flatMap((r) => (r.type === 'result' ? [r.count] : []));
    await counter.handle({ type: 'count', requestId: 1, text: 'First visit.', tokenizers: ['llama-3', 'gpt-4'], template: false, maxShownTokens: 5 });
    // The first result is the quickest tokenizer's, whatever the order asked.
    expect(results().map((c) => [c.tokenizer, c.freshLoad])).toEqual([
      ['gpt-4', true],
      ['llama-3', true],
    ]);
    replies.length = 0;
    await counter.handle({ type: 'count', requestId: 2, text: 'Second visit.', tokenizers: ['llama-3', 'gpt-4'], template: false, maxShownTokens: 5 });
    expect(results().map((c) => [c.tokenizer, c.freshLoad])).toEqual([
      ['llama-3', false],
      ['gpt-4', false],
    ]);
    expect(loads.sort()).toEqual(['gpt-4', 'llama-3']);
  });
});
