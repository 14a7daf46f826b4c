import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { openLibraryDb } from '@/lib/library/db';
import { conversationTable, listConversations, saveConversation } from '@/lib/answer/conversation-store';
import { HEARTBEAT_MS, interruptedNote, seenState, summaryConversation, type TabSummary } from '@/lib/answer/tab-summary';

const page = { title: 'New Zealand', url: 'https://en.wikipedia.org/wiki/New_Zealand' };

function kept(state: Partial<TabSummary['state']>, extra: Partial<TabSummary> = {}): TabSummary {
  return {
    tabId: 4,
    style: 'key-points',
    length: 'medium',
    runner: 'popup',
    startedAt: 1_000,
    updatedAt: 10_000,
    state: { phase: 'done', text: '- A summary.', page, ...state },
    ...extra,
  };
}

describe('a summary kept for its tab', () => {
  it('is shown as it was while its view keeps writing, and as interrupted once the view stopped writing (the popup closed)', () => {
    const running = kept({ phase: 'summarizing', part: 2, parts: 7, text: '' });
    expect(seenState(running, 10_000 + HEARTBEAT_MS)).toBe(running.state);
    const seen = seenState(running, 10_000 + 10 * HEARTBEAT_MS);
    expect(seen).toMatchObject({ phase: 'stopped', interrupted: 'popup', part: 2, parts: 7 });
    expect(interruptedNote(seen.interrupted!)).toBe('The popup was closed before this summary was finished; what it had written is kept.');
    // A finished summary is never "interrupted", however old.
    expect(seenState(kept({ phase: 'done' }), 10_000_000).phase).toBe('done');
  });
});

describe('a summary saved with the conversations (one store)', () => {
  it('is saved as a conversation about the page, listed, and replaced in place when regenerated', async () => {
    const table = conversationTable(openLibraryDb({ name: `tab-summary-${Math.random()}` }));
    const draft = summaryConversation(kept({ coverage: { usedChars: 10, totalChars: 10, fraction: 1 }, parts: 3 }), 20_000)!;
    expect(draft).toMatchObject({
      title: 'Summary: New Zealand',
      scope: { kind: 'page', url: page.url, title: page.title },
      turns: [{ question: 'Summarize this page (Key points, Medium)', answer: '- A summary.', finish: 'stop', summary: true }],
    });
    const id = await saveConversation(table, draft);
    const again = summaryConversation(kept({ text: '- Another summary.' }, { conversationId: id }), 30_000)!;
    expect(await saveConversation(table, again)).toBe(id);
    expect((await listConversations(table)).map((item) => item.title)).toEqual(['Summary: New Zealand']);
    expect((await table.get(id))!.turns[0]!.answer).toBe('- Another summary.');
  });

  it('keeps a stopped summary with what it holds in words', () => {
    const draft = summaryConversation(
      kept({ phase: 'stopped', stopped: 'notes', partsRead: 2, parts: 7, text: '**Notes on part 1 of 7**\n\n- One.', coverage: { usedChars: 30, totalChars: 100, fraction: 0.3 } }),
      20_000,
    )!;
    expect(draft.turns[0]).toMatchObject({
      finish: 'abort',
      leftOut: ['Stopped after 2 of 7 parts: these are the notes on the parts read (30% of the page), not a summary of the whole page.'],
    });
  });

  it('keeps nothing when nothing was written', () => {
    expect(summaryConversation(kept({ phase: 'error', text: '', error: { name: 'Error', message: 'No model.' } }), 1)).toBeNull();
  });
});
