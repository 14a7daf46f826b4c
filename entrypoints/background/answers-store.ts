import type { Conversation, ConversationDraft, ConversationSummary } from '@/lib/answer/conversation';
import { GleanerError } from '@/lib/messaging/errors';

/** Conversation storage of the background. */
export interface AnswersStore {
  list(): Promise<ConversationSummary[]>;
  get(id: number): Promise<Conversation | null>;
  save(draft: ConversationDraft): Promise<number>;
  rename(id: number, title: string): Promise<void>;
  remove(id: number): Promise<void>;
}

// TODO(2026-11-23): the conversations table of the library database once the library lands.
/** The conversation store. */
export function answersStore(): AnswersStore {
  const unavailable = () => Promise.reject(new GleanerError('Saved conversations are not available yet.'));
  return { list: unavailable, get: unavailable, save: unavailable, rename: unavailable, remove: unavailable };
}
