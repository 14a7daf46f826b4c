// @vitest-environment happy-dom
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SETTINGS_KEY, DEFAULT_SETTINGS } from '@/lib/settings';
import { pendingSummaryItem } from '@/lib/messaging/stored';

// The view's neighbours, as test doubles: the background (its replies) and the summarizer
// (which would load a model). What is under test is the view's own wiring.
const started = vi.fn();
let pending: { tabId: number } | null = null;
vi.mock('@/lib/messaging/client', () => ({
  sendToBackground: vi.fn(async (type: string) => {
    if (type === 'answers.listConversations') return [];
    if (type === 'answers.takePendingSummary') {
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
  started.mockClear();
  pending = null;
  root = document.createElement('div');
  document.body.append(root);
});
afterEach(() => {
  render(null, root);
  document.body.innerHTML = '';
});

async function leavePendingSummary(tabId: number) {
  pending = { tabId };
  await pendingSummaryItem.setValue({ tabId, at: Date.now() });
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
    await pendingSummaryItem.setValue({ tabId: 3, at: Date.now() });
    render(<ChatView />, root);
    await settle();
    await startedWith(3, 'tldr', 'short');
    await settle();
    expect(started).toHaveBeenCalledTimes(1);
  });
});
