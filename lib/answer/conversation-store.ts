/**
 * Saved conversations in the library database (a `conversations` table).
 * The functions take the table so they run on fake-indexeddb in tests.
 */
import type { Dexie, Table } from 'dexie';
import type { Conversation, ConversationDraft, ConversationSummary } from './conversation';

/** The table conversations live in: keyed by id, indexed by update time. */
export type ConversationTable = Table<Conversation, number>;

/** Longest title kept. */
const MAX_TITLE = 200;

/** Saved conversations, newest first, without their turns. */
export async function listConversations(table: ConversationTable): Promise<ConversationSummary[]> {
  const rows = await table.orderBy('updatedAt').reverse().toArray();
  return rows.map(({ id, title, createdAt, updatedAt, turns }) => ({ id, title, createdAt, updatedAt, turnCount: turns.length }));
}

/** Creates or replaces a conversation; returns its id. */
export async function saveConversation(table: ConversationTable, draft: ConversationDraft): Promise<number> {
  const title = draft.title.trim().slice(0, MAX_TITLE) || 'Conversation';
  if (draft.id === undefined) {
    const { id: _omit, ...rest } = draft;
    return (await table.add({ ...rest, title } as Conversation)) as number;
  }
  await table.put({ ...draft, id: draft.id, title });
  return draft.id;
}

/** Renames a conversation; a blank title is refused. */
export async function renameConversation(table: ConversationTable, id: number, title: string): Promise<void> {
  const clean = title.replace(/\s+/g, ' ').trim().slice(0, MAX_TITLE);
  if (!clean) throw new RangeError('A conversation needs a name.');
  const changed = await table.update(id, { title: clean, updatedAt: Date.now() });
  if (changed === 0) throw new RangeError('This conversation no longer exists.');
}

/** The conversations table of an open library database. */
export function conversationTable(db: Dexie): ConversationTable {
  return db.table<Conversation, number>('conversations');
}
