import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { describe, expect, it } from 'vitest';
import { declareVersions, openLibraryDb } from '@/lib/library/db';
import { SCHEMA_VERSIONS } from '@/lib/library/schema';
import { conversationTable, listConversations, renameConversation, saveConversation } from '@/lib/answer/conversation-store';
import type { ConversationDraft } from '@/lib/answer/conversation';

const CONVERSATIONS_VERSION = SCHEMA_VERSIONS.find(([, stores]) => 'conversations' in stores)![0];

function draft(title: string, updatedAt: number): ConversationDraft {
  return { title, scope: { kind: 'library' }, createdAt: updatedAt, updatedAt, turns: [{ question: title, answer: 'An answer [1].', sources: [], askedAt: updatedAt }] };
}

describe('saved conversations in the library database', () => {
  it('adds the conversations table without losing the pages of the version before', async () => {
    const name = `conversations-migrate-${Math.random()}`;
    const old = new Dexie(name);
    declareVersions(old, CONVERSATIONS_VERSION - 1);
    await old.open();
    await old.table('pages').add({ url: 'https://example.com/a', site: 'example.com', title: 'A', visitedAt: 1 });
    old.close();

    const db = openLibraryDb({ name });
    await db.open();
    expect(db.verno).toBe(SCHEMA_VERSIONS.at(-1)![0]);
    expect(await db.pages.count()).toBe(1);
    expect(await conversationTable(db).count()).toBe(0);
    db.close();
  });

  it('saves, lists newest first, renames, updates and deletes', async () => {
    const db = openLibraryDb({ name: `conversations-${Math.random()}` });
    const table = conversationTable(db);
    const first = await saveConversation(table, draft('Who was Rollo?', 1000));
    const second = await saveConversation(table, draft('What is a steam engine?', 2000));
    expect((await listConversations(table)).map((item) => [item.id, item.title, item.turnCount])).toEqual([
      [second, 'What is a steam engine?', 1],
      [first, 'Who was Rollo?', 1],
    ]);
    await renameConversation(table, first, '  Normans   and Rollo ');
    expect((await table.get(first))!.title).toBe('Normans and Rollo');
    await expect(renameConversation(table, first, '   ')).rejects.toThrow('A conversation needs a name.');
    await expect(renameConversation(table, 9999, 'x')).rejects.toThrow('no longer exists');
    const updated = { ...(await table.get(second))!, updatedAt: 500 };
    await saveConversation(table, updated);
    expect((await listConversations(table)).map((item) => item.id)).toEqual([first, second]);
    await table.delete(first);
    expect((await listConversations(table)).map((item) => item.id)).toEqual([second]);
    db.close();
  });
});
