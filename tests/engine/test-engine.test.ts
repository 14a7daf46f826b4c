import { readFileSync } from 'node:fs';
import path from 'node:path';
import { readabilityPagesDir } from '../support/fixtures';
import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { ContextOverflowError } from '@/lib/engine/errors';
import { TestEngine, TEST_ENGINE_NOT_FOUND, firstSentence, testEngineReply } from '@/lib/engine/test-engine';

// Real article text (Readability's reference output of a saved Ars Technica page).
const arsParagraphs = [...new JSDOM(readFileSync(path.join(readabilityPagesDir, 'ars-1', 'expected.html'), 'utf8')).window.document.querySelectorAll('p')]
  .map((p) => p.textContent!.trim())
  .filter((t) => t.length > 40);

const user = (content: string) => [{ role: 'user' as const, content }];

describe('testEngineReply (the test engine is not a model: its replies follow fixed rules)', () => {
  it('echoes the inner text of <<echo>>…<</echo>> exactly', () => {
    expect(testEngineReply(user('before <<echo>><b>bold</b>\n & more<</echo>> after'))).toBe('<b>bold</b>\n & more');
  });

  it('answers from the first two sources with their citation numbers', () => {
    const [a, b, c] = arsParagraphs;
    const prompt = `Question?\n<source id="3" title="A">${a}</source>\n<source id="7" title="B">${b}</source>\n<source id="9">${c}</source>`;
    expect(testEngineReply(user(prompt))).toBe(`${firstSentence(a!)} [3] ${firstSentence(b!)} [7]`);
  });

  it('also cites the first source of every other page, so an answer across several tabs cites each', () => {
    const [a, b, c, d] = arsParagraphs;
    const prompt = `<source id="1" url="https://a.test/">${a}</source>\n<source id="2" url="https://a.test/">${b}</source>\n<source id="3" url="https://a.test/">${c}</source>\n<source id="4" url="https://b.test/">${d}</source>`;
    expect(testEngineReply(user(prompt))).toBe(`${firstSentence(a!)} [1] ${firstSentence(b!)} [2] ${firstSentence(d!)} [4]`);
  });

  it('says it found nothing when the prompt carries <no-sources/>', () => {
    expect(testEngineReply(user('Question? <no-sources/>'))).toBe(TEST_ENGINE_NOT_FOUND);
  });

  it('lists the first sentence of up to five paragraphs of a page', () => {
    const page = `<page title="Ars" url="https://arstechnica.com/">\n${arsParagraphs.join('\n\n')}\n</page>`;
    const reply = testEngineReply(user(`Summarize:\n${page}`));
    const lines = reply.split('\n');
    expect(lines).toHaveLength(Math.min(5, arsParagraphs.length));
    expect(lines[0]).toBe(`- ${firstSentence(arsParagraphs[0]!)}`);
    for (const line of lines) expect(line.startsWith('- ')).toBe(true);
  });

  it('works on the LAST user message only', () => {
    const messages = [
      { role: 'user' as const, content: '<<echo>>old<</echo>>' },
      { role: 'assistant' as const, content: 'old' },
      { role: 'user' as const, content: 'one two three' },
    ];
    expect(testEngineReply(messages)).toBe('Test engine reply to: one two three');
  });

  it('otherwise repeats the first 20 words', () => {
    const words = Array.from({ length: 30 }, (_, i) => `w${i}`);
    expect(testEngineReply(user(words.join(' ')))).toBe(`Test engine reply to: ${words.slice(0, 20).join(' ')}`);
  });
});

describe('TestEngine', () => {
  it('refuses a prompt longer than its context window', async () => {
    const engine = new TestEngine({ contextWindow: 50, tokenDelayMs: 0 });
    await expect(engine.chat({ messages: user(arsParagraphs.join(' ')) })).rejects.toThrow(ContextOverflowError);
  });

  it('embeds texts that share words closer than unrelated ones', async () => {
    const engine = new TestEngine();
    const [a, b, c] = await engine.embed(['WebGPU runs models in the browser', 'models run in the browser with WebGPU', 'a recipe for lemon cake']);
    const dot = (x: number[], y: number[]) => x.reduce((s, v, i) => s + v * y[i]!, 0);
    expect(dot(a!, b!)).toBeGreaterThan(dot(a!, c!));
  });
});
