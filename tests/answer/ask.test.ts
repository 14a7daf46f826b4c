import { readFileSync } from 'node:fs';
import { squadFile } from '../support/fixtures';
import { beforeAll, describe, expect, it } from 'vitest';
import { TestEngine } from '@/lib/engine/test-engine';
import type { ChatRequest } from '@/lib/engine/types';
import { loadTokenizer } from '@/lib/tokens/registry';
import { nodeTokenizerFiles } from '@/lib/tokens/node-files';
import type { Tokenizer } from '@/lib/tokens/types';
import { answerQuestion, NOTHING_FOUND, retrievalQuery, type Retriever } from '@/lib/answer/ask';
import { countMessageTokens } from '@/lib/answer/budget';
import { rankPagePassages } from '@/lib/answer/page-retriever';
import type { PastTurn } from '@/lib/answer/history';

interface Squad {
  data: { title: string; paragraphs: { context: string; qas: { question: string; is_impossible: boolean; answers: { text: string }[] }[] }[] }[];
}
const squad = JSON.parse(readFileSync(squadFile, 'utf8')) as Squad;
const normans = squad.data[0]!;
const page = {
  url: 'https://en.wikipedia.org/wiki/Normans',
  title: 'Normans',
  siteName: 'Wikipedia',
  text: normans.paragraphs.map((p) => p.context).join('\n\n'),
  readAt: Date.UTC(2026, 10, 20),
};

let llama3: Tokenizer;
beforeAll(async () => {
  llama3 = await loadTokenizer('llama-3', nodeTokenizerFiles);
});

/** A library of one page, ranked in-page: retrieval stands in for the library search here (the real one is in eval:context). */
const onePageLibrary: Retriever = async (query, { limit }) =>
  rankPagePassages(page, query, llama3)
    .slice(0, limit)
    .map((passage) => ({ ...passage, readAt: page.readAt }));

function engineWithLog() {
  const engine = new TestEngine({ tokenDelayMs: 0 });
  const requests: ChatRequest[] = [];
  const chat = engine.chat.bind(engine);
  engine.chat = (request, options) => (requests.push(request), chat(request, options));
  return { engine, requests };
}

describe('answering from sources with citations', () => {
  it('answers from library passages, cites them, and keeps the prompt inside the window', async () => {
    const { engine, requests } = engineWithLog();
    const result = await answerQuestion({
      question: 'Who was the Norse leader Rollo?',
      scope: { kind: 'library', retrieve: onePageLibrary },
      engine,
      tokenizer: llama3,
      contextWindow: 4096,
    });
    expect(result.finishReason).toBe('stop');
    // One page: one source holding its best sentences from several places, the gaps between them marked.
    expect(result.sources).toHaveLength(1);
    expect(result.sources[0]!.text).toContain('\n…\n');
    expect(result.cited).toEqual([1]);
    expect(result.text).toMatch(/\[1\]$/);
    expect(result.sources[0]!.text.toLowerCase()).toContain('rollo');
    for (const piece of result.sources[0]!.text.split('\n…\n')) expect(page.text).toContain(piece);
    expect(result.promptTokens).toBe(countMessageTokens(llama3, requests[0]!.messages));
    expect(result.promptTokens + 512).toBeLessThanOrEqual(4096);
  });

  it('says nothing was found without asking the model when no passage is relevant', async () => {
    const { engine, requests } = engineWithLog();
    const result = await answerQuestion({
      question: 'What is the airspeed of an unladen swallow?',
      scope: { kind: 'library', retrieve: onePageLibrary },
      engine,
      tokenizer: llama3,
      contextWindow: 4096,
    });
    expect(requests).toHaveLength(0);
    expect(result).toMatchObject({ text: NOTHING_FOUND.library, sources: [], finishReason: 'nothing-found' });
  });

  it('uses the whole page when it fits, and its best passages when it does not', async () => {
    const { engine, requests } = engineWithLog();
    const short = { ...page, text: normans.paragraphs[0]!.context };
    await answerQuestion({ question: 'Where is Normandy?', scope: { kind: 'page', page: short }, engine, tokenizer: llama3, contextWindow: 4096 });
    expect(requests[0]!.messages.at(-1)!.content).toContain(short.text);
    const long = await answerQuestion({ question: 'What did the Normans build in England?', scope: { kind: 'page', page }, engine, tokenizer: llama3, contextWindow: 2048 });
    expect(long.sources[0]!.narrowed).toBe(true);
    expect(long.sources[0]!.text.split('\n…\n').length).toBeGreaterThan(1);
    expect(long.promptTokens + 512).toBeLessThanOrEqual(2048);
  });

  it('answers from the selected text even when it shares no word with the question', async () => {
    const { engine } = engineWithLog();
    const result = await answerQuestion({
      question: 'Explain this',
      scope: { kind: 'selection', text: 'Gleaner keeps a private memory of pages.', page: { url: 'https://e.test', title: 'E' } },
      engine,
      tokenizer: llama3,
      contextWindow: 4096,
    });
    expect(result.text).toBe('Gleaner keeps a private memory of pages. [1]');
  });

  it('keeps long conversations within the window: older turns are folded, never overflowing', async () => {
    const { engine, requests } = engineWithLog();
    const history: PastTurn[] = normans.paragraphs.slice(0, 30).map((paragraph) => ({ question: paragraph.qas[0]?.question ?? 'Tell me more.', answer: paragraph.context }));
    const result = await answerQuestion({
      question: 'And who was Rollo?',
      history,
      scope: { kind: 'library', retrieve: onePageLibrary },
      engine,
      tokenizer: llama3,
      contextWindow: 2048,
    });
    expect(result.promptTokens + 512).toBeLessThanOrEqual(2048);
    expect(requests[0]!.messages[1]!.content).toMatch(/^Summary of the earlier conversation/);
  });

  it('lets a short follow-up borrow the words of the previous question for retrieval', () => {
    expect(retrievalQuery('And when?', [{ question: 'Who founded Harvard?', answer: 'John Harvard [1].' }])).toBe('And when? Who founded Harvard?');
    expect(retrievalQuery('When was the university founded exactly?', [{ question: 'x', answer: 'y' }])).toBe('When was the university founded exactly?');
  });

  it('keeps the partial answer when stopped midway', async () => {
    const engine = new TestEngine({ tokenDelayMs: 5 });
    const controller = new AbortController();
    let deltas = 0;
    const result = await answerQuestion({
      question: 'Who was the Norse leader Rollo?',
      scope: { kind: 'library', retrieve: onePageLibrary },
      engine,
      tokenizer: llama3,
      contextWindow: 4096,
      signal: controller.signal,
      onDelta: () => ++deltas === 3 && controller.abort(),
    });
    expect(result.finishReason).toBe('abort');
    expect(result.text.split(/\s+/).filter(Boolean)).toHaveLength(3);
  });
});
