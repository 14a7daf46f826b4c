// @vitest-environment happy-dom
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SETTINGS_KEY, DEFAULT_SETTINGS } from '@/lib/settings';
import { pendingSummaryItem } from '@/lib/messaging/stored';
import type { Conversation } from '@/lib/answer/conversation';

// The view's neighbours, as test doubles: the background (its replies) and the summarizer
// (which would load a model). What is under test is the view's own wiring.
const started = vi.fn();
let pending: { tabId: number } | null = null;
let saved: Conversation | null = null;
/** The window this panel is in (WXT's fake browser has no current window). */
const THIS_WINDOW = 4;
vi.mock('@/lib/messaging/client', () => ({
  sendToBackground: vi.fn(async (type: string, data: unknown) => {
    if (type === 'answers.listConversations')
      return saved ? [{ id: saved.id, title: saved.title, createdAt: saved.createdAt, updatedAt: saved.updatedAt, turnCount: saved.turns.length }] : [];
    if (type === 'answers.getConversation') return saved;
    if (type === 'answers.takePendingSummary') {
      // The background hands a request only to the window it was left for.
      if ((data as { windowId: number }).windowId !== THIS_WINDOW) return null;
      const taken = pending;
      pending = null;
      return taken;
    }
    throw new Error(`unexpected request ${type}`);
  }),
}));
vi.mock('@/components/chat/use-summary', () => ({
  useSummary: () => ({ state: { phase: 'idle', text: '' }, start: started, stop: () => undefined, follow: () => undefined }),
}));
vi.mock('@/components/chat/ModelStatus', () => ({ ModelStatus: () => null }));

const { ChatView } = await import('@/components/chat/ChatView');

const settle = () => act(() => new Promise((resolve) => setTimeout(resolve, 20)));
/** Waits (generously: the machine may be busy) until `started` has been called. */
const startedWith = (...args: unknown[]) => vi.waitFor(() => expect(started).toHaveBeenCalledWith(...args, { choice: undefined }), { timeout: 10_000 });

let root: HTMLElement;
beforeEach(() => {
  fakeBrowser.reset();
  vi.spyOn(fakeBrowser.windows, 'getCurrent').mockResolvedValue({ id: THIS_WINDOW, focused: true, incognito: false, alwaysOnTop: false } as never);
  started.mockClear();
  pending = null;
  saved = null;
  root = document.createElement('div');
  document.body.append(root);
});
afterEach(() => {
  render(null, root);
  document.body.innerHTML = '';
});

async function leavePendingSummary(tabId: number, windowId = THIS_WINDOW) {
  pending = { tabId };
  await pendingSummaryItem.setValue({ [windowId]: { tabId, at: Date.now() } });
  await settle();
}

describe('<ChatView> "Summarize this page" requests', () => {
  it('use the stored default style and length, which load after the view first renders', async () => {
    await fakeBrowser.storage.local.set({ [SETTINGS_KEY]: { ...DEFAULT_SETTINGS, answers: { ...DEFAULT_SETTINGS.answers, style: 'detailed', length: 'long' } } });
    render(<ChatView />, root);
    await settle();
    await leavePendingSummary(7);
    await startedWith(7, 'detailed', 'long');
  });

  it('use the style picked in the view', async () => {
    render(<ChatView />, root);
    await settle();
    const [style] = root.querySelectorAll<HTMLSelectElement>('.summary-controls select');
    await act(() => {
      style!.value = 'tldr';
      style!.dispatchEvent(new Event('change', { bubbles: true }));
    });
    await leavePendingSummary(8);
    await startedWith(8, 'tldr', DEFAULT_SETTINGS.answers.length);
  });
});

describe('<ChatView> a request left before the panel opened', () => {
  it('is taken once, with the stored defaults', async () => {
    await fakeBrowser.storage.local.set({ [SETTINGS_KEY]: { ...DEFAULT_SETTINGS, answers: { ...DEFAULT_SETTINGS.answers, style: 'tldr', length: 'short' } } });
    pending = { tabId: 3 };
    await pendingSummaryItem.setValue({ [THIS_WINDOW]: { tabId: 3, at: Date.now() } });
    render(<ChatView />, root);
    await settle();
    await startedWith(3, 'tldr', 'short');
    await settle();
    expect(started).toHaveBeenCalledTimes(1);
  });
});

describe('<ChatView> a request left in another window', () => {
  it('is left for that window’s panel', async () => {
    render(<ChatView />, root);
    await settle();
    await leavePendingSummary(9, THIS_WINDOW + 1);
    await settle();
    expect(started).not.toHaveBeenCalled();
    expect(pending).toEqual({ tabId: 9 });
  });
});

describe('<ChatView> a turn an error cut off midway', () => {
  it('keeps what was written, says it is incomplete, and words the error as "Not finished" with its next step', async () => {
    const error = 'The CPU engine crashed in the middle of the reply: llama.cpp ran out of memory. Choose a smaller model or a shorter context, then press Retry.';
    saved = {
      id: 1,
      title: 'A crash',
      scope: { kind: 'library' },
      createdAt: 1,
      updatedAt: 2,
      turns: [
        { question: 'What changed?', answer: 'Half an answer', sources: [], askedAt: 1, finish: 'error', error, errorAction: 'open-models' },
        { question: 'And then?', answer: '', sources: [], askedAt: 2, finish: 'error', error: 'The server could not be reached.' },
      ],
    };
    render(<ChatView />, root);
    await settle();
    const open = [...root.querySelectorAll('button')].find((button) => button.textContent === 'A crash')!;
    await act(() => open.click());
    await vi.waitFor(() => expect(root.querySelectorAll('[data-testid="turn-error"]')).toHaveLength(2), { timeout: 10_000 });
    const [cut, unanswered] = [...root.querySelectorAll('article.turn')];
    expect(cut!.querySelector('[data-testid="answer"]')!.textContent).toBe('Half an answer');
    expect(cut!.querySelector('[data-testid="answer-failed-midway"]')!.textContent).toBe('Cut off: this answer is incomplete, it stopped midway because of an error.');
    expect(cut!.querySelector('[data-testid="turn-error"] .error')!.textContent).toBe(`Not finished: ${error}`);
    expect(cut!.querySelector('[data-testid="turn-error"] [data-action="open-models"]')!.textContent).toBe('Open Models');
    // Nothing was written: not answered, and no "cut off" note.
    expect(unanswered!.querySelector('[data-testid="answer-failed-midway"]')).toBeNull();
    expect(unanswered!.querySelector('[data-testid="turn-error"] .error')!.textContent).toBe('Not answered: The server could not be reached.');
  });
});
