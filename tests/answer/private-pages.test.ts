import { describe, expect, it } from 'vitest';
import { isPrivateConversation, rememberPrivatePage, type PrivatePageArea } from '@/lib/answer/private-pages';
import type { ConversationDraft } from '@/lib/answer/conversation';

/** storage.session's semantics over a Map (the real area only exists in the browser; tests/e2e/security.e2e.ts uses it). */
function memorySession(): PrivatePageArea {
  const data = new Map<string, unknown>();
  return {
    get: async (key) => (data.has(key) ? { [key]: data.get(key) } : {}),
    set: async (items) => void Object.entries(items).forEach(([k, v]) => data.set(k, v)),
  };
}

const draft = (scope: ConversationDraft['scope'], sourceUrls: string[] = []): ConversationDraft => ({
  title: 'Q',
  scope,
  createdAt: 1,
  updatedAt: 1,
  turns: [{ question: 'Q', answer: 'A', askedAt: 1, sources: sourceUrls.map((url, i) => ({ id: i + 1, title: 'T', url, passage: 'p' })) }],
});

describe('conversations about private tabs (issue 11 item 6)', () => {
  it('are recognised by their page, their selection or any of their sources, fragments aside', async () => {
    const session = memorySession();
    await rememberPrivatePage(session, ['https://bank.example/statement#top', undefined]);
    expect(await isPrivateConversation(session, draft({ kind: 'page', url: 'https://bank.example/statement' }))).toBe(true);
    expect(await isPrivateConversation(session, draft({ kind: 'selection', url: 'https://bank.example/statement#x' }))).toBe(true);
    expect(await isPrivateConversation(session, draft({ kind: 'library' }, ['https://news.example/a', 'https://bank.example/statement']))).toBe(true);
    expect(await isPrivateConversation(session, draft({ kind: 'tabs', urls: ['https://news.example/a', 'https://bank.example/statement'] }))).toBe(true);
  });

  it('leave ordinary conversations alone', async () => {
    const session = memorySession();
    await rememberPrivatePage(session, ['https://bank.example/statement']);
    expect(await isPrivateConversation(session, draft({ kind: 'page', url: 'https://news.example/a' }, ['https://news.example/a']))).toBe(false);
    expect(await isPrivateConversation(session, draft({ kind: 'library' }))).toBe(false);
  });
});
