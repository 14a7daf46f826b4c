import type { Conversation, ConversationDraft, ConversationSummary } from '@/lib/answer/conversation';
import { conversationTable, listConversations, renameConversation, saveConversation } from '@/lib/answer/conversation-store';
import { libraryDb } from './library-handlers';

/** Conversation storage of the background. */
export interface AnswersStore {
  list(): Promise<ConversationSummary[]>;
  get(id: number): Promise<Conversation | null>;
  save(draft: ConversationDraft): Promise<number>;
  rename(id: number, title: string): Promise<void>;
  remove(id: number): Promise<void>;
}

/** The conversation store: the `conversations` table of the library database. */
export function answersStore(): AnswersStore {
  const table = conversationTable(libraryDb());
  return {
    list: () => listConversations(table),
    get: async (id) => (await table.get(id)) ?? null,
    save: (draft) => saveConversation(table, draft),
    rename: (id, title) => renameConversation(table, id, title),
    remove: (id) => table.delete(id),
  };
}
