// @vitest-environment happy-dom
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { TokensView } from '@/components/tokens/TokensView';
import type { CounterClient } from '@/lib/tokens/worker-client';
import type { TokenizerCount } from '@/lib/tokens/count-service';
import { estimateTokens } from '@/lib/tokens/token-counter';

// The view over WXT's in-memory browser (real settings code) with a test double for the counter
// worker (Node has no module workers to run lib/tokens/worker.ts): "slowCounter" stands for a
// tokenizer still loading — it answers only when the test says so.
function slowCounter() {
  let answer: ((count: TokenizerCount) => void) | undefined;
  const client: CounterClient = {
    count(_text, _tokenizers, _template, _max, callbacks) {
      answer = (count) => callbacks.onResult?.(count);
      return () => (answer = undefined);
    },
    allIds: () => Promise.reject(new Error('not in this test')),
    dispose: () => {},
  };
  return { client, counting: () => answer !== undefined, arrive: (count: TokenizerCount) => answer!(count) };
}

let root: HTMLElement;
beforeEach(() => {
  fakeBrowser.reset();
  root = document.createElement('div');
  document.body.append(root);
});
afterEach(() => {
  render(null, root);
  document.body.innerHTML = '';
});

const TEXT = 'Gleaner counts tokens with each tokenizer, and shows an estimate at once while the tokenizers load. '.repeat(20);

describe('Tokens view before any tokenizer has loaded', () => {
  it('shows the estimate at once, said to be an estimate, then each exact count in its place', async () => {
    const counter = slowCounter();
    await act(() => render(<TokensView counter={counter.client} />, root));
    const box = await vi.waitFor(() => root.querySelector<HTMLTextAreaElement>('textarea.tok-text')!);
    await act(() => {
      box.value = TEXT;
      box.dispatchEvent(new Event('input', { bubbles: true }));
    });
    const label = `≈ ${estimateTokens(TEXT).toLocaleString()} (estimate, exact count loading…)`;
    const card = (spec: string) => root.querySelector(`[data-tokenizer="${spec}"]`);
    // No tokenizer has counted: every card shows the estimate in words, no exact count.
    await vi.waitFor(() => expect(card('gpt-4o')?.querySelector('[data-testid="token-estimate"]')?.textContent).toBe(label), { timeout: 10_000 });
    expect(root.querySelectorAll('[data-testid="token-count"]')).toHaveLength(0);
    // The fit bars too, each marked as an estimate.
    const fits = [...root.querySelectorAll('.tok-fit')];
    expect(fits.length).toBeGreaterThan(0);
    for (const fit of fits) expect(fit.textContent).toContain('≈ estimate, exact count loading…');
    // GPT-4o's exact count arrives (the count starts after the typing pause): its card and the bars show it; the others keep the estimate.
    await vi.waitFor(() => expect(counter.counting()).toBe(true));
    await act(() => counter.arrive({ tokenizer: 'gpt-4o', tokens: 1234, chars: TEXT.length, words: 300, segments: [], chunked: false, ms: 5, freshLoad: true }));
    await vi.waitFor(() => expect(card('gpt-4o')?.querySelector('[data-testid="token-count"]')?.textContent).toBe((1234).toLocaleString()));
    expect(card('gpt-4o')?.querySelector('[data-testid="token-estimate"]')).toBeNull();
    expect(card('llama-3')?.querySelector('[data-testid="token-estimate"]')?.textContent).toBe(label);
    for (const fit of root.querySelectorAll('.tok-fit')) expect(fit.textContent).not.toContain('estimate');
  });
});
